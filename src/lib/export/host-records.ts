// The "host record" (主机记录) convention of Alibaba Cloud DNS (阿里云解析) and DNSPod: the name
// relative to the zone (`@` for the apex, `_dmarc`, `s1._domainkey`), the record value (记录值)
// as is (TXT whole and unquoted), the MX priority (MX 优先级) in its own field. Typing the full
// name there gives `_dmarc.example.com.example.com`.

import type { ExportRecord } from './model.ts';
import { recordsInZone, relativeTo } from './zone-scope.ts';

/** TTL both consoles preselect (10 minutes) when the record asks for none. */
export const HOST_RECORD_DEFAULT_TTL = 600;

export interface HostRecordRow {
  /** 记录类型 */
  type: ExportRecord['type'];
  /** 主机记录: relative to the zone, `@` for the apex. */
  host: string;
  /** 记录值 */
  value: string;
  /** MX 优先级 (MX only). */
  priority?: number;
  /** TTL in seconds. */
  ttl: number;
  /** Unverified provider facts behind this row (empty: none). */
  unverified: readonly string[];
}

export function toHostRecords(records: readonly ExportRecord[], zone: string): HostRecordRow[] {
  return recordsInZone(records, zone).map((r) => ({
    type: r.type,
    host: relativeTo(r.name, zone),
    value: r.type === 'TXT' ? r.content : r.content.toLowerCase().replace(/\.$/, ''),
    ...(r.type === 'MX' && { priority: r.priority ?? 0 }),
    ttl: r.ttl ?? HOST_RECORD_DEFAULT_TTL,
    unverified: r.unverified ?? [],
  }));
}
