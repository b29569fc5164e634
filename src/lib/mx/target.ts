// What an MX exchange name may be: a host name (RFC 5321 §2.3.5 Domain; RFC 1035 §3.3.9 says
// EXCHANGE is a <domain-name>), never an address literal, never an alias (RFC 2181 §10.3).

import { MAX_LABEL_OCTETS, MAX_NAME_OCTETS } from '../shared/domain-name.ts';

export type TargetKind = 'null' | 'host' | 'ip' | 'invalid';

const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
// Bracketed address literals as in RFC 5321 §4.1.3, or a bare IPv6 address.
const ADDRESS_LITERAL = /^\[.*\]$/;
const IPV6 = /^[0-9a-f:.]*:[0-9a-f:.]*$/i;
// RFC 5321 §4.1.2: sub-domain = Let-dig [Ldh-str]; Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig
const LDH_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

/** `exchange` without its trailing dot; `''` or `.` means the root (null MX). */
export function stripTrailingDot(exchange: string): string {
  if (exchange === '.' || exchange === '') return '.';
  return exchange.endsWith('.') ? exchange.slice(0, -1) : exchange;
}

/** True for a host name that RFC 5321 §2.3.5 accepts (ASCII letter-digit-hyphen labels). */
export function isHostName(name: string): boolean {
  if (name === '' || name.length > MAX_NAME_OCTETS) return false;
  return name.split('.').every((label) => label.length <= MAX_LABEL_OCTETS && LDH_LABEL.test(label));
}

export function isIpLiteral(name: string): boolean {
  return IPV4.test(name) || ADDRESS_LITERAL.test(name) || IPV6.test(name);
}

export function classifyTarget(exchange: string): TargetKind {
  const name = stripTrailingDot(exchange);
  if (name === '.') return 'null';
  if (isIpLiteral(name)) return 'ip';
  return isHostName(name) ? 'host' : 'invalid';
}
