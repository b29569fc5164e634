// Whether a DoH endpoint can be reached at all (issue 15). A network error, a CORS or TLS refusal
// (fetch's TypeError: `dns/cors-or-network`) or a query with no answer in its time budget says
// nothing about DNS; a DNS answer (NOERROR, NXDOMAIN, SERVFAIL, REFUSED: RFC 1035 §4.1.1) or any
// HTTP response, even an error page, says the endpoint is there. An endpoint with
// UNREACHABLE_AFTER_FAILURES transport failures in a row, or that has answered nothing
// UNREACHABLE_SILENCE_MS after its first query went out, is declared unreachable. If another
// endpoint follows it, its queries still waiting end at once (so the fallback is asked without
// waiting out every time budget) and later ones are not sent, except one probe every
// REPROBE_AFTER_MS, until `reset()`. The last endpoint has nothing to fall back to: its queries
// always run their full time budget (a slow but working service still answers), and only its
// state is reported.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import type { DnsResponse, DnsStatus, ResolveInit, Resolver, RRType } from './model.ts';
import { rejectionResponse } from './response.ts';

/** Three failures in a row, not one: a single lost packet or reset connection is not an outage. */
export const UNREACHABLE_AFTER_FAILURES = 3;
/**
 * A working DoH service answers its first query well within this (TLS handshake and one HTTP
 * exchange: a few round trips). An endpoint silent this long from its first query is taken as
 * unreachable, so that with both default resolvers blackholed the user learns it in about
 * twice this time, not after every query's 5 s budget and then the fallback's.
 */
export const UNREACHABLE_SILENCE_MS = 2000;
/** How often one query is still let through to an unreachable endpoint, to notice it is back. */
export const REPROBE_AFTER_MS = 15_000;

export type TransportFailure = 'network' | 'timeout';
export type ReachabilityState = 'unknown' | 'reachable' | 'unreachable';

export interface EndpointReachability {
  /** The endpoint's label, as in DnsResponse.resolver. */
  resolver: string;
  state: ReachabilityState;
  /** Transport failures in a row since the last answer. */
  failures: number;
  /** The last transport failure: why it is (or may be becoming) unreachable. */
  reason?: { kind: TransportFailure; status: DnsStatus; error: string; problem?: Diagnostic };
}

export type ReachabilityListener = (endpoints: readonly EndpointReachability[]) => void;

export interface ReachabilityOptions {
  failures?: number;
  silenceMs?: number;
  reprobeMs?: number;
  now?: () => number;
}

/** `network` and `timeout` are transport failures; `null` for answers, HTTP errors and aborts. */
export function transportFailure(response: DnsResponse): TransportFailure | null {
  const code = response.problem?.code;
  if (code === 'dns/cors-or-network') return 'network';
  if (code === 'dns/timeout' || (response.status === 'TIMEOUT' && code !== 'dns/unreachable'))
    return 'timeout';
  return null;
}

/** Outcomes that say nothing about the endpoint: the caller gave up, the name was invalid, or
 *  the answer is one this tracker made up. */
function neutral(response: DnsResponse): boolean {
  const code = response.problem?.code;
  return code === 'dns/aborted' || code === 'dns/invalid-name' || code === 'dns/unreachable';
}

/** The response for a query to an endpoint already known to be unreachable. */
export function unreachableResponse(
  resolver: string,
  reason: NonNullable<EndpointReachability['reason']>,
  asked: boolean,
): DnsResponse {
  const error = `${asked ? 'cut short' : 'not asked'}: ${resolver} is unreachable (${reason.error})`;
  return {
    status: reason.status,
    answers: [],
    authenticated: false,
    resolver,
    error,
    problem: diagnostic('dns/unreachable', { params: { resolver, detail: reason.error, kind: reason.kind } }),
  };
}

interface Entry {
  public: EndpointReachability;
  /** Anything came back (an answer or an HTTP response) since the last reset. */
  heard: boolean;
  pending: Set<(r: DnsResponse) => void>;
  /** Another endpoint follows: cut short and stop sending once unreachable. */
  cutShort: boolean;
  silenceTimer?: ReturnType<typeof setTimeout>;
  lastProbe: number;
}

export class ReachabilityTracker {
  readonly #failures: number;
  readonly #silenceMs: number;
  readonly #reprobeMs: number;
  readonly #now: () => number;
  readonly #entries: Entry[] = [];
  readonly #listeners = new Set<ReachabilityListener>();

  constructor(o: ReachabilityOptions = {}) {
    this.#failures = Math.max(1, o.failures ?? UNREACHABLE_AFTER_FAILURES);
    this.#silenceMs = o.silenceMs ?? UNREACHABLE_SILENCE_MS;
    this.#reprobeMs = o.reprobeMs ?? REPROBE_AFTER_MS;
    this.#now = o.now ?? Date.now;
  }

