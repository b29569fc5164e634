// One vocabulary for reading a DnsResponse (docs/architecture.md "DNS answers"): whether it is a
// temporary failure, its TXT records with their character-strings joined in the one place that
// joins them, and the three-way classification every record lookup needs (data / void / error).

import { raceAbort } from '../shared/abort.ts';
import { joinTxt } from '../shared/txt.ts';
import type { DnsRecord, DnsResponse, DnsStatus, Resolver, RRType } from './model.ts';
import { rejectionResponse } from './response.ts';

/** A TXT record as read: its character-strings kept apart, and joined without separator. */
export interface TxtRecord {
  strings: string[];
  /** RFC 7208 §3.3, RFC 6376 §3.6.2.2: "concatenated together without adding spaces". */
  text: string;
  ttl: number;
  /** The dry run's planned record (src/lib/plan), not yet published. */
  planned?: true;
}

/**
 * TIMEOUT, SERVFAIL, REFUSED, ERROR: the resolver gave no answer about the name, so nothing is
 * known about the record (RFC 7208 §2.6.6 temperror, RFC 9989 §4.10); never report it as missing.
 */
export function isTemporaryFailure(status: DnsStatus): boolean {
  return status !== 'NOERROR' && status !== 'NXDOMAIN';
}

/** The character-strings of one TXT record, kept apart. */
export function txtStrings(rr: DnsRecord): string[] {
  return Array.isArray(rr.data) ? rr.data.map(String) : [String(rr.data)];
}

/** One TXT record's text: its strings joined without separator (the one place they are joined). */
export function txtText(rr: DnsRecord): string {
  return joinTxt(txtStrings(rr));
}

/** The TXT records of the answer (after any CNAME the resolver followed), one entry per record. */
export function txtRecords(response: DnsResponse): TxtRecord[] {
  const out: TxtRecord[] = [];
  for (const rr of response.answers) {
    if (rr.type !== 'TXT') continue;
    const strings = txtStrings(rr);
    out.push({
      strings,
      text: joinTxt(strings),
      ttl: rr.ttl,
      ...(rr.planned ? { planned: true as const } : {}),
    });
  }
  return out;
}

/**
 * - `data`: NOERROR with at least one record of the type asked for;
 * - `void`: NXDOMAIN, or NOERROR without such a record (NODATA) — RFC 7208 §4.6.4 "void lookup";
 * - `error`: a temporary failure (see isTemporaryFailure).
 */
export type AnswerClass = 'data' | 'void' | 'error';

export function classifyAnswer(response: DnsResponse, type: RRType): AnswerClass {
  if (isTemporaryFailure(response.status)) return 'error';
  if (response.status === 'NXDOMAIN') return 'void';
  return response.answers.some((rr) => rr.type === type) ? 'data' : 'void';
}

/** A response read for one record type: its records of that type, or why there are none. */
export type TypedAnswer =
  | { kind: 'data'; records: DnsRecord[] }
  | { kind: 'void'; status: DnsStatus }
  | { kind: 'error'; status: DnsStatus };

export function typedAnswer(response: DnsResponse, type: RRType): TypedAnswer {
  const kind = classifyAnswer(response, type);
  if (kind === 'data') return { kind, records: response.answers.filter((rr) => rr.type === type) };
  return { kind, status: response.status };
}

/**
 * Asks a resolver and always gets data back: a resolver that rejects anyway (a bug, or a foreign
 * Resolver) and an aborted signal both become an ERROR response (the Resolver contract says DNS
 * outcomes are data). The caller checks `signal.aborted` if it must tell the two apart.
 */
export async function resolveSafely(
  resolver: Resolver,
  name: string,
  type: RRType,
  signal?: AbortSignal,
): Promise<DnsResponse> {
  try {
    return await raceAbort(resolver.resolve(name, type, { signal }), signal);
  } catch (e) {
    return rejectionResponse('resolver', e);
  }
}

/** The CNAME targets the resolver followed from the question name, first hop first. */
export function cnameChain(response: DnsResponse): string[] {
  return response.answers
    .filter((r) => r.type === 'CNAME' && typeof r.data === 'string')
    .map((r) => String(r.data));
}

/** The A and AAAA addresses of the answer. */
export function addresses(response: DnsResponse): string[] {
  return response.answers.filter((r) => r.type === 'A' || r.type === 'AAAA').map((r) => String(r.data));
}
