// The address ranges an SPF builder accepts for `ip4:` and `ip6:` (RFC 7208 §5.6):
//
//   ip4-network     = qnum "." qnum "." qnum "." qnum
//   qnum            = DIGIT / %x31-39 DIGIT / "1" 2DIGIT / "2" %x30-34 DIGIT / "25" %x30-35
//   ip4-cidr-length = "/" ( "0" / %x31-39 0*1DIGIT )   ; value range 0-32
//   ip6-network     = <as per [RFC4291], section 2.2>
//   ip6-cidr-length = "/" ( "0" / %x31-39 0*2DIGIT )   ; value range 0-128

import ipaddr from 'ipaddr.js';

export const MAX_IP4_PREFIX = 32;
export const MAX_IP6_PREFIX = 128;

export type NetworkCheck =
  { ok: true; network: string } | { ok: false; problem: 'address' | 'prefix'; max: number };

const QNUM = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])';
const IP4 = new RegExp(`^${QNUM}(?:\\.${QNUM}){3}$`);
// RFC 7208 §5.6: no leading zeros in the prefix length either ("/08" does not parse).
const PREFIX = /^(?:0|[1-9][0-9]{0,2})$/;

function splitPrefix(text: string): { address: string; prefix: string | null } {
  const slash = text.indexOf('/');
  return slash === -1
    ? { address: text, prefix: null }
    : { address: text.slice(0, slash), prefix: text.slice(slash + 1) };
}

function checkPrefix(prefix: string | null, max: number): boolean {
  return prefix === null || (PREFIX.test(prefix) && Number(prefix) <= max);
}

/** `192.0.2.0/24` → the network as written (trimmed); the `ip4:` prefix is tolerated. */
export function checkIp4Network(input: string): NetworkCheck {
  const text = input.trim().replace(/^ip4:/i, '');
  const { address, prefix } = splitPrefix(text);
  if (!IP4.test(address)) return { ok: false, problem: 'address', max: MAX_IP4_PREFIX };
  if (!checkPrefix(prefix, MAX_IP4_PREFIX)) return { ok: false, problem: 'prefix', max: MAX_IP4_PREFIX };
  return { ok: true, network: text };
}

/** `2001:db8::/32` → the network in lower case; zone indices (`%eth0`) are not addresses here. */
export function checkIp6Network(input: string): NetworkCheck {
  const text = input.trim().replace(/^ip6:/i, '').toLowerCase();
  const { address, prefix } = splitPrefix(text);
  if (address.includes('%') || !ipaddr.IPv6.isValid(address) || !/^[0-9a-f:.]+$/.test(address)) {
    return { ok: false, problem: 'address', max: MAX_IP6_PREFIX };
  }
  // An embedded IPv4 part (RFC 4291 §2.2 form 3) must itself be a dotted quad without leading zeros.
  const dotted = /[0-9.]+$/.exec(address)?.[0] ?? '';
  if (dotted.includes('.') && !IP4.test(dotted))
    return { ok: false, problem: 'address', max: MAX_IP6_PREFIX };
  if (!checkPrefix(prefix, MAX_IP6_PREFIX)) return { ok: false, problem: 'prefix', max: MAX_IP6_PREFIX };
  return { ok: true, network: text };
}