  /** Every tracked endpoint, in the order they were wrapped (primary first). */
  snapshot(): EndpointReachability[] {
    return this.#entries.map((e) => ({ ...e.public }));
  }

  /** Called with a snapshot on every change; returns the unsubscribe function. */
  subscribe(listener: ReachabilityListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Forget what was learned: every endpoint is asked again. */
  reset(): void {
    for (const e of this.#entries) {
      e.public = { resolver: e.public.resolver, state: 'unknown', failures: 0 };
      e.heard = false;
      e.lastProbe = 0;
    }
    this.#emit();
  }

  /**
   * `inner` (one endpoint, with its own time budget) with its outcomes recorded under `label`.
   * `cutShort: false` for an endpoint nothing falls back from (the last one): once unreachable,
   * its queries are still sent and waited for.
   */
  wrap(inner: Resolver, label: string, o: { cutShort?: boolean } = {}): Resolver {
    const entry: Entry = {
      public: { resolver: label, state: 'unknown', failures: 0 },
      heard: false,
      pending: new Set(),
      cutShort: o.cutShort ?? true,
      lastProbe: 0,
    };
    this.#entries.push(entry);
    return {
      resolve: (name: string, type: RRType, init: ResolveInit = {}) =>
        this.#resolve(entry, inner, name, type, init),
    };
  }

  async #resolve(
    entry: Entry,
    inner: Resolver,
    name: string,
    type: RRType,
    init: ResolveInit,
  ): Promise<DnsResponse> {
    const reason = entry.public.reason;
    if (entry.cutShort && entry.public.state === 'unreachable' && reason) {
      if (this.#now() - entry.lastProbe < this.#reprobeMs)
        return unreachableResponse(entry.public.resolver, reason, false);
      entry.lastProbe = this.#now();
    }
    const controller = new AbortController();
    const signal = init.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    let cut!: (r: DnsResponse) => void;
    const cutShort = new Promise<DnsResponse>((resolve) => (cut = resolve));
    entry.pending.add(cut);
    this.#armSilence(entry);
    const response = await Promise.race([
      inner
        .resolve(name, type, { ...init, signal })
        .catch((e: unknown) => rejectionResponse(entry.public.resolver, e)),
      cutShort,
    ]);
    entry.pending.delete(cut);
    if (entry.pending.size === 0) this.#disarmSilence(entry);
    if (response.problem?.code === 'dns/unreachable') {
      controller.abort();
      return response;
    }
    this.#record(entry, response);
    return response;
  }

  #record(entry: Entry, response: DnsResponse): void {
    if (neutral(response)) return;
    const failure = transportFailure(response);
    const before = entry.public;
    if (failure === null) {
      entry.heard = true;
      this.#disarmSilence(entry);
      if (before.state === 'reachable' && before.failures === 0) return;
      entry.public = { resolver: before.resolver, state: 'reachable', failures: 0 };
      this.#emit();
      return;
    }
    const reason = {
      kind: failure,
      status: response.status,
      error: response.error ?? response.status,
      problem: response.problem,
    };
    const failures = before.failures + 1;
    if (before.state === 'unreachable' || failures >= this.#failures) this.#declare(entry, reason, failures);
    else {
      entry.public = { ...before, failures, reason };
      this.#emit();
    }
  }

  #declare(entry: Entry, reason: NonNullable<EndpointReachability['reason']>, failures: number): void {
    entry.public = { resolver: entry.public.resolver, state: 'unreachable', failures, reason };
    entry.lastProbe = this.#now();
    this.#disarmSilence(entry);
    // Queries still waiting on it would only run out their time budgets: end them now, so the
    // next endpoint is asked.
    const waiting = entry.cutShort ? [...entry.pending] : [];
    for (const cut of waiting) entry.pending.delete(cut);
    for (const cut of waiting) cut(unreachableResponse(entry.public.resolver, reason, true));
    this.#emit();
  }

  #armSilence(entry: Entry): void {
    if (entry.heard || entry.silenceTimer !== undefined || entry.public.state === 'unreachable') return;
    const ms = this.#silenceMs;
    entry.silenceTimer = setTimeout(() => {
      entry.silenceTimer = undefined;
      if (entry.heard || entry.pending.size === 0) return;
      const error = `no answer to any query within ${ms} ms`;
      const problem = diagnostic('dns/timeout', { params: { resolver: entry.public.resolver, ms } });
      this.#declare(entry, { kind: 'timeout', status: 'TIMEOUT', error, problem }, entry.public.failures);
    }, ms);
  }

  #disarmSilence(entry: Entry): void {
    if (entry.silenceTimer === undefined) return;
    clearTimeout(entry.silenceTimer);
    entry.silenceTimer = undefined;
  }

  #emit(): void {
    const snapshot = this.snapshot();
    for (const listener of this.#listeners) listener(snapshot);
  }
}
