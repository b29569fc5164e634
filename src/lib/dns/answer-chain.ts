// Following a CNAME chain by name through an answer section (RFC 1034 §3.6.2, §4.3.2 step 3a):
// the Answer lists each CNAME under its own name, then the final records; records that are
// not on the chain from the question name are not part of the answer and are left out.

import type { DnsRecord, RRType } from './model.ts';

/** RFC 1034 §3.6.2 allows chains; resolvers stop long before this (BIND: 16 hops). */
export const MAX_CNAME_CHAIN = 16;

export function followChain(qname: string, type: RRType, records: readonly DnsRecord[]): DnsRecord[] {
  const out: DnsRecord[] = [];
  const seen = new Set<string>();
  let current = qname;
  for (let hop = 0; hop <= MAX_CNAME_CHAIN; hop++) {
    seen.add(current);
    const here = records.filter((r) => r.name === current);
    const cname = type === 'CNAME' ? undefined : here.find((r) => r.type === 'CNAME');
    if (!cname) {
      out.push(...here.filter((r) => r.type === type));
      return out;
    }
    out.push(cname);
    current = cname.data as string;
    if (seen.has(current)) return out;
  }
  return out;
}
