// A DMARC report address typed by a user (`reports@example.com`, `mailto:Reports@Example.com`)
// to the `mailto:` URI a record carries (RFC 9989 §4.7 rua/ruf: dmarc-uri = URI, RFC 6068 mailto).
//
//   addr-spec  = local-part "@" domain                       ; RFC 5322 §3.4.1
//   local-part = dot-atom                                     ; quoted strings are not offered
//   atext      = ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "/" /
//                "=" / "?" / "^" / "_" / "`" / "{" / "|" / "}" / "~"

import { checkDomainField } from './domain-field.ts';

/** RFC 5321 §4.5.3.1.1: "The maximum total length of a user name or other local-part is 64 octets." */
export const MAX_LOCAL_PART_OCTETS = 64;

const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?:\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;
// Characters left as they are inside the URI; everything else in a local part is %-encoded.
// RFC 9989 §4.7 separates URIs with "," and tags with ";", and older readers take "!" as the
// start of a size limit (RFC 7489 §6.4), so those never appear raw.
const URI_SAFE = /[A-Za-z0-9._~+\-=&$*']/;

export type AddressCheck = { ok: true; uri: string; domain: string } | { ok: false };

function encodeLocal(local: string): string {
  let out = '';
  for (const ch of local)
    out += URI_SAFE.test(ch) ? ch : `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/** `Reports@Example.COM` → `mailto:Reports@example.com` (the local part keeps its case). */
export function checkReportAddress(input: string): AddressCheck {
  let text = input.trim().replace(/^mailto:/i, '');
  // An already %-encoded address is decoded first so it is not encoded twice.
  if (/%[0-9A-Fa-f]{2}/.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return { ok: false };
    }
  }
  const at = text.lastIndexOf('@');
  if (at <= 0) return { ok: false };
  const local = text.slice(0, at);
  if (!DOT_ATOM.test(local) || local.length > MAX_LOCAL_PART_OCTETS) return { ok: false };
  const domain = checkDomainField(text.slice(at + 1));
  if (!domain.ok || domain.domain.startsWith('_') || domain.domain.includes('._')) return { ok: false };
  return { ok: true, uri: `mailto:${encodeLocal(local)}@${domain.domain}`, domain: domain.domain };
}
