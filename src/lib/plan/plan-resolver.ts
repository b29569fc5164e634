// The dry run's resolver (docs/public-api.md "Planned records"): a planned name is answered from the plan laid
// over the live zone, every other name from the live zone — include targets, provider keys and
// report authorizations keep coming from DNS, so the audit judges the plan against the real world.

import type { RecordSuggestion } from '../export/model.ts';
import { isTemporaryFailure, txtText } from '../dns/answer.ts';
import type { DnsRecord, DnsResponse, ResolveInit, Resolver, RRType } from '../dns/model.ts';
import { splitTxt } from '../shared/txt.ts';
import { planName, recordKind, txtKind, type PlanKind } from './record-kind.ts';

/** The TTL a planned record is answered with when it names none (Cloudflare's "Auto" is 300 s). */
export const PLANNED_TTL = 300;
/** CNAMEs followed inside the plan at most (a planned loop must end). */
const MAX_PLANNED_CHAIN = 8;

/** A planned record as the resolver answers it; `planned` marks it for the report. */
export function plannedAnswer(r: RecordSuggestion): DnsRecord {
  const base = { name: planName(r.name), ttl: r.ttl ?? PLANNED_TTL, planned: true };
  if (r.type === 'MX')
    return { ...base, type: 'MX', data: { preference: r.priority ?? 0, exchange: planName(r.content) } };
  if (r.type === 'CNAME') return { ...base, type: 'CNAME', data: planName(r.content) };
  return { ...base, type: 'TXT', data: splitTxt(r.content) };
}

/** The planned records by name. */
export function planByName(plan: readonly RecordSuggestion[]): Map<string, RecordSuggestion[]> {
  const byName = new Map<string, RecordSuggestion[]>();
  for (const r of plan) {
    const name = planName(r.name);
    byName.set(name, [...(byName.get(name) ?? []), r]);
  }
  return byName;
}

/** The kind of a live record at `name`, in the plan's terms. */
function liveKind(rr: DnsRecord): PlanKind | null {
  if (rr.type === 'MX') return 'mx';
  if (rr.type === 'CNAME') return 'cname';
  if (rr.type === 'TXT') return txtKind(rr.name, txtText(rr));
  return null;
}

/**
 * Answers `type` at `name`, where the plan has `planned` records: the live answer without the records
 * the plan replaces (those of a planned kind; a live CNAME at the name, which the plan's records
 * displace), with the planned records of that type added. A planned MX set or CNAME answers alone
 * even when the live lookup failed; planned TXT does not, because the other TXT records there are
 * unknown then (the failure is passed on, as it would be seen after publishing).
 */
async function overlay(
  name: string,
  type: RRType,
  planned: readonly RecordSuggestion[],
  resolve: (name: string, type: RRType, depth: number) => Promise<DnsResponse>,
  live: Resolver,
  init: ResolveInit | undefined,
  depth: number,
): Promise<DnsResponse> {
  const cname = planned.find((r) => r.type === 'CNAME');
  if (cname && type !== 'CNAME') {
    const head = plannedAnswer(cname);
    if (depth >= MAX_PLANNED_CHAIN)
      return {
        status: 'SERVFAIL',
        answers: [head],
        authenticated: false,
        resolver: 'plan',
        error: 'CNAME loop in the plan',
      };
    const rest = await resolve(String(head.data), type, depth + 1);
    return { ...rest, answers: [head, ...rest.answers] };
  }
  const ofType = planned.filter((r) => r.type === type);
  const kinds = new Set(planned.map(recordKind));
  const response = await live.resolve(name, type, init);
  const fullyPlanned = ofType.length > 0 && (type === 'MX' || type === 'CNAME');
  if (isTemporaryFailure(response.status) && !fullyPlanned) return response;
  // Only records owned by the question name are replaced; records of a live CNAME chain are dropped
  // when the plan puts data at the name (the chain could not exist beside it).
  const displacesChain = planned.length > 0;
  const kept = response.answers.filter((rr) => {
    if (planName(rr.name) !== name) return !displacesChain;
    const kind = liveKind(rr);
    if (kind === 'cname') return false;
    if (kind === null || kind === 'txt') {
      // Another TXT stays, unless the plan carries the very same text.
      return !(rr.type === 'TXT' && planned.some((p) => p.type === 'TXT' && p.content === txtText(rr)));
    }
    return !kinds.has(kind);
  });
  const answers = [...kept, ...ofType.map(plannedAnswer)];
  // The plan puts data at the name, so the name exists: NODATA at worst, never NXDOMAIN.
  const out: DnsResponse = {
    ...response,
    status: 'NOERROR',
    answers,
    resolver: `plan + ${response.resolver}`,
  };
  delete out.error;
  delete out.problem;
  return out;
}

/**
 * docs/public-api.md "Planned records": answers a planned name from the plan and everything else from `live`.
 * A planned record replaces the live records of its kind at its name (SPF, DMARC, DKIM key, MX set,
 * a CNAME); other records there stay. A live CNAME chain that leads into a planned name is not
 * rewritten (the live resolver follows it); the change list reports such a name.
 */
export function planResolver(plan: readonly RecordSuggestion[], live: Resolver): Resolver {
  const byName = planByName(plan);
  const resolve = (name: string, type: RRType, depth: number, init?: ResolveInit): Promise<DnsResponse> => {
    const key = planName(name);
    const planned = byName.get(key);
    if (!planned) return live.resolve(name, type, init);
    return overlay(key, type, planned, (n, t, d) => resolve(n, t, d, init), live, init, depth);
  };
  return { resolve: (name, type, init) => resolve(name, type, 0, init) };
}
