// The SPF builder's inputs (#/build/spf) and what the library makes of them. New record or merge
// with the domain's current SPF; every input lives in the URL and in localStorage.

import {
  PROVIDERS,
  analyzeSpf,
  buildSpf,
  importSpfRecord,
  mergeSpf,
  parseSpf,
  spfIncludeTargets,
  txtRecords,
  type SpfBuilderInput,
  type SpfBuilt,
  type SpfMerged,
  type SpfQualifier,
  type Diagnostic,
  type DnsResponse,
  type Resolver,
} from '../../lib/index.ts';
import {
  getChoice,
  getFlag,
  getList,
  persistQuery,
  persistWhileMounted,
  restoreQuery,
  setFlag,
  setList,
  setText,
} from './composer-persist.svelte.ts';

export const SPF_PATH = '/build/spf';
const STORAGE_KEY = 'spf';

export type SpfMode = 'new' | 'merge';
/** '' in merge mode: keep the qualifier of the record being merged. */
export type SpfAllChoice = SpfQualifier | '';

const QUALIFIER_CHOICES: readonly SpfAllChoice[] = ['-', '~', '?', '+', ''];

/** What importing a pasted record did. */
export type SpfImportOutcome =
  | { kind: 'filled' }
  /** Terms the form has no field for: the record went into merge mode, which keeps them. */
  | { kind: 'merge'; kept: string[] }
  | { kind: 'invalid' };

export class SpfForm {
  mode = $state<SpfMode>('new');
  domain = $state('');
  providers = $state<string[]>([]);
  includes = $state<string[]>([]);
  ip4 = $state<string[]>([]);
  ip6 = $state<string[]>([]);
  a = $state(false);
  mx = $state(false);
  all = $state<SpfAllChoice>('~');
  /** Merge mode: the current record(s), fetched from DNS or pasted. */
  existing = $state('');
  /** Nested lookups per include domain, measured online by the SPF tree analysis (not stored). */
  lookupCosts = $state<Record<string, number>>({});

  input = $derived<SpfBuilderInput>({
    ...(this.domain.trim() !== '' && { domain: this.domain }),
    providers: this.providers,
    includes: this.includes,
    ip4: this.ip4,
    ip6: this.ip6,
    a: this.a,
    mx: this.mx,
    ...(this.all !== '' && { all: this.all }),
    lookupCosts: this.lookupCosts,
  });

  result = $derived<SpfBuilt | SpfMerged>(
    this.mode === 'merge' ? mergeSpf(this.existing, this.input) : buildSpf(this.input),
  );

  constructor(query: URLSearchParams = restoreQuery(STORAGE_KEY)) {
    this.mode = getChoice(query, 'mode', ['new', 'merge'] as const, 'new');
    this.domain = query.get('d') ?? '';
    this.providers = getList(query, 'p').filter((id) => PROVIDERS.some((p) => p.id === id));
    this.includes = getList(query, 'inc');
    this.ip4 = getList(query, 'ip4');
    this.ip6 = getList(query, 'ip6');
    this.a = getFlag(query, 'a');
    this.mx = getFlag(query, 'mx');
    this.all = getChoice(query, 'all', QUALIFIER_CHOICES, this.mode === 'merge' ? '' : '~');
    if (this.mode === 'new' && this.all === '') this.all = '~';
    this.existing = query.get('cur') ?? '';
    persistWhileMounted(this);
  }

  toQuery(): URLSearchParams {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const q = new URLSearchParams();
    if (this.mode === 'merge') q.set('mode', 'merge');
    setText(q, 'd', this.domain);
    setList(q, 'p', this.providers);
    setList(q, 'inc', this.includes);
    setList(q, 'ip4', this.ip4);
    setList(q, 'ip6', this.ip6);
    setFlag(q, 'a', this.a);
    setFlag(q, 'mx', this.mx);
    q.set('all', this.all);
    if (this.mode === 'merge') setText(q, 'cur', this.existing);
    return q;
  }

  /** Call from an effect: reading every input makes the effect re-run on each change. */
  persist(): void {
    persistQuery(STORAGE_KEY, SPF_PATH, this.toQuery());
  }

  setMode(mode: SpfMode): void {
    this.mode = mode;
    // Merge starts by keeping the current record's `all`; a new record needs an explicit one.
    if (mode === 'merge' && this.all === '~') this.all = '';
    if (mode === 'new' && this.all === '') this.all = '~';
  }

