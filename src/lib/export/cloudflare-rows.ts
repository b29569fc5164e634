// The rows to type into Cloudflare's "Add record" form: names relative to the zone (`@` for the
// apex), TXT content pasted whole and unquoted (the dashboard quotes and splits it itself;
// a pre-quoted paste ends up with literal quotes in the value), TTL Auto, and "DNS only" always:
// Cloudflare does not proxy SMTP, and a proxied DKIM CNAME answers A/AAAA instead of the TXT.

import type { ExportRecord } from './model.ts';
import { inZone, recordsInZone, relativeTo } from './zone-scope.ts';

export interface CloudflareRow {
  type: ExportRecord['type'];
  /** Relative to the zone; `@` for the apex. */
  name: string;
  /** MX "Mail server", CNAME "Target", TXT "Content" (whole, unquoted). */
  content: string;
  /** MX only. */
  priority?: number;
  /** `Auto` unless the record asks for a TTL in seconds. */
  ttl: 'Auto' | number;
  proxyStatus: 'DNS only';
  /**
   * Show the "never proxy mail hosts" warning: a CNAME (mail host alias or DKIM delegation), or
   * an MX whose exchange is a host of this zone (its A/AAAA records must stay DNS only).
   */
  neverProxy: boolean;
  /** Unverified provider facts behind this row (empty: none). */
  unverified: readonly string[];
}

export function toCloudflareRows(records: readonly ExportRecord[], zone: string): CloudflareRow[] {
  return recordsInZone(records, zone).map((r) => ({
    type: r.type,
    name: relativeTo(r.name, zone),
    content: r.content,
    ...(r.type === 'MX' && { priority: r.priority ?? 0 }),
    ttl: r.ttl ?? 'Auto',
    proxyStatus: 'DNS only',
    neverProxy: r.proxiable !== true && (r.type === 'CNAME' || (r.type === 'MX' && inZone(r.content, zone))),
    unverified: r.unverified ?? [],
  }));
}
