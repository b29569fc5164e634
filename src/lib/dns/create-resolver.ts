// One Resolver from the UI's settings: each endpoint with its time budget and retries, then the
// fallbacks in order, one shared concurrency limit and a cache in front (so a repeated question
// costs nothing and an audit's duplicate lookups go out once). Each endpoint's reachability is
// tracked (reachability.ts), so the UI can tell "cannot reach the resolver" from a DNS failure.

import { cachingResolver, type CachingOptions } from './caching-resolver.ts';
import type { FetchFunction } from './doh-fetch.ts';
import { dohJsonResolver } from './doh-json.ts';
import { dohWireResolver } from './doh-wire.ts';
import { fallbackResolver } from './fallback-resolver.ts';
import { DEFAULT_CONCURRENCY, limitConcurrency } from './limit-concurrency.ts';
import type { Resolver, RRType } from './model.ts';
import type { ResolverSettings } from './presets.ts';
import {
  ReachabilityTracker,
  type EndpointReachability,
  type ReachabilityListener,
  type ReachabilityOptions,
} from './reachability.ts';

export interface CreateResolverOptions {
  timeoutMs?: number;
  retries?: number;
  retryDelaysMs?: readonly number[];
  /** Queries in flight at once, across all endpoints (default 8). */
  concurrency?: number;
  /** `false` for no cache. */
  cache?: boolean | CachingOptions;
  fetch?: FetchFunction;
  /** When an endpoint counts as unreachable (defaults in reachability.ts). */
  reachability?: ReachabilityOptions;
}

export interface ConfiguredResolver extends Resolver {
  /** Forget cached answers: one question, or all. */
  forget(name: string, type: RRType): void;
  clear(): void;
  /** Each endpoint, primary first: unknown, reachable, or unreachable with the reason. */
  reachability(): EndpointReachability[];
  /** Called with every change of `reachability()`; returns the unsubscribe function. */
  onReachability(listener: ReachabilityListener): () => void;
  /** Ask unreachable endpoints again (a new audit, a retry). */
  resetReachability(): void;
}

/** One endpoint, with its own time budget and retries. */
export function endpointResolver(s: ResolverSettings, o: CreateResolverOptions = {}): Resolver {
  const common = {
    endpoint: s.endpoint,
    timeoutMs: o.timeoutMs,
    retries: o.retries,
    retryDelaysMs: o.retryDelaysMs,
    fetch: o.fetch,
    label: s.label,
  };
  return s.kind === 'wire' ? dohWireResolver(common) : dohJsonResolver({ ...common, dialect: s.dialect });
}

/** `settings`: one endpoint, or several asked in order when one times out, errs or refuses. */
export function createResolver(
  settings: ResolverSettings | readonly ResolverSettings[],
  o: CreateResolverOptions = {},
): ConfiguredResolver {
  const list = Array.isArray(settings) ? settings : [settings as ResolverSettings];
  const tracker = new ReachabilityTracker(o.reachability);
  // Inside the concurrency limit: time spent queued is not silence from the endpoint.
  // The last endpoint is never cut short: nothing would answer in its place.
  const endpoints = list.map((s, i) =>
    tracker.wrap(endpointResolver(s, o), s.label ?? s.endpoint, { cutShort: i < list.length - 1 }),
  );
  const chained = endpoints.length === 1 ? endpoints[0] : fallbackResolver(endpoints);
  const limited = limitConcurrency(chained, o.concurrency ?? DEFAULT_CONCURRENCY);
  const reachability = {
    reachability: () => tracker.snapshot(),
    onReachability: (listener: ReachabilityListener) => tracker.subscribe(listener),
    resetReachability: () => tracker.reset(),
  };
  if (o.cache === false) return { resolve: limited.resolve, forget() {}, clear() {}, ...reachability };
  const cached = cachingResolver(limited, o.cache === true || o.cache === undefined ? {} : o.cache);
  return { resolve: cached.resolve, forget: cached.forget, clear: cached.clear, ...reachability };
}
