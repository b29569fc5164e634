// The address ranges an SPF builder accepts for `ip4:` and `ip6:` (RFC 7208 §5.6): the network
// grammar is spf/ip.ts's (one validator for the parser and the builder); this adds the builder's
// answer shape (which part is wrong, and the longest prefix allowed).
//
//   ip4-cidr-length = "/" ( "0" / %x31-39 0*1DIGIT )   ; value range 0-32
//   ip6-cidr-length = "/" ( "0" / %x31-39 0*2DIGIT )   ; value range 0-128

import { IP4_MAX_PREFIX, IP6_MAX_PREFIX, isIp4Network, isIp6Network } from '../spf/ip.ts';

export const MAX_IP4_PREFIX = IP4_MAX_PREFIX;
export const MAX_IP6_PREFIX = IP6_MAX_PREFIX;

export type NetworkCheck =
  { ok: true; network: string } | { ok: false; problem: 'address' | 'prefix'; max: number };

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
  if (!isIp4Network(address)) return { ok: false, problem: 'address', max: MAX_IP4_PREFIX };
  if (!checkPrefix(prefix, MAX_IP4_PREFIX)) return { ok: false, problem: 'prefix', max: MAX_IP4_PREFIX };
  return { ok: true, network: text };
}

/** `2001:db8::/32` → the network in lower case; zone indices (`%eth0`) are not addresses here. */
export function checkIp6Network(input: string): NetworkCheck {
  const text = input.trim().replace(/^ip6:/i, '').toLowerCase();
  const { address, prefix } = splitPrefix(text);
  if (!isIp6Network(address)) return { ok: false, problem: 'address', max: MAX_IP6_PREFIX };
  if (!checkPrefix(prefix, MAX_IP6_PREFIX)) return { ok: false, problem: 'prefix', max: MAX_IP6_PREFIX };
  return { ok: true, network: text };
}
