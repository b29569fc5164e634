// The dry run in the URL (`#/plan?d=<domain>&r=…`): the domain and the planned records, in the watch
// link's record encoding (watch-url.ts), so a plan survives a reload and can be shared. Reading never
// throws; a record that does not read is dropped and counted.

import type { RecordSuggestion } from '../export/model.ts';
import { parseWatchQuery, watchQuery } from './watch-url.ts';
import { planName } from './record-kind.ts';
import { recordTargets } from './watch.ts';

export interface PlanLink {
  /** As DNS compares names: lower case, no trailing dot. */
  domain: string;
  records: RecordSuggestion[];
  dropped: number;
}

export function planQuery(domain: string, records: readonly RecordSuggestion[]): string {
  const q = new URLSearchParams({ d: domain });
  return `${q.toString()}&${watchQuery({ targets: recordTargets(records), resolvers: [] })}`;
}

/** The DKIM selectors a plan publishes keys for at `domain` (`<selector>._domainkey.<domain>`). */
export function plannedSelectors(domain: string, records: readonly RecordSuggestion[]): string[] {
  const suffix = `._domainkey.${planName(domain)}`;
  return records
    .map((r) => planName(r.name))
    .filter((name) => name.endsWith(suffix) && name.length > suffix.length)
    .map((name) => name.slice(0, -suffix.length));
}

export function parsePlanQuery(query: URLSearchParams): PlanLink {
  const link = parseWatchQuery(query);
  const records = link.targets.filter((t) => t.expect === 'present').map((t) => t.record);
  return {
    domain: planName(query.get('d') ?? ''),
    records,
    dropped: link.dropped + (link.targets.length - records.length),
  };
}
