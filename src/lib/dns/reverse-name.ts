// The name a PTR query asks for an address (RFC 1035 §3.5 `in-addr.arpa`, RFC 3596 §2.5
// `ip6.arpa`): the address's octets (IPv4) or nibbles (IPv6) in reverse order. The one place
// it is written: the SPF `ptr` mechanism (spf/ip.ts), the MX hosts' reverse DNS and report
// sources' names all use it.

import ipaddr from 'ipaddr.js';

/** The PTR query name of a parsed address. */
export function reverseNameOf(parsed: ipaddr.IPv4 | ipaddr.IPv6): string {
  const bytes = parsed.toByteArray();
  if (parsed.kind() === 'ipv4') return `${bytes.reverse().join('.')}.in-addr.arpa`;
  // RFC 3596 §2.5: "a sequence of nibbles separated by dots with the suffix '.IP6.ARPA'",
  // lowest-order nibble first.
  const nibbles = bytes.flatMap((b) => [(b >> 4).toString(16), (b & 0xf).toString(16)]);
  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

/** `192.0.2.31` → `31.2.0.192.in-addr.arpa`; null when `address` is not an IP address. */
export function reverseName(address: string): string | null {
  const text = address.trim();
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // Only the dotted-quad form: ipaddr.js also reads `127.1` and octal or hex parts.
    if (text.includes(':')) parsed = ipaddr.IPv6.parse(text);
    else if (ipaddr.IPv4.isValidFourPartDecimal(text)) parsed = ipaddr.IPv4.parse(text);
    else return null;
  } catch {
    return null;
  }
  return reverseNameOf(parsed);
}
