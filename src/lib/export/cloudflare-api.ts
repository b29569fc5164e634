// Request bodies for Cloudflare's "Create DNS Record" (POST /zones/{zone_id}/dns_records, API v4).
// As Cloudflare documents the body: `name` is the complete record name including the zone, in
// Punycode; `ttl` 1 means automatic; `priority` is for MX; TXT `content` "must consist of quoted
// 'character strings' (RFC 1035), each with a length of up to 255 bytes" (longer strings are
// split by Cloudflare). `proxied` is always false: mail hosts are never proxied.

import { quoteTxt, splitTxt } from '../shared/txt.ts';
import type { ExportRecord } from './model.ts';
import { recordsInZone, unverifiedNote } from './zone-scope.ts';

/** Cloudflare: "Setting to 1 means 'automatic'". */
export const CLOUDFLARE_TTL_AUTO = 1;
/** Cloudflare limits record comments to 100 characters on the Free plan. */
export const CLOUDFLARE_COMMENT_MAX = 100;
export const CLOUDFLARE_API_BASE = 'https://api.cloudflare.com/client/v4';

export interface CloudflareRecordBody {
  type: ExportRecord['type'];
  name: string;
  content: string;
  ttl: number;
  proxied: false;
  priority?: number;
  comment?: string;
}

export interface CloudflareApiRequest {
  method: 'POST';
  /** `{zone_id}` is the zone's identifier from the dashboard's Overview page. */
  path: '/zones/{zone_id}/dns_records';
  body: CloudflareRecordBody;
  /** The body as sent (JSON text). */
  json: string;
}

function comment(r: ExportRecord): string | undefined {
  const parts = [r.comment, unverifiedNote(r)].filter((p): p is string => !!p);
  if (parts.length === 0) return undefined;
  const text = parts.join(' | ');
  return text.length <= CLOUDFLARE_COMMENT_MAX ? text : `${text.slice(0, CLOUDFLARE_COMMENT_MAX - 1)}…`;
}

export function cloudflareBody(r: ExportRecord): CloudflareRecordBody {
  const c = comment(r);
  return {
    type: r.type,
    name: r.name.toLowerCase().replace(/\.$/, ''),
    content: r.type === 'TXT' ? quoteTxt(splitTxt(r.content)) : r.content.toLowerCase().replace(/\.$/, ''),
    ttl: r.ttl ?? CLOUDFLARE_TTL_AUTO,
    proxied: false,
    ...(r.type === 'MX' && { priority: r.priority ?? 0 }),
    ...(c !== undefined && { comment: c }),
  };
}

/** One request per record in the zone (records outside it are left out). */
export function toCloudflareApi(records: readonly ExportRecord[], zone: string): CloudflareApiRequest[] {
  return recordsInZone(records, zone).map((r) => {
    const body = cloudflareBody(r);
    return { method: 'POST', path: '/zones/{zone_id}/dns_records', body, json: JSON.stringify(body) };
  });
}
