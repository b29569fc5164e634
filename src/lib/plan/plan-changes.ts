// The change list between the live zone and a plan (docs/public-api.md "Planned records"): what to add, change,
// delete or keep so the zone becomes the plan — the rows a user applies in the DNS host's form — and
// the problems the plan would cause once published.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import { isTemporaryFailure, txtText } from '../dns/answer.ts';
import type { DnsRecord, DnsStatus, Resolver, RRType } from '../dns/model.ts';
import type { RecordSuggestion } from '../export/model.ts';
import { resolveSafely } from '../dns/answer.ts';
import { planByName } from './plan-resolver.ts';
import { planName, recordKind, sameRecord, txtKind, type PlanKind } from './record-kind.ts';

export type PlanAction = 'add' | 'change' | 'delete' | 'keep';

export interface PlanChange {
  action: PlanAction;
  record: RecordSuggestion;
  /** The live record a `change` replaces (or the one a `delete` removes is `record` itself). */
  current?: RecordSuggestion;
  /** Set when the live lookup failed: the action assumes the name holds nothing of this kind. */
  liveStatus?: DnsStatus;
  /**
   * A planned CNAME's name answers with these addresses now (an A/AAAA record there, or a CNAME that
   * Cloudflare proxies, which answers as Cloudflare's addresses): that record must be edited or
   * deleted first, since a CNAME has no other data beside it (RFC 1034 §3.6.2).
   */
  liveAddresses?: string[];
}

export interface PlanChangesOptions {
  signal?: AbortSignal;
}

/** A live record at a planned name, as a suggestion (TXT joined; names without trailing dot). */
function asSuggestion(rr: DnsRecord): RecordSuggestion | null {
  const name = planName(rr.name);
  if (rr.type === 'TXT') return { type: 'TXT', name, content: txtText(rr), ttl: rr.ttl };
  if (rr.type === 'CNAME' && typeof rr.data === 'string')
    return { type: 'CNAME', name, content: planName(rr.data), ttl: rr.ttl };
  if (rr.type === 'MX' && typeof rr.data === 'object' && !Array.isArray(rr.data))
    return {
      type: 'MX',
      name,
      content: planName(rr.data.exchange),
      priority: rr.data.preference,
      ttl: rr.ttl,
    };
  return null;
}

function kindOf(r: RecordSuggestion): PlanKind {
  return r.type === 'TXT' ? txtKind(r.name, r.content) : recordKind(r);
}

interface LiveName {
  records: RecordSuggestion[];
  /** Lookups at this name that failed, by type. */
  failed: Map<RRType, DnsStatus>;
  /** A and AAAA owned by the name (asked only where the plan puts a CNAME). */
  addresses: string[];
}

