// The same question to two resolvers at once, and what differs: status, the answer records
// (compared as sets: order carries no meaning in an RRset, RFC 2181 §5) and TTLs. Names the
// one difference that is expected: a Cloudflare-signed zone answers NODATA for names that do
// not exist ("black lies": minimally covering NSEC, RFC 4470), where another path says NXDOMAIN.

import type { Diagnostic } from '../diagnostics/model.ts';
import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { DnsRecord, DnsResponse, ResolveInit, Resolver, RRType } from './model.ts';
import { quoteTxt } from '../shared/txt.ts';

export interface TtlDifference {
  record: string;
  a: number;
  b: number;
}

export interface ResolverComparison {
  name: string;
  type: RRType;
  a: DnsResponse;
  b: DnsResponse;
  /** Same status and the same set of records (TTLs aside: caches count them down). */
  agree: boolean;
  /** Records (`name TYPE data`, presentation form) only one side returned. */
  onlyA: string[];
  onlyB: string[];
  ttlDifferences: TtlDifference[];
  /** Which side answered NODATA where the other answered NXDOMAIN. */
  blackLie?: 'a' | 'b';
  diagnostics: Diagnostic[];
}

/** One line per record, comparable across the JSON and wire clients. */
export function recordKey(r: DnsRecord): string {
  const d = r.data;
  const text = Array.isArray(d) ? quoteTxt(d) : typeof d === 'string' ? d : `${d.preference} ${d.exchange}`;
  return `${r.name} ${r.type} ${text}`;
}

function isNoData(r: DnsResponse, type: RRType): boolean {
  return r.status === 'NOERROR' && !r.answers.some((a) => a.type === type);
}

export async function compareResolvers(
  a: Resolver,
  b: Resolver,
  name: string,
  type: RRType,
  init?: ResolveInit,
): Promise<ResolverComparison> {
  const [ra, rb] = await Promise.all([a.resolve(name, type, init), b.resolve(name, type, init)]);
  const keysA = new Map(ra.answers.map((r) => [recordKey(r), r.ttl]));
  const keysB = new Map(rb.answers.map((r) => [recordKey(r), r.ttl]));
  const onlyA = [...keysA.keys()].filter((k) => !keysB.has(k));
  const onlyB = [...keysB.keys()].filter((k) => !keysA.has(k));
  const ttlDifferences: TtlDifference[] = [];
  for (const [record, ttlA] of keysA) {
    const ttlB = keysB.get(record);
    if (ttlB !== undefined && ttlB !== ttlA) ttlDifferences.push({ record, a: ttlA, b: ttlB });
  }

  const labels = { a: ra.resolver, b: rb.resolver };
  const diagnostics: Diagnostic[] = [];
  let blackLie: 'a' | 'b' | undefined;
  if (isNoData(ra, type) && rb.status === 'NXDOMAIN') blackLie = 'a';
  if (isNoData(rb, type) && ra.status === 'NXDOMAIN') blackLie = 'b';
  if (blackLie) {
    const [nodata, nxdomain] = blackLie === 'a' ? [labels.a, labels.b] : [labels.b, labels.a];
    diagnostics.push(diagnostic('dns/black-lie', { params: { nodata, nxdomain } }));
  } else if (ra.status !== rb.status) {
    const params = { ...labels, statusA: ra.status, statusB: rb.status };
    diagnostics.push(diagnostic('dns/status-differs', { params }));
  }
  if (onlyA.length > 0 || onlyB.length > 0)
    diagnostics.push(diagnostic('dns/answers-differ', { params: labels }));

  const comparison: ResolverComparison = {
    name,
    type,
    a: ra,
    b: rb,
    agree: ra.status === rb.status && onlyA.length === 0 && onlyB.length === 0,
    onlyA,
    onlyB,
    ttlDifferences,
    diagnostics,
  };
  if (blackLie) comparison.blackLie = blackLie;
  return comparison;
}
