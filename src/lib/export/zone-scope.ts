// Names as each export wants them: relative to the zone (`@` for the apex) for forms and
// dnscontrol, absolute with the trailing dot for zone files (RFC 1035 §5.1), absolute without it
// for the Cloudflare API. Records outside the zone cannot be published there and are left out.

import { normalizeQueryName } from '../shared/domain-name.ts';
import type { ExportRecord } from './model.ts';

/** The zone in lower case without trailing dot; IDN to punycode when the name is valid. */
export function normalizeZone(zone: string): string {
  const n = normalizeQueryName(zone);
  return n.ok ? n.name : zone.trim().toLowerCase().replace(/\.$/, '');
}

function bare(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

export function inZone(name: string, zone: string): boolean {
  const n = bare(name);
  const z = normalizeZone(zone);
  return n === z || n.endsWith(`.${z}`);
}

/** `_dmarc.example.com` in `example.com` → `_dmarc`; the apex → `@`. Only for names in the zone. */
export function relativeTo(name: string, zone: string): string {
  const n = bare(name);
  const z = normalizeZone(zone);
  return n === z ? '@' : n.slice(0, -(z.length + 1));
}

/** Absolute with the trailing dot: `mxbiz1.qq.com.` */
export function absolute(name: string): string {
  return `${bare(name)}.`;
}

/** Records whose name lies outside the zone: every export leaves them out (text formats say so). */
export function recordsOutsideZone<T extends ExportRecord>(records: readonly T[], zone: string): T[] {
  return records.filter((r) => !inZone(r.name, zone));
}

/** The records an export writes, in the order given. */
export function recordsInZone<T extends ExportRecord>(records: readonly T[], zone: string): T[] {
  return records.filter((r) => inZone(r.name, zone));
}

/** One short line naming the unverified facts a record rests on, or null. */
export function unverifiedNote(record: ExportRecord): string | null {
  const facts = record.unverified ?? [];
  return facts.length === 0 ? null : `unverified provider data: ${facts.join('; ')}`;
}
