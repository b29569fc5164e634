// RDATA in the presentation format of DoH JSON answers (RFC 1035 §5.1, RFC 8427-like JSON) → the
// normalised `DnsRecord.data` shared with the wire client and the zone resolver: names lower
// case without the trailing dot, MX as { preference, exchange }, TXT as its character-strings,
// AAAA in RFC 5952 form, CAA, TLSA and DNSKEY in their canonical presentation.

import ipaddr from 'ipaddr.js';
import { genericRdata } from './generic-rdata.ts';
import type { DnsRecord, MxData, RRType } from './model.ts';
import { decodeTxtData } from './txt-decode.ts';

/** `Mx.Example.COM.` → `mx.example.com`; the root `.` → `` (as a null MX's exchange, RFC 7505). */
export function normalizeDataName(name: string): string {
  return name.trim().replace(/\.$/, '').toLowerCase();
}

/** RFC 5952 §4: the one text form of an IPv6 address (lower case, longest zero run as `::`). */
export function canonicalIpv6(text: string): string {
  const t = text.trim();
  try {
    return ipaddr.IPv6.parse(t).toRFC5952String();
  } catch {
    return t.toLowerCase();
  }
}

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** RFC 8659 §4.1: flags, tag, value — presented as `0 issue "ca.example"`. */
export function formatCaa(flags: number, tag: string, value: string): string {
  return `${flags} ${tag.toLowerCase()} "${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** RFC 6698 §2.2: `usage selector matching-type hex`, hex in lower case without blanks. */
export function formatTlsa(
  usage: number,
  selector: number,
  matchingType: number,
  data: Uint8Array | string,
): string {
  const hex = typeof data === 'string' ? data.replace(/\s+/g, '').toLowerCase() : hexOf(data);
  return `${usage} ${selector} ${matchingType} ${hex}`;
}

/** TLSA RDATA octets (RFC 6698 §2.1) → presentation; null when shorter than the fixed fields. */
export function tlsaFromRdata(rdata: Uint8Array): string | null {
  if (rdata.length < 3) return null;
  return formatTlsa(rdata[0], rdata[1], rdata[2], rdata.subarray(3));
}

/** RFC 4034 §2.2: `flags protocol algorithm key`, the key in base64 without blanks. */
export function formatDnskey(
  flags: number,
  protocol: number,
  algorithm: number,
  key: Uint8Array | string,
): string {
  let base64: string;
  if (typeof key === 'string') base64 = key.replace(/\s+/g, '');
  else {
    let binary = '';
    for (const b of key) binary += String.fromCharCode(b);
    base64 = btoa(binary);
  }
  return `${flags} ${protocol} ${algorithm} ${base64}`;
}

/** DNSKEY RDATA octets (RFC 4034 §2.1) → presentation; null when shorter than the fixed fields. */
export function dnskeyFromRdata(rdata: Uint8Array): string | null {
  if (rdata.length < 4) return null;
  return formatDnskey((rdata[0] << 8) | rdata[1], rdata[2], rdata[3], rdata.subarray(4));
}

const utf8 = new TextDecoder();

/** CAA RDATA octets (RFC 8659 §4.1) → presentation; null when the tag length overruns. */
export function caaFromRdata(rdata: Uint8Array): string | null {
  if (rdata.length < 2 || 2 + rdata[1] > rdata.length) return null;
  const tag = utf8.decode(rdata.subarray(2, 2 + rdata[1]));
  return formatCaa(rdata[0], tag, utf8.decode(rdata.subarray(2 + rdata[1])));
}

function parseMx(data: string): MxData | null {
  const m = /^\s*(\d{1,5})\s+(\S+)\s*$/.exec(data);
  if (!m || Number(m[1]) > 0xffff) return null;
  return { preference: Number(m[1]), exchange: normalizeDataName(m[2]) };
}

function parseSoa(data: string): string | null {
  const f = data.trim().split(/\s+/);
  if (f.length !== 7 || !f.slice(2).every((n) => /^\d+$/.test(n))) return null;
  return [normalizeDataName(f[0]), normalizeDataName(f[1]), ...f.slice(2)].join(' ');
}

function parseCaa(data: string): string | null {
  const generic = genericRdata(data);
  if (generic) return caaFromRdata(generic);
  const m = /^\s*(\d{1,3})\s+([a-zA-Z0-9]+)\s+(.*?)\s*$/.exec(data);
  if (!m) return null;
  const value = m[3].startsWith('"') ? (decodeTxtData(m[3])[0] ?? '') : m[3];
  return formatCaa(Number(m[1]), m[2], value);
}

function parseTlsa(data: string): string | null {
  const generic = genericRdata(data);
  if (generic) return tlsaFromRdata(generic);
  const m = /^\s*(\d{1,3})\s+(\d{1,3})\s+(\d{1,3})\s+([0-9a-fA-F\s]*)$/.exec(data);
  return m ? formatTlsa(Number(m[1]), Number(m[2]), Number(m[3]), m[4]) : null;
}

function parseDnskey(data: string): string | null {
  const generic = genericRdata(data);
  if (generic) return dnskeyFromRdata(generic);
  const m = /^\s*(\d{1,5})\s+(\d{1,3})\s+(\d{1,3})\s+([A-Za-z0-9+/=\s]+)$/.exec(data);
  return m && Number(m[1]) <= 0xffff ? formatDnskey(Number(m[1]), Number(m[2]), Number(m[3]), m[4]) : null;
}

/**
 * Presentation RDATA of one JSON answer → `DnsRecord.data`; null when it cannot be what the
 * type says (the record is then left out rather than passed on half-understood).
 */
export function parsePresentationData(type: RRType, data: string): DnsRecord['data'] | null {
  switch (type) {
    case 'TXT':
      return decodeTxtData(data);
    case 'MX':
      return parseMx(data);
    case 'A':
      return /^\d{1,3}(\.\d{1,3}){3}$/.test(data.trim()) ? data.trim() : null;
    case 'AAAA':
      return data.includes(':') ? canonicalIpv6(data) : null;
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return data.trim() === '' ? null : normalizeDataName(data);
    case 'SOA':
      return parseSoa(data);
    case 'CAA':
      return parseCaa(data);
    case 'TLSA':
      return parseTlsa(data);
    case 'DNSKEY':
      return parseDnskey(data);
  }
}

/** RFC 2308 §5: a negative answer may be cached for min(SOA TTL, SOA MINIMUM). */
export function negativeTtlOf(authority: readonly DnsRecord[] | undefined): number | null {
  const soa = authority?.find((r) => r.type === 'SOA' && typeof r.data === 'string');
  if (!soa) return null;
  const minimum = Number((soa.data as string).split(' ')[6]);
  return Number.isFinite(minimum) ? Math.min(soa.ttl, minimum) : soa.ttl;
}