/** The live TXT, MX and CNAME records owned by `name` (never those of a CNAME's target). */
async function liveAt(
  name: string,
  resolver: Resolver,
  withAddresses: boolean,
  signal?: AbortSignal,
): Promise<LiveName> {
  const types: RRType[] = ['TXT', 'MX', 'CNAME'];
  const asked: RRType[] = withAddresses ? [...types, 'A', 'AAAA'] : types;
  const all = await Promise.all(asked.map((t) => resolveSafely(resolver, name, t, signal)));
  const responses = all.slice(0, types.length);
  const out: LiveName = { records: [], failed: new Map(), addresses: [] };
  for (const response of all.slice(types.length)) {
    // Addresses of the name itself, not reached through a live CNAME (that CNAME is listed instead).
    if (response.answers.some((rr) => rr.type === 'CNAME' && planName(rr.name) === name)) continue;
    for (const rr of response.answers)
      if ((rr.type === 'A' || rr.type === 'AAAA') && planName(rr.name) === name)
        out.addresses.push(String(rr.data));
  }
  const seen = new Set<string>();
  responses.forEach((response, i) => {
    if (isTemporaryFailure(response.status)) {
      out.failed.set(types[i], response.status);
      return;
    }
    for (const rr of response.answers) {
      if (planName(rr.name) !== name) continue;
      const s = asSuggestion(rr);
      if (!s) continue;
      const key = `${s.type} ${s.content} ${s.priority ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.records.push(s);
    }
  });
  return out;
}

/** Pairs planned and live records of one replaceable kind at one name. */
function pairKind(planned: RecordSuggestion[], live: RecordSuggestion[], failed?: DnsStatus): PlanChange[] {
  const out: PlanChange[] = [];
  const left = [...live];
  const take = (pred: (l: RecordSuggestion) => boolean) => {
    const i = left.findIndex(pred);
    return i === -1 ? undefined : left.splice(i, 1)[0];
  };
  for (const record of planned) {
    const same = take((l) => sameRecord(l, record));
    if (same) {
      out.push({ action: 'keep', record, current: same });
      continue;
    }
    // MX: the same exchange with another priority is that record changed; other kinds: any live one.
    const current =
      record.type === 'MX' ? take((l) => planName(l.content) === planName(record.content)) : take(() => true);
    if (current) out.push({ action: 'change', record, current });
    else out.push({ action: 'add', record, ...(failed ? { liveStatus: failed } : {}) });
  }
  // An MX set is replaced whole; an extra SPF/DMARC/DKIM record is the "second record" receivers
  // reject (RFC 7208 §4.5, RFC 9989 §4.10): both go.
  for (const record of left) out.push({ action: 'delete', record });
  return out;
}

/**
 * docs/public-api.md "Planned records": the change list that turns the live zone into the plan. For each planned
 * name: the live records of each planned kind are kept when identical, changed when the plan has a
 * different one, deleted when the plan has fewer; a live CNAME where the plan puts other data (or the
 * other way round) is deleted. Other live records at the name are not listed (they stay).
 */
export async function planChanges(
  plan: readonly RecordSuggestion[],
  live: Resolver,
  o: PlanChangesOptions = {},
): Promise<PlanChange[]> {
  const byName = planByName(plan);
  const names = [...byName.keys()];
  const lives = await Promise.all(
    names.map((name) =>
      liveAt(
        name,
        live,
        byName.get(name)!.some((r) => r.type === 'CNAME'),
        o.signal,
      ),
    ),
  );
  const out: PlanChange[] = [];
  names.forEach((name, i) => {
    const planned = byName.get(name)!;
    const { records, failed, addresses } = lives[i];
    const plannedKinds = new Set(planned.map(kindOf));
    const kinds: PlanKind[] = ['cname', 'mx', 'spf', 'dmarc', 'dkim', 'txt'];
    for (const kind of kinds) {
      const p = planned.filter((r) => kindOf(r) === kind);
      const l = records.filter((r) => kindOf(r) === kind);
      if (kind === 'txt') {
        // Other TXT records are one of many: a planned one is kept if present, else added.
        for (const record of p) {
          const same = l.find((x) => sameRecord(x, record));
          out.push(same ? { action: 'keep', record, current: same } : { action: 'add', record });
        }
        continue;
      }
      if (kind === 'cname' && p.length === 0) {
        // RFC 1034 §3.6.2: a CNAME has no other data beside it; the planned records displace it.
        for (const record of l) out.push({ action: 'delete', record });
        continue;
      }
      if (p.length === 0) continue;
      const type: RRType = kind === 'mx' ? 'MX' : kind === 'cname' ? 'CNAME' : 'TXT';
      const paired = pairKind(p, l, failed.get(type));
      if (kind === 'cname' && addresses.length > 0)
        for (const c of paired) if (c.action === 'add') c.liveAddresses = addresses;
      out.push(...paired);
    }
    // A planned CNAME displaces every other live record at the name.
    if (plannedKinds.has('cname'))
      for (const record of records) if (kindOf(record) !== 'cname') out.push({ action: 'delete', record });
  });
  return out;
}

/**
 * What is wrong with a plan before it is published: two SPF or DMARC records (or DKIM keys) planned
 * at one name, and a CNAME planned beside other data at a name (RFC 1034 §3.6.2).
 */
export function checkPlan(plan: readonly RecordSuggestion[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [name, records] of planByName(plan)) {
    const count = (kind: PlanKind) => records.filter((r) => kindOf(r) === kind).length;
    if (count('spf') > 1) out.push(diagnostic('plan/second-spf', { params: { name, count: count('spf') } }));
    if (count('dmarc') > 1)
      out.push(diagnostic('plan/second-dmarc', { params: { name, count: count('dmarc') } }));
    if (count('dkim') > 1)
      out.push(diagnostic('plan/second-dkim-key', { params: { name, count: count('dkim') } }));
    if (count('cname') > 0 && records.length > 1)
      out.push(diagnostic('plan/cname-collision', { params: { name } }));
  }
  return out;
}