  reset(): void {
    this.mode = 'new';
    this.providers = [];
    this.includes = [];
    this.ip4 = [];
    this.ip6 = [];
    this.a = false;
    this.mx = false;
    this.all = '~';
    this.existing = '';
    this.lookupCosts = {};
  }

  /**
   * Fills the form from an existing record (parsed by the library). Terms the form has no field
   * for (ptr, exists, redirect, exp, macros, qualified includes, a/mx with a domain or prefix)
   * would be lost, so such a record goes to merge mode instead, which keeps every term.
   */
  importRecord(text: string): SpfImportOutcome {
    const imported = importSpfRecord(text);
    if (imported.kind === 'invalid') return imported;
    if (imported.kind === 'merge') {
      this.reset();
      this.mode = 'merge';
      this.all = '';
      this.existing = imported.record;
      return { kind: 'merge', kept: imported.kept };
    }
    const f = imported.fields;
    this.mode = 'new';
    this.providers = f.providers;
    this.includes = f.includes;
    this.ip4 = f.ip4;
    this.ip6 = f.ip6;
    this.a = f.a;
    this.mx = f.mx;
    this.all = f.all;
    this.existing = '';
    return { kind: 'filled' };
  }
}

/** What fetching the domain's current SPF found. */
export type SpfFetchState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'found'; count: number; resolver: string }
  | { kind: 'none'; resolver: string }
  /** The browser says it is offline: lookups need the network. */
  | { kind: 'offline' }
  /** The request never got an answer (network down, resolver blocked or refusing CORS). */
  | { kind: 'unreachable'; resolver: string; problem?: Diagnostic }
  | { kind: 'dns-error'; status: string; resolver: string; problem?: Diagnostic };

/**
 * Asks `resolver` for the TXT records at `domain` and puts the `v=spf1` ones (strings joined
 * without a separator, RFC 7208 §3.3) into the merge form, one per line.
 */
export async function fetchCurrentSpf(
  form: SpfForm,
  domain: string,
  resolver: Resolver,
): Promise<SpfFetchState> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return { kind: 'offline' };
  let response: DnsResponse;
  try {
    response = await resolver.resolve(domain, 'TXT');
  } catch {
    // A resolver never rejects for DNS outcomes (docs/public-api.md); anything thrown is the platform.
    return { kind: 'unreachable', resolver: '' };
  }
  if (response.status === 'NXDOMAIN') return { kind: 'none', resolver: response.resolver };
  if (response.status !== 'NOERROR') {
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return { kind: 'offline' };
    if (response.problem?.code === 'dns/cors-or-network') {
      return { kind: 'unreachable', resolver: response.resolver, problem: response.problem };
    }
    return {
      kind: 'dns-error',
      status: response.status,
      resolver: response.resolver,
      problem: response.problem,
    };
  }
  const spf = txtRecords(response)
    .map((t) => t.text)
    .filter((text) => parseSpf(text).record !== null);
  if (spf.length === 0) return { kind: 'none', resolver: response.resolver };
  form.existing = spf.join('\n');
  return { kind: 'found', count: spf.length, resolver: response.resolver };
}

/** What measuring the includes' lookup costs online found. */
export type SpfMeasureState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'done'; measured: number; incomplete: string[] }
  | { kind: 'offline' };

/**
 * Measures what each include of the current draft costs (RFC 7208 §4.6.4) with the SPF tree
 * analysis, so the lookup count no longer rests on provider data alone. An include whose tree
 * could not be read completely (DNS failure, macros, no record) keeps its data cost, if any.
 */
export async function measureIncludeCosts(form: SpfForm, resolver: Resolver): Promise<SpfMeasureState> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return { kind: 'offline' };
  const targets = spfIncludeTargets(form.result.draft);
  const trees = await Promise.all(targets.map((t) => analyzeSpf(t, resolver)));
  const costs: Record<string, number> = {};
  const incomplete: string[] = [];
  trees.forEach((tree, i) => {
    if (tree.complete && tree.root.status === 'ok') costs[targets[i]] = tree.lookups;
    else incomplete.push(targets[i]);
  });
  form.lookupCosts = costs;
  return { kind: 'done', measured: Object.keys(costs).length, incomplete };
}
