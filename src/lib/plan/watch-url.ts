// The watch in the URL (issue 14: "survives a reload and can be shared"): the planned records, the
// resolvers watched and when the watch started, as query parameters of `#/watch?…`. Reading never
// throws; a record that does not read is dropped and counted.

import type { RecordSuggestion } from '../export/model.ts';
import type { WatchTarget } from './watch.ts';
import { watchTargetId } from './watch.ts';

export interface WatchLink {
  targets: WatchTarget[];
  resolvers: string[];
  /** ms since the epoch; absent on a link that was never started. */
  startedAt?: number;
  /** Parameters that did not read as a record. */
  dropped: number;
}

/** One record per `r` parameter: `+|-` (present / absent), type, name, priority, content. */
export function watchQuery(link: Omit<WatchLink, 'dropped'>): string {
  const q = new URLSearchParams();
  for (const t of link.targets) {
    const r = t.record;
    q.append('r', [t.expect === 'absent' ? '-' : '+', r.type, r.name, r.priority ?? '', r.content].join('|'));
  }
  if (link.resolvers.length > 0) q.set('via', link.resolvers.join(','));
  if (link.startedAt !== undefined) q.set('t', String(Math.round(link.startedAt)));
  return q.toString();
}

const TYPES = new Set(['MX', 'TXT', 'CNAME']);

export function parseWatchQuery(query: URLSearchParams): WatchLink {
  const targets: WatchTarget[] = [];
  let dropped = 0;
  for (const value of query.getAll('r')) {
    const [sign, type, name, priority, ...content] = value.split('|');
    const text = content.join('|');
    const prio = priority === '' ? undefined : Number(priority);
    if (
      (sign !== '+' && sign !== '-') ||
      !TYPES.has(type) ||
      !name ||
      text === '' ||
      (prio !== undefined && !Number.isInteger(prio))
    ) {
      dropped++;
      continue;
    }
    const record: RecordSuggestion = {
      type: type as RecordSuggestion['type'],
      name,
      content: text,
      ...(prio !== undefined ? { priority: prio } : {}),
    };
    targets.push({ id: watchTargetId(record), record, expect: sign === '-' ? 'absent' : 'present' });
  }
  const resolvers = (query.get('via') ?? '').split(',').filter((s) => /^[a-z0-9-]{1,32}$/.test(s));
  const t = Number(query.get('t'));
  return { targets, resolvers, ...(Number.isFinite(t) && t > 0 ? { startedAt: t } : {}), dropped };
}
