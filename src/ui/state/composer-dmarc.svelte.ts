// The DMARC builder's inputs (#/build/dmarc) and what the library makes of them; every input
// lives in the URL and in localStorage.

import {
  buildDmarc,
  DMARC_FAILURE_OPTIONS,
  DMARC_POLICIES,
  parseDmarc,
  type DmarcBuilderInput,
  type DmarcBuilt,
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

export const DMARC_PATH = '/build/dmarc';
const STORAGE_KEY = 'dmarc';

type Policy = DmarcBuilderInput['p'];
type Alignment = NonNullable<DmarcBuilderInput['adkim']>;
type FailureOption = NonNullable<DmarcBuilderInput['fo']>[number];

export const POLICIES: readonly Policy[] = DMARC_POLICIES;
const ALIGNMENTS: readonly Alignment[] = ['r', 's'];
export const FAILURE_OPTIONS: readonly FailureOption[] = DMARC_FAILURE_OPTIONS;

/** What importing a pasted record did; `dropped` names tags the builder does not write. */
export type DmarcImportOutcome = { kind: 'filled'; dropped: string[] } | { kind: 'invalid' };

export class DmarcForm {
  domain = $state('');
  p = $state<Policy>('none');
  /** '' = not written: subdomains inherit p (RFC 9989 §4.7). */
  sp = $state<Policy | ''>('');
  /** '' = not written: non-existent subdomains inherit sp. */
  np = $state<Policy | ''>('');
  adkim = $state<Alignment>('r');
  aspf = $state<Alignment>('r');
  rua = $state<string[]>([]);
  ruf = $state<string[]>([]);
  fo = $state<FailureOption[]>([]);
  t = $state(false);

  input = $derived<DmarcBuilderInput>({
    ...(this.domain.trim() !== '' && { domain: this.domain }),
    p: this.p,
    ...(this.sp !== '' && { sp: this.sp }),
    ...(this.np !== '' && { np: this.np }),
    adkim: this.adkim,
    aspf: this.aspf,
    rua: this.rua,
    ruf: this.ruf,
    fo: this.fo,
    t: this.t,
  });

  result = $derived<DmarcBuilt>(buildDmarc(this.input));

  constructor(query: URLSearchParams = restoreQuery(STORAGE_KEY)) {
    this.domain = query.get('d') ?? '';
    this.p = getChoice(query, 'p', POLICIES, 'none');
    this.sp = getChoice(query, 'sp', ['', ...POLICIES], '');
    this.np = getChoice(query, 'np', ['', ...POLICIES], '');
    this.adkim = getChoice(query, 'adkim', ALIGNMENTS, 'r');
    this.aspf = getChoice(query, 'aspf', ALIGNMENTS, 'r');
    this.rua = getList(query, 'rua');
    this.ruf = getList(query, 'ruf');
    this.fo = getList(query, 'fo').filter((v): v is FailureOption =>
      (FAILURE_OPTIONS as readonly string[]).includes(v),
    );
    this.t = getFlag(query, 't');
    persistWhileMounted(this);
  }

  /** The builder's URL state (keep in sync with src/lib/reports/next-record.ts, which writes this
   *  query to open the builder prefilled from the reports page). */
  toQuery(): URLSearchParams {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const q = new URLSearchParams();
    setText(q, 'd', this.domain);
    q.set('p', this.p);
    setText(q, 'sp', this.sp);
    setText(q, 'np', this.np);
    if (this.adkim !== 'r') q.set('adkim', this.adkim);
    if (this.aspf !== 'r') q.set('aspf', this.aspf);
    setList(q, 'rua', this.rua);
    setList(q, 'ruf', this.ruf);
    setList(q, 'fo', this.fo);
    setFlag(q, 't', this.t);
    return q;
  }

  persist(): void {
    persistQuery(STORAGE_KEY, DMARC_PATH, this.toQuery());
  }

  /** Fills the form from an existing record, parsed by the library. */
  importRecord(text: string): DmarcImportOutcome {
    const { record } = parseDmarc(text.trim());
    if (!record) return { kind: 'invalid' };
    // pct, rf and ri were removed by RFC 9989; psd is for public suffix operators; unknown and
    // invalid tags are ignored by receivers. The builder writes none of them.
    const dropped = [
      ...(record.pct !== undefined ? [`pct=${record.pct}`] : []),
      ...(record.rf !== undefined ? [`rf=${record.rf}`] : []),
      ...(record.ri !== undefined ? [`ri=${record.ri}`] : []),
      ...(record.psd !== undefined ? [`psd=${record.psd}`] : []),
      ...(record.unknown ?? []).map((tag) => `${tag.name}=${tag.value}`),
      ...(record.invalid ?? []).map((tag) => `${tag.name}=${tag.value}`),
    ];
    this.p = record.p ?? 'none';
    this.sp = record.sp ?? '';
    this.np = record.np ?? '';
    this.adkim = record.adkim ?? 'r';
    this.aspf = record.aspf ?? 'r';
    this.rua = (record.rua ?? []).map((u) => u.uri);
    this.ruf = (record.ruf ?? []).map((u) => u.uri);
    this.fo = record.fo ?? [];
    this.t = record.t === 'y';
    return { kind: 'filled', dropped };
  }
}
