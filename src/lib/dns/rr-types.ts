// RR type and RCODE numbers as DoH JSON answers carry them (`"type": 16`) and as the wire format
// encodes them: RFC 1035 §3.2.2 and §4.1.1, RFC 3596 §2.1 (AAAA), RFC 8659 §4 (CAA),
// RFC 6698 §7.1 (TLSA), RFC 4034 §2 (DNSKEY).

import type { DnsStatus, RRType } from './model.ts';

export const RR_TYPE_NUMBERS: Readonly<Record<RRType, number>> = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  DNSKEY: 48,
  TLSA: 52,
  CAA: 257,
};

const BY_NUMBER = new Map<number, RRType>(
  Object.entries(RR_TYPE_NUMBERS).map(([type, n]) => [n, type as RRType]),
);

/** `16` or `"16"` or `"txt"` → `'TXT'`; null for types this library does not model (RRSIG, NSEC…). */
export function rrTypeOf(value: unknown): RRType | null {
  if (typeof value === 'number') return BY_NUMBER.get(value) ?? null;
  if (typeof value !== 'string') return null;
  if (/^\d+$/.test(value)) return BY_NUMBER.get(Number(value)) ?? null;
  const upper = value.toUpperCase();
  return Object.hasOwn(RR_TYPE_NUMBERS, upper) ? (upper as RRType) : null;
}

/** RFC 1035 §4.1.1 RCODE names (RFC 6895 §2.3 for the rest). */
export const RCODE_NAMES: Readonly<Record<number, string>> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
};

/** The RCODEs a Resolver reports as a status; others (FORMERR, NOTIMP…) become ERROR. */
export function statusOfRcode(rcode: number): Exclude<DnsStatus, 'TIMEOUT' | 'ERROR'> | null {
  switch (rcode) {
    case 0:
      return 'NOERROR';
    case 2:
      return 'SERVFAIL';
    case 3:
      return 'NXDOMAIN';
    case 5:
      return 'REFUSED';
    default:
      return null;
  }
}

export function rcodeName(rcode: number): string {
  return RCODE_NAMES[rcode] ?? `RCODE ${rcode}`;
}
