// mailauth's SPF `resolver` option has the shape of Node's `dns.promises.resolve(name, type)`:
// it resolves to the rdata list (A/AAAA/PTR/CNAME: strings; TXT: string[] per record; MX:
// { exchange, priority }) and rejects with ENOTFOUND (NXDOMAIN), ENODATA (no record of that
// type), ETIMEOUT, ESERVFAIL. This adapter serves our zone data through our zoneResolver, so
// both implementations read exactly the same answers.

import type { DnsResponse, RRType, Zone } from '../../src/lib/index.ts';
import { zoneResolver } from '../../src/lib/index.ts';

export type NodeStyleResolver = (name: string, type: string) => Promise<unknown[]>;

function dnsError(code: string, name: string, type: string): Error {
  const e = new Error(`query${type} ${code} ${name}`) as Error & { code: string; hostname: string };
  e.code = code;
  e.hostname = name;
  return e;
}

const ERROR_CODE: Partial<Record<DnsResponse['status'], string>> = {
  NXDOMAIN: 'ENOTFOUND',
  TIMEOUT: 'ETIMEOUT',
  SERVFAIL: 'ESERVFAIL',
  REFUSED: 'EREFUSED',
  ERROR: 'EBADNAME',
};

export function nodeStyleResolver(zone: Zone): NodeStyleResolver {
  const resolver = zoneResolver(zone);
  return async (name, type) => {
    const response = await resolver.resolve(name, type as RRType);
    const code = ERROR_CODE[response.status];
    if (code) throw dnsError(code, name, type);
    // The answer may start with the CNAME chain that led to the records asked for.
    const records = response.answers.filter((r) => r.type === type);
    if (records.length === 0) throw dnsError('ENODATA', name, type);
    return records.map((r) => {
      const d = r.data;
      if (typeof d === 'object' && !Array.isArray(d)) return { exchange: d.exchange, priority: d.preference };
      return d;
    });
  };
}
