// A BIND zone file fragment (RFC 1035 §5.1) that Cloudflare's "Import DNS records" accepts:
// absolute names with the trailing dot, class IN, an explicit TTL, and TXT values split into
// ≤255-octet quoted character-strings (RFC 1035 §3.3.14) on one line.

import { splitTxt, quoteTxt } from '../shared/txt.ts';
import type { ExportRecord } from './model.ts';
import { absolute, inZone, normalizeZone, unverifiedNote } from './zone-scope.ts';

/** TTL written when a record asks for none (one hour; Cloudflare keeps what the file says). */
export const DEFAULT_ZONE_TTL = 3600;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const encoder = new TextEncoder();

/**
 * One character-string in presentation form. RFC 1035 §5.1: `\"` and `\\` quote those
 * characters, `\DDD` is an octet in decimal; octets outside printable ASCII (UTF-8 of non-ASCII
 * text, control characters) are written as `\DDD` so the file is plain ASCII.
 */
export function zoneString(s: string): string {
  if (PRINTABLE_ASCII.test(s)) return quoteTxt([s]);
  let out = '"';
  for (const ch of s) {
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (PRINTABLE_ASCII.test(ch)) out += ch;
    else for (const b of encoder.encode(ch)) out += `\\${String(b).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** TXT RDATA: the value split into ≤255-octet strings, each quoted, side by side. */
export function zoneTxtData(content: string): string {
  return splitTxt(content).map(zoneString).join(' ');
}

function rdata(r: ExportRecord): string {
  switch (r.type) {
    case 'MX':
      return `${r.priority ?? 0} ${absolute(r.content)}`;
    case 'CNAME':
      return absolute(r.content);
    case 'TXT':
      return zoneTxtData(r.content);
  }
}

export function toBindZone(
  records: readonly ExportRecord[],
  zone: string,
  o: { defaultTtl?: number } = {},
): string {
  const z = normalizeZone(zone);
  const lines = [`; ${z}: mail records (MailDNS). Cloudflare: DNS > Records > Import and Export > Import.`];
  for (const r of records) {
    if (!inZone(r.name, z)) {
      lines.push(`; skipped ${absolute(r.name)} ${r.type}: not in zone ${z}.`);
      continue;
    }
    const note = unverifiedNote(r);
    if (note) lines.push(`; ${note.replace(/[^\x20-\x7e]/g, '?')}`);
    lines.push(
      [absolute(r.name), r.ttl ?? o.defaultTtl ?? DEFAULT_ZONE_TTL, 'IN', r.type, rdata(r)].join('\t'),
    );
  }
  return `${lines.join('\n')}\n`;
}
