// The dry run in the URL (`#/plan?d=<domain>&r=…`): the domain and the planned records, in the watch
// link's record encoding (watch-url.ts), so a plan survives a reload and can be shared. Reading never
// throws; a record that does not read is dropped and counted.

import type { RecordSuggestion } from '../export/model.ts';
import { parseWatchQuery, watchQuery } from './watch-url.ts';
import { watchTargetId } from './watch.ts';

export interface PlanLink {
  domain: string;
  records: RecordSuggestion[];
  dropped: number;
}

export function planQuery(domain: string, records: readonly RecordSuggestion[]): string {
  const targets = records.map((record) => ({
    id: watchTargetId(record),
    record,
    expect: 'present' as const,
  }));
  const q = new URLSearchParams({ d: domain });
  return `${q.toString()}&${watchQuery({ targets, resolvers: [] })}`;
}

export function parsePlanQuery(query: URLSearchParams): PlanLink {
  const link = parseWatchQuery(query);
  const records = link.targets.filter((t) => t.expect === 'present').map((t) => t.record);
  return {
    domain: (query.get('d') ?? '').trim(),
    records,
    dropped: link.dropped + (link.targets.length - records.length),
  };
}
