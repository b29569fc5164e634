// Which "kind" a record is at its name, for laying a plan over the live zone (docs/public-api.md: "A planned
// record replaces the live records of its kind at its name"): an SPF policy (RFC 7208 §4.5: one per
// name), a DMARC policy (RFC 9989 §4.10: one per name), a DKIM key (RFC 6376 §3.6.2.1: one per
// selector name), the MX set (RFC 5321 §5.1: the set is one decision), a CNAME (RFC 1034 §3.6.2: no
// other data beside it); any other TXT is one of many and replaces nothing.

import type { RecordSuggestion } from '../export/model.ts';
import { isDmarcRecordText } from '../dmarc/select.ts';
import { isSpfRecordText } from '../spf/limits.ts';

export type PlanKind = 'spf' | 'dmarc' | 'dkim' | 'mx' | 'cname' | 'txt';

const DKIM_START = /^\s*v\s*=\s*DKIM1\s*(;|$)/;

/** The kind of a TXT record's text found at `name` (a key at `<selector>._domainkey.` without v=). */
export function txtKind(name: string, text: string): PlanKind {
  if (isSpfRecordText(text)) return 'spf';
  if (isDmarcRecordText(text)) return 'dmarc';
  if (DKIM_START.test(text) || (/\._domainkey\./i.test(name) && /(^|;)\s*p\s*=/.test(text))) return 'dkim';
  return 'txt';
}

export function recordKind(r: RecordSuggestion): PlanKind {
  if (r.type === 'MX') return 'mx';
  if (r.type === 'CNAME') return 'cname';
  return txtKind(r.name, r.content);
}

/** Lower case, no trailing dot: how plan and live names are compared. */
export function planName(name: string): string {
  return name.trim().replace(/\.$/, '').toLowerCase();
}

/** Whether two records carry the same data (names compared as DNS compares them, TXT exactly). */
export function sameRecord(a: RecordSuggestion, b: RecordSuggestion): boolean {
  if (a.type !== b.type || planName(a.name) !== planName(b.name)) return false;
  if (a.type === 'TXT') return a.content === b.content;
  if (planName(a.content) !== planName(b.content)) return false;
  return a.type !== 'MX' || (a.priority ?? 0) === (b.priority ?? 0);
}
