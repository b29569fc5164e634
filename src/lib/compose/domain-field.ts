// Domain names typed into builder fields: the user's domain, SPF include targets, DMARC report
// hosts. Reduced to the A-label form DNS wants (shared/domain-name.ts), then held to the rules
// of the record they go into.

import { findInvisible } from '../shared/invisible.ts';
import { normalizeQueryName } from '../shared/domain-name.ts';

// RFC 7208 §7.1: domain-end = ( "." toplabel [ "." ] ) / macro-expand
//   toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
// so the last label is never all digits (an IP address is not a domain-spec).
const TOPLABEL = /^(?:[a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])$/;
// Labels as host names use them (RFC 1123 §2.1), plus the leading `_` of service labels (`_spf`).
const LABEL = /^_?[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/;

export type DomainCheck = { ok: true; domain: string } | { ok: false };

/**
 * A host name with at least two labels and a real top label: `Example.COM.` → `example.com`,
 * `例子.中国` → `xn--fsqu00a.xn--fiqs8s`. Invisible characters, macros (`%{d}`), spaces, URLs
 * and single labels are refused; the caller reports the field.
 */
export function checkDomainField(input: string): DomainCheck {
  if (findInvisible(input).some((c) => c.kind !== 'fullwidth' && c.kind !== 'space')) return { ok: false };
  const text = input.trim();
  if (text.includes('%')) return { ok: false };
  const normalized = normalizeQueryName(text);
  if (!normalized.ok) return { ok: false };
  const labels = normalized.name.split('.');
  if (labels.length < 2) return { ok: false };
  if (!labels.every((l) => LABEL.test(l))) return { ok: false };
  if (!TOPLABEL.test(labels[labels.length - 1])) return { ok: false };
  return { ok: true, domain: normalized.name };
}
