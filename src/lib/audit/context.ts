// What every area's lookups share while an audit runs: the domain, the lookup journal, the mutable
// area states the report is built from, and the "something changed" signal that pushes a snapshot.

import type { DnsResponse, RRType } from '../dns/model.ts';
import type { Journal } from './journal.ts';
import type {
  AuditLookup,
  BimiArea,
  DkimArea,
  DmarcArea,
  FetchFunction,
  MtaStsArea,
  MxArea,
  SpfArea,
  TlsRptArea,
  ZoneArea,
} from './model.ts';

export interface AuditState {
  mx: MxArea;
  spf: SpfArea;
  dmarc: DmarcArea;
  dkim: DkimArea;
  mtaSts: MtaStsArea;
  tlsRpt: TlsRptArea;
  bimi: BimiArea;
  zone: ZoneArea;
  fetches: number;
}

export interface AuditContext {
  domain: string;
  subdomain?: string;
  selectors: ReadonlyArray<{ selector: string; source: 'user' | 'common' }>;
  state: AuditState;
  journal: Journal;
  signal?: AbortSignal;
  fetch: FetchFunction | null;
  policyTimeoutMs: number;
  /** Call after changing `state` outside a lookup (a key inspected, a policy fetched). */
  changed(): void;
}

/** Asks a question for an area: the lookup is listed on the area at once (loading), then answered. */
export async function areaLookup(
  ctx: AuditContext,
  list: AuditLookup[],
  name: string,
  type: RRType,
  parentRound: number,
): Promise<{ entry: AuditLookup; response: DnsResponse }> {
  const answer = ctx.journal.lookup(name, type, parentRound);
  const entry = ctx.journal.find(name, type);
  if (entry && !list.includes(entry)) list.push(entry);
  const result = await answer;
  if (!list.includes(result.entry)) list.push(result.entry);
  return result;
}

export function initialState(domain: string, subdomain: string | undefined): AuditState {
  const txtArea = () => ({ status: 'loading' as const, lookups: [], records: [], diagnostics: [] });
  const state: AuditState = {
    mx: {
      status: 'loading',
      lookups: [],
      records: [],
      hosts: [],
      nullMx: false,
      providers: [],
      emailRouting: false,
      hostAliases: [],
    },
    spf: {
      status: 'loading',
      lookups: [],
      records: [],
      otherTxt: [],
      diagnostics: [],
      treeStatus: 'idle',
      includes: [],
    },
    dmarc: {
      status: 'loading',
      lookups: [],
      records: [],
      otherTxt: [],
      cnameAndTxt: false,
      discovery: { domain, status: 'loading', diagnostics: [] },
      destinations: [],
    },
    dkim: { status: 'loading', lookups: [], selectors: [] },
    mtaSts: {
      ...txtArea(),
      policy: { status: 'idle', url: `https://mta-sts.${domain}/.well-known/mta-sts.txt`, diagnostics: [] },
    },
    tlsRpt: txtArea(),
    bimi: txtArea(),
    zone: { status: 'loading', lookups: [], ns: [], dnskeys: [], authenticated: false },
    fetches: 0,
  };
  if (subdomain) state.dmarc.subdomain = { domain: subdomain, status: 'loading', diagnostics: [] };
  return state;
}
