// Reading what the audit needs out of a DnsResponse: TXT records (strings kept, joined without a
// separator as SPF, DKIM, DMARC, MTA-STS, TLS-RPT and BIMI all read them), the CNAME chain the
// resolver followed, addresses, and whether the answer is an answer at all.

import type { DnsResponse, DnsStatus } from '../dns/model.ts';
import { joinTxt } from '../shared/txt.ts';
import type { TxtRecord } from './model.ts';

/**
 * TIMEOUT, SERVFAIL, REFUSED, ERROR: the resolver gave no answer about the name, so nothing is
 * known about the record (RFC 7208 §2.6.6 temperror); never report it as missing.
 */
export function isTemporaryFailure(status: DnsStatus): boolean {
  return status !== 'NOERROR' && status !== 'NXDOMAIN';
}

/** The TXT records of the answer (after any CNAME the resolver followed). */
export function txtRecords(response: DnsResponse): TxtRecord[] {
  const out: TxtRecord[] = [];
  for (const rr of response.answers) {
    if (rr.type !== 'TXT') continue;
    const strings = Array.isArray(rr.data) ? rr.data.map(String) : [String(rr.data)];
    out.push({ strings, text: joinTxt(strings), ttl: rr.ttl });
  }
  return out;
}

/** The CNAME targets the resolver followed from the question name, first hop first. */
export function cnameChain(response: DnsResponse): string[] {
  return response.answers
    .filter((r) => r.type === 'CNAME' && typeof r.data === 'string')
    .map((r) => String(r.data));
}

export function addresses(response: DnsResponse): string[] {
  return response.answers.filter((r) => r.type === 'A' || r.type === 'AAAA').map((r) => String(r.data));
}

/** Splits TXT records into those that are the record kind asked for and the rest. */
export function partitionTxt(
  records: readonly TxtRecord[],
  is: RegExp | ((text: string) => boolean),
): { matching: TxtRecord[]; other: TxtRecord[] } {
  const test = typeof is === 'function' ? is : (text: string) => is.test(text);
  const matching: TxtRecord[] = [];
  const other: TxtRecord[] = [];
  for (const r of records) (test(r.text) ? matching : other).push(r);
  return { matching, other };
}
