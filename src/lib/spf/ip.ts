// Addresses in SPF: the strict ip4-network / ip6-network syntax of RFC 7208 §5.6, the client
// address forms the macros need (§7.3), reverse names (§5.5) and CIDR matching (ipaddr.js).

import ipaddr from 'ipaddr.js';
import { reverseNameOf } from '../dns/reverse-name.ts';

export const IP4_MAX_PREFIX = 32;
export const IP6_MAX_PREFIX = 128;

// qnum = DIGIT / %x31-39 DIGIT / "1" 2DIGIT / "2" %x30-34 DIGIT / "25" %x30-35
const QNUM = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])';
const IP4_NETWORK = new RegExp(`^${QNUM}\\.${QNUM}\\.${QNUM}\\.${QNUM}$`);
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/** ip4-network = qnum "." qnum "." qnum "." qnum (no leading zeros, no short forms). */
export function isIp4Network(text: string): boolean {
  return IP4_NETWORK.test(text);
}

/** An ip4-network already checked by `isIp4Network`: its four decimal octets, not parsed again. */
function ip4(text: string): ipaddr.IPv4 {
  return new ipaddr.IPv4(text.split('.').map(Number));
}

/** ::ffff:0:0/96 (RFC 4291 §2.5.5.2), read off the groups. */
function isIp4Mapped(v6: ipaddr.IPv6): boolean {
  const p = v6.parts;
  return p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0xffff;
}

/** RFC 4291 §2.2 text forms: 8 groups, one "::" at most, an IPv4 tail allowed. No zone index. */
export function isIp6Network(text: string): boolean {
  let s = text;
  const tail = /^(.*:)([^:]*\.[^:]*)$/.exec(s);
  if (tail) {
    if (!isIp4Network(tail[2])) return false;
    s = `${tail[1]}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  if (halves.length === 2) {
    const all = [...groups(halves[0]), ...groups(halves[1])];
    return all.every((g) => HEX_GROUP.test(g)) && all.length <= 7;
  }
  const all = groups(s);
  return all.length === 8 && all.every((g) => HEX_GROUP.test(g));
}

/** The SMTP client address in the forms check_host() needs. */
export interface ClientAddress {
  version: 4 | 6;
  address: ipaddr.IPv4 | ipaddr.IPv6;
  /** `%{c}`: dotted quad, or RFC 5952 text for IPv6 */
  readable: string;
  /** `%{i}`: dotted quad, or 32 dot-separated nibbles for IPv6 */
  dotted: string;
  /** `%{v}` */
  v: 'in-addr' | 'ip6';
  /** The PTR query name (§5.5) */
  reverseName: string;
}

/**
 * Reads the client address. RFC 7208 §5: an IPv4-mapped IPv6 address (`::FFFF:1.2.3.4`) is
 * treated as the IPv4 address. Returns null for anything that is not an address.
 */
export function clientAddress(text: string): ClientAddress | null {
  const trimmed = text.trim();
  if (isIp4Network(trimmed)) return fromIp4(ip4(trimmed));
  if (!isIp6Network(trimmed)) return null;
  const v6 = ipaddr.IPv6.parse(trimmed);
  if (isIp4Mapped(v6)) return fromIp4(v6.toIPv4Address());
  const nibbles = v6.parts.map((p) => p.toString(16).padStart(4, '0')).join('');
  // RFC 7208 §7.3 fixes no case for the nibbles. Keep the case the address was written in: the
  // openspf suite (v-macro-ip6) expects `%{ir}` of `CAFE:BABE::1` to read `…E.B.A.B.E.F.A.C`.
  const upper = /[A-F]/.test(trimmed) && !/[a-f]/.test(trimmed);
  const dotted = [...(upper ? nibbles.toUpperCase() : nibbles)].join('.');
  return {
    version: 6,
    address: v6,
    readable: v6.toRFC5952String(),
    dotted,
    v: 'ip6',
    reverseName: reverseNameOf(v6),
  };
}

function fromIp4(v4: ipaddr.IPv4): ClientAddress {
  const readable = v4.octets.join('.');
  return {
    version: 4,
    address: v4,
    readable,
    dotted: readable,
    v: 'in-addr',
    reverseName: reverseNameOf(v4),
  };
}

/** Parses an address from DNS or a record (already validated or not); null when unusable. */
export function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const t = text.trim();
  if (isIp4Network(t)) return ip4(t);
  if (isIp6Network(t)) return ipaddr.IPv6.parse(t);
  return null;
}

/** Is `client` inside `network/prefix`? Families must agree (no IPv4-mapped matching, §5). */
export function inNetwork(
  client: ClientAddress,
  network: ipaddr.IPv4 | ipaddr.IPv6,
  prefix: number,
): boolean {
  if (network.kind() !== client.address.kind()) return false;
  return client.address.match(network, prefix);
}

/** `network/prefix` with the host bits cleared, e.g. `183.3.224.0/19`. */
export function cidrText(network: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): string {
  if (network.kind() === 'ipv4')
    return `${ipaddr.IPv4.networkAddressFromCIDR(`${network.toString()}/${prefix}`).toString()}/${prefix}`;
  const net = ipaddr.IPv6.networkAddressFromCIDR(`${network.toString()}/${prefix}`);
  return `${net.toRFC5952String()}/${prefix}`;
}

/** First and last address of a CIDR block as big integers (for merging and overlap checks). */
export function cidrBounds(network: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): [bigint, bigint] {
  const bytes = network.toByteArray();
  const bits = bytes.length * 8;
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  const hostBits = BigInt(bits - prefix);
  const start = (value >> hostBits) << hostBits;
  return [start, start + (1n << hostBits) - 1n];
}
