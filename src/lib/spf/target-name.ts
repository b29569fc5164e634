// The name rules of RFC 7208 §4.3 and §7.3: which expanded domain-spec can be queried, and which
// <domain> check_host() may evaluate at all.

import { utf8Length } from '../shared/txt.ts';
import { MAX_DOMAIN_OCTETS, MAX_LABEL_OCTETS } from './limits.ts';

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * RFC 7208 §4.3 and §7.3: the name a query is made for. One trailing dot is dropped; an expanded
 * name over 253 octets loses labels from the left; a name with an empty label or a label over
 * 63 octets cannot be queried (null).
 */
export function targetName(expanded: string): string | null {
  let name = expanded.endsWith('.') ? expanded.slice(0, -1) : expanded;
  while (utf8Length(name) > MAX_DOMAIN_OCTETS && name.includes('.')) name = name.slice(name.indexOf('.') + 1);
  if (name === '' || utf8Length(name) > MAX_DOMAIN_OCTETS) return null;
  const ascii = isAscii(name);
  for (let start = 0; ;) {
    const dot = name.indexOf('.', start);
    const end = dot === -1 ? name.length : dot;
    const length = ascii ? end - start : utf8Length(name.slice(start, end));
    if (length === 0 || length > MAX_LABEL_OCTETS) return null;
    if (dot === -1) return name;
    start = dot + 1;
  }
}

/** Space, control characters, DEL and the brackets of a domain literal (§4.3: malformed). */
function hasMalformedChar(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x5b || c === 0x5d) return true;
  }
  return false;
}

/**
 * RFC 7208 §4.3: "If the <domain> is malformed (e.g., label longer than 63 characters,
 * zero-length label not at the end, etc.) or is not a multi-label domain name, ...
 * check_host() immediately returns the result "none"". Domain literals (`[192.0.2.1]`) and
 * names with spaces or control characters are malformed too.
 */
export function checkableDomain(domain: string): string | null {
  const name = targetName(domain);
  if (name === null || utf8Length(domain) > MAX_DOMAIN_OCTETS + 1) return null;
  if (!name.includes('.') || hasMalformedChar(name)) return null;
  return name.toLowerCase();
}
