// An in-memory Resolver over the openspf `zonedata` shape (conformance/spf/FORMAT.md §4–§6):
// used by the SPF suite, our tests, the benchmark and the what-if editor. It keeps a log of the
// queries it received so tests can assert how many lookups were made and in what order.

import { checkDnsName } from '../shared/domain-name.ts';
import { parsePresentationData } from './record-data.ts';
import { rrTypeOf } from './rr-types.ts';
import type { DnsRecord, DnsResponse, ResolveInit, Resolver, RRType, Zone, ZoneEntry } from './model.ts';

export const ZONE_TTL = 300;
const MAX_CNAME_CHAIN = 16;

export interface ZoneQuery {
  name: string;
  type: RRType;
  /** ms since the resolver was made, when the query arrived */
  at: number;
  /** ms since the resolver was made, when it was answered */
  doneAt?: number;
}

export interface ZoneResolver extends Resolver {
  readonly log: ZoneQuery[];
  clearLog(): void;
}

export interface ZoneResolverOptions {
  /** Added before every answer (tests of concurrency, the benchmark). */
  delayMs?: number;
  label?: string;
  /**
   * Zone apexes signed with DNSSEC and validated: answers for names at or below them carry the
   * AD bit (RFC 4035 §3.2.3), as a validating resolver sets it. Every other answer has AD clear.
   */
  signed?: readonly string[];
}

function normalize(name: string): string {
  return (name.endsWith('.') ? name.slice(0, -1) : name).toLowerCase();
}

type Item = { type: string; value: unknown } | 'TIMEOUT' | 'SERVFAIL';

/** The items at one name, and the target of its first CNAME item (found once, when indexing). */
interface Node {
  items: Item[];
  cname?: string;
}

function itemsOf(entries: readonly ZoneEntry[]): Item[] {
  const items: Item[] = [];
  const spf: unknown[] = [];
  let hasTxt = false;
  for (const entry of entries) {
    if (entry === 'TIMEOUT' || entry === 'SERVFAIL') {
      items.push(entry);
      continue;
    }
    const [type, value] = Object.entries(entry)[0] ?? [];
    if (type === undefined) continue;
    if (type === 'TXT') hasTxt = true;
    if (type === 'SPF') {
      if (value !== 'NONE') spf.push(value);
      continue;
    }
    if (value === 'NONE') continue;
    items.push({ type, value });
  }
  // FORMAT.md §6.2: a name without any TXT item gets a TXT copy of every SPF item, appended.
  if (!hasTxt) for (const value of spf) items.push({ type: 'TXT', value });
  return items;
}

function toData(type: string, value: unknown): DnsRecord['data'] {
  if (type === 'TXT') return Array.isArray(value) ? value.map(String) : [String(value)];
  if (type === 'MX') {
    const [preference, exchange] = value as [number, string];
    return { preference: Number(preference), exchange: normalize(String(exchange)) };
  }
  if (type === 'CNAME' || type === 'PTR' || type === 'NS') return normalize(String(value));
  if (type === 'AAAA') return String(value).toLowerCase();
  // SOA, CAA, TLSA, DNSKEY in their one presentation form, as the DoH clients give them.
  const rrType = rrTypeOf(type);
  const presented = rrType ? parsePresentationData(rrType, String(value)) : null;
  return typeof presented === 'string' ? presented : String(value);
}

export function zoneResolver(zone: Zone, o: ZoneResolverOptions = {}): ZoneResolver {
  const itemsByName = new Map<string, Item[]>();
  for (const [name, entries] of Object.entries(zone)) {
    const key = normalize(name);
    itemsByName.set(key, [...(itemsByName.get(key) ?? []), ...itemsOf(entries)]);
  }
  const byName = new Map<string, Node>();
  for (const [key, items] of itemsByName) {
    const cname = items.find(
      (i): i is { type: string; value: unknown } => i !== 'TIMEOUT' && i !== 'SERVFAIL' && i.type === 'CNAME',
    );
    byName.set(key, cname ? { items, cname: normalize(String(cname.value)) } : { items });
  }
  const started = Date.now();
  const log: ZoneQuery[] = [];
  const resolver = o.label ?? 'zone';
  const signed = (o.signed ?? []).map(normalize);
  const isSigned = (name: string) => signed.some((apex) => name === apex || name.endsWith(`.${apex}`));

  /** `name` is already normalized. */
  const answer = (name: string, type: RRType): DnsResponse => {
    const answers: DnsRecord[] = [];
    let current = name;
    for (let hop = 0; hop <= MAX_CNAME_CHAIN; hop++) {
      const node = byName.get(current);
      if (!node) return { status: 'NXDOMAIN', answers, authenticated: false, resolver };
      if (node.cname !== undefined && type !== 'CNAME') {
        answers.push({ name: current, type: 'CNAME', ttl: ZONE_TTL, data: node.cname });
        current = node.cname;
        continue;
      }
      // The records found here follow the CNAME chain that led to them.
      const chain = answers.length;
      for (const item of node.items) {
        if (item === 'TIMEOUT' || item === 'SERVFAIL') {
          if (answers.length > chain) break;
          return item === 'TIMEOUT'
            ? { status: 'TIMEOUT', answers: [], authenticated: false, resolver, error: 'timeout (zone data)' }
            : { status: 'SERVFAIL', answers: [], authenticated: false, resolver };
        }
        if (item.type === type)
          answers.push({ name: current, type, ttl: ZONE_TTL, data: toData(type, item.value) });
      }
      return { status: 'NOERROR', answers, authenticated: false, resolver };
    }
    // A CNAME loop or an over-long chain: what a recursive resolver reports as SERVFAIL.
    return {
      status: 'SERVFAIL',
      answers: [],
      authenticated: false,
      resolver,
      error: 'CNAME chain too long or looping',
    };
  };

  return {
    log,
    clearLog() {
      log.length = 0;
    },
    async resolve(name: string, type: RRType, init?: ResolveInit): Promise<DnsResponse> {
      const key = normalize(name);
      const entry: ZoneQuery = { name: key, type, at: Date.now() - started };
      log.push(entry);
      const problem = checkDnsName(key);
      if (problem) {
        entry.doneAt = entry.at;
        return {
          status: 'ERROR',
          answers: [],
          authenticated: false,
          resolver,
          error: `invalid name (${problem.kind})`,
        };
      }
      if (o.delayMs) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, o.delayMs);
          init?.signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      if (init?.signal?.aborted) {
        entry.doneAt = Date.now() - started;
        return { status: 'ERROR', answers: [], authenticated: false, resolver, error: 'aborted' };
      }
      const response = answer(key, type);
      // A failed lookup carries no AD bit; an answer does when every name it went through is signed.
      if (response.status === 'NOERROR' || response.status === 'NXDOMAIN') {
        response.authenticated = isSigned(key) && response.answers.every((r) => isSigned(r.name));
      }
      // Without a delay the answer is made in the same turn the query arrived.
      entry.doneAt = o.delayMs ? Date.now() - started : entry.at;
      return response;
    },
  };
}
