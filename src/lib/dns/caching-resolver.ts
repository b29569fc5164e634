// A cache in front of any Resolver: answers kept for their TTL (RFC 1035 §3.2.1), negative
// answers (NXDOMAIN, NODATA) for min(SOA TTL, SOA MINIMUM) (RFC 2308 §5) or a short default,
// and concurrent identical questions sent once. Failures (TIMEOUT, ERROR, SERVFAIL, REFUSED)
// are never cached: the user's "retry" must ask again.

import { normalizeQueryName } from '../shared/domain-name.ts';
import type { DnsResponse, ResolveInit, Resolver, RRType } from './model.ts';
import { negativeTtlOf } from './record-data.ts';
import { abortedResponse, rejectionResponse } from './response.ts';

/** Used when a negative answer carries no SOA. */
export const DEFAULT_NEGATIVE_TTL_S = 60;
/** RFC 2308 §5 suggests 1–3 hours for negative caching; a checker the user is fixing DNS
 *  with re-asks sooner. */
export const MAX_NEGATIVE_TTL_S = 300;
/** Records the user just changed must show up: positive answers are kept at most this long. */
export const MAX_POSITIVE_TTL_S = 300;
export const DEFAULT_MAX_ENTRIES = 2000;

export interface CachingOptions {
  negativeTtlS?: number;
  maxNegativeTtlS?: number;
  maxTtlS?: number;
  maxEntries?: number;
  /** ms clock (tests). */
  now?: () => number;
}

export interface CachingResolver extends Resolver {
  /** Forgets one question (the UI's "retry"), or everything. */
  forget(name: string, type: RRType): void;
  clear(): void;
  readonly size: number;
}

interface Entry {
  response: DnsResponse;
  storedAt: number;
  expiresAt: number;
}

interface Flight {
  promise: Promise<DnsResponse>;
  controller: AbortController;
  waiters: number;
}

function keyOf(name: string, type: RRType): string {
  const n = normalizeQueryName(name);
  return `${n.ok ? n.name : name}|${type}`;
}

export function cachingResolver(inner: Resolver, o: CachingOptions = {}): CachingResolver {
  const now = o.now ?? Date.now;
  const maxEntries = o.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const cache = new Map<string, Entry>();
  const flights = new Map<string, Flight>();

  const ttlOf = (r: DnsResponse): number | null => {
    const negative = r.status === 'NXDOMAIN' || (r.status === 'NOERROR' && r.answers.length === 0);
    if (negative) {
      const soa = negativeTtlOf(r.authority) ?? o.negativeTtlS ?? DEFAULT_NEGATIVE_TTL_S;
      return Math.min(soa, o.maxNegativeTtlS ?? MAX_NEGATIVE_TTL_S);
    }
    if (r.status !== 'NOERROR') return null;
    return Math.min(...r.answers.map((a) => a.ttl), o.maxTtlS ?? MAX_POSITIVE_TTL_S);
  };

  const store = (key: string, r: DnsResponse) => {
    const ttl = ttlOf(r);
    if (ttl === null || ttl <= 0) return;
    cache.delete(key);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    const t = now();
    cache.set(key, { response: r, storedAt: t, expiresAt: t + ttl * 1000 });
  };

  /** A cached answer, its TTLs counted down as a resolver's cache does (RFC 1035 §3.2.1). */
  const aged = (e: Entry): DnsResponse => {
    const elapsed = Math.floor((now() - e.storedAt) / 1000);
    const age = <T extends { ttl: number }>(r: T): T => ({ ...r, ttl: Math.max(0, r.ttl - elapsed) });
    const out: DnsResponse = { ...e.response, answers: e.response.answers.map(age) };
    if (e.response.authority) out.authority = e.response.authority.map(age);
    return out;
  };

  return {
    get size() {
      return cache.size;
    },
    forget(name, type) {
      cache.delete(keyOf(name, type));
    },
    clear() {
      cache.clear();
    },
    resolve(name: string, type: RRType, init: ResolveInit = {}): Promise<DnsResponse> {
      const key = keyOf(name, type);
      const hit = cache.get(key);
      if (hit && hit.expiresAt > now()) return Promise.resolve(aged(hit));
      if (hit) cache.delete(key);
      if (init.signal?.aborted) return Promise.resolve(abortedResponse('cache'));

      let flight = flights.get(key);
      if (!flight) {
        const controller = new AbortController();
        const started: Flight = {
          controller,
          waiters: 0,
          promise: inner
            .resolve(name, type, { signal: controller.signal })
            .catch((e: unknown) => rejectionResponse('cache', e))
            .then((r) => {
              if (flights.get(key) === started) flights.delete(key);
              if (!controller.signal.aborted) store(key, r);
              return r;
            }),
        };
        flight = started;
        flights.set(key, flight);
      }
      const shared = flight;
      shared.waiters++;
      const signal = init.signal;
      if (!signal) return shared.promise;
      // The shared query is cancelled only when every caller waiting for it has given up.
      return new Promise<DnsResponse>((resolve) => {
        const onAbort = () => {
          shared.waiters--;
          if (shared.waiters === 0) {
            if (flights.get(key) === shared) flights.delete(key);
            shared.controller.abort(signal.reason);
          }
          resolve(abortedResponse('cache'));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        shared.promise.then((r) => {
          signal.removeEventListener('abort', onAbort);
          resolve(r);
        });
      });
    },
  };
}
