// IP addresses as mail writes them in trace fields: RFC 5321 §4.1.3 address literals
// (`[192.0.2.1]`, `[IPv6:2001:db8::1]`), IPv4-mapped IPv6 (`::ffff:192.0.2.1`, read as the IPv4
// address, as RFC 7208 §5 does), bare addresses in comments, and a `:port` some MTAs append.

import ipaddr from 'ipaddr.js';
import { parseAddress } from '../spf/ip.ts';

/** The address in normal text form (IPv4 dotted, IPv6 RFC 5952), or null when it is none. */
export function normaliseIp(text: string): string | null {
  let t = text.trim().replace(/^\[|\]$/g, '');
  t = t.replace(/^IPv6:/i, '');
  // "192.0.2.1:25" / "192.0.2.1.25" (a port) — only for IPv4, where it cannot be part of the address.
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3})[:.]\d{1,5}$/.exec(t);
  if (v4port) t = v4port[1];
  // A zone index ("fe80::1%eth0") says nothing about the sender.
  t = t.replace(/%[\w.-]+$/, '');
  const a = parseAddress(t);
  if (!a) return null;
  if (a.kind() === 'ipv6') {
    const v6 = a as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
    return v6.toRFC5952String();
  }
  return a.toString();
}

/** The first address literal (`[…]`) in the text, normalised. */
export function bracketedIp(text: string): string | null {
  const re = /\[([^\]\s]{2,60})\]/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const ip = normaliseIp(m[1]);
    if (ip) return ip;
  }
  return null;
}

/** The first word of the text that is an address on its own (Microsoft writes `(2603:10b6::12)`). */
export function bareIp(text: string): string | null {
  for (const word of text.split(/[\s,;()]+/)) {
    if (word.length < 2 || word.length > 60) continue;
    const ip = normaliseIp(word);
    if (ip) return ip;
  }
  return null;
}

/** ipaddr.js range names of addresses that never reach a receiver from the Internet. */
const INTERNAL_RANGES = new Set([
  'unspecified',
  'broadcast',
  'multicast',
  'linkLocal',
  'loopback',
  'carrierGradeNat',
  'private',
  'uniqueLocal',
]);

/**
 * Loopback, private (RFC 1918, RFC 4193), link-local and CGNAT (RFC 6598) addresses: hops inside
 * the sender's own network, never the address a receiver's SPF check used. Documentation ranges
 * (RFC 5737, RFC 3849) count as public, so examples behave like real mail.
 */
export function isPrivateIp(ip: string): boolean {
  const a = parseAddress(ip);
  return a !== null && INTERNAL_RANGES.has(a.range());
}
