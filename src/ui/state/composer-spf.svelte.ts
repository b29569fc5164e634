// The SPF builder's inputs (#/build/spf) and what the library makes of them. New record or merge
// with the domain's current SPF; every input lives in the URL and in localStorage.

import {
  PROVIDERS,
  analyzeSpf,
  buildSpf,
  mergeSpf,
  parseSpf,
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

/** A domain-spec without macros as plain text; null when it has macros (RFC 7208 §7). */
function literalDomain(parts: ReadonlyArray<{ kind: string; text?: string }>): string | null {
  return parts.every((p) => p.kind === 'literal') ? parts.map((p) => p.text).join('') : null;
}

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
    const trimmed = text.trim();
    const { record } = parseSpf(trimmed);
    if (!record) return { kind: 'invalid' };
    const providers: string[] = [];
    const includes: string[] = [];
    const ip4: string[] = [];
    const ip6: string[] = [];
    let a = false;
    let mx = false;
    let all: SpfQualifier | undefined;
    const kept: string[] = [];
    for (const term of record.terms) {
      const written = term.span ? trimmed.slice(term.span.start, term.span.end) : term.kind;
      const plain = !('qualifier' in term) || term.qualifier === undefined || term.qualifier === '+';
      if (term.kind === 'all') {
        all = term.qualifier ?? '+';
      } else if (term.kind === 'include' && plain && literalDomain(term.domain) !== null) {
        const domain = literalDomain(term.domain)!.toLowerCase().replace(/\.$/, '');
        const provider = PROVIDERS.find((p) => p.spfInclude === domain);
        if (provider && !providers.includes(provider.id)) providers.push(provider.id);
        else includes.push(domain);
      } else if ((term.kind === 'ip4' || term.kind === 'ip6') && plain) {
        (term.kind === 'ip4' ? ip4 : ip6).push(
          term.prefix === undefined ? term.address : `${term.address}/${term.prefix}`,
        );
      } else if (
        (term.kind === 'a' || term.kind === 'mx') &&
        plain &&
        term.domain === undefined &&
        term.ip4Prefix === undefined &&
        term.ip6Prefix === undefined
      ) {
        if (term.kind === 'a') a = true;
        else mx = true;
      } else {
        kept.push(written);
      }
    }
    if (kept.length > 0) {
      this.reset();
      this.mode = 'merge';
      this.all = '';
      this.existing = trimmed;
      return { kind: 'merge', kept };
    }
    this.mode = 'new';
    this.providers = providers;
    this.includes = includes;
    this.ip4 = ip4;
    this.ip6 = ip6;
    this.a = a;
    this.mx = mx;
    // RFC 7208 §4.7: no `all` and no redirect ends in neutral, which `?all` says explicitly.
    this.all = all ?? '?';
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
    // A resolver never rejects for DNS outcomes (DESIGN.md); anything thrown is the platform.
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
  const spf = response.answers
    .filter((a) => a.type === 'TXT')
    .map((a) => (Array.isArray(a.data) ? a.data.join('') : String(a.data)))
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

/** The include targets written in a record (without macros), lower case. */
function includeTargets(record: string): string[] {
  const parsed = parseSpf(record).record;
  if (!parsed) return [];
  const out: string[] = [];
  for (const term of parsed.terms) {
    if (term.kind !== 'include') continue;
    const domain = literalDomain(term.domain);
    if (domain !== null) out.push(domain.toLowerCase().replace(/\.$/, ''));
  }
  return [...new Set(out)];
}

/**
 * Measures what each include of the current draft costs (RFC 7208 §4.6.4) with the SPF tree
 * analysis, so the lookup count no longer rests on provider data alone. An include whose tree
 * could not be read completely (DNS failure, macros, no record) keeps its data cost, if any.
 */
export async function measureIncludeCosts(form: SpfForm, resolver: Resolver): Promise<SpfMeasureState> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return { kind: 'offline' };
  const targets = includeTargets(form.result.draft);
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
