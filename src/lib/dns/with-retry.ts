// Retrying what a DoH server says is worth retrying: HTTP 429 (RFC 6585 §4, rate limit) and 5xx
// (RFC 9110 §15.6), a bounded number of times with growing pauses. DNS answers (NXDOMAIN,
// SERVFAIL…) are never retried: they are what the resolver knows. A `Retry-After` the server
// sent (RFC 9110 §10.2.3) is honoured: never asked again sooner; not at all when it asks for
// longer than MAX_RETRY_AFTER_MS, which would stall the whole audit behind one answer.

import type { DnsResponse, ResolveInit, Resolver, RRType } from './model.ts';
import { rejectionResponse } from './response.ts';

export const DEFAULT_RETRIES = 2;
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [100, 300];

/** The longest server-requested wait we sit out: beyond it the failure is reported as it is
 *  (the per-query time budget, DEFAULT_TIMEOUT_MS = 5 s, would cut a longer wait anyway). */
export const MAX_RETRY_AFTER_MS = 3000;

const HTTP_TOO_MANY_REQUESTS = 429;
const HTTP_SERVER_ERROR_MIN = 500;

export interface RetryOptions {
  /** Extra attempts after the first. */
  retries?: number;
  /** Pause before retry n (the last value repeats). */
  delaysMs?: readonly number[];
  retryOn?: (response: DnsResponse) => boolean;
  /** Named in the response if the inner resolver rejects (it should not). */
  label?: string;
}

export function isRetryable(response: DnsResponse): boolean {
  const http = response.httpStatus;
  return (
    response.status === 'ERROR' &&
    http !== undefined &&
    (http === HTTP_TOO_MANY_REQUESTS || http >= HTTP_SERVER_ERROR_MIN)
  );
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function noteAttempts(response: DnsResponse, attempts: number): DnsResponse {
  if (attempts < 2) return response;
  const out = { ...response, error: `${response.error ?? response.status} (after ${attempts} attempts)` };
  if (out.problem) out.problem = { ...out.problem, params: { ...out.problem.params, attempts } };
  return out;
}

export function withRetry(inner: Resolver, o: RetryOptions = {}): Resolver {
  const retries = Math.max(0, o.retries ?? DEFAULT_RETRIES);
  const delays = o.delaysMs && o.delaysMs.length > 0 ? o.delaysMs : DEFAULT_RETRY_DELAYS_MS;
  const retryOn = o.retryOn ?? isRetryable;
  return {
    async resolve(name: string, type: RRType, init: ResolveInit = {}): Promise<DnsResponse> {
      for (let attempt = 0; ; attempt++) {
        const response = await inner
          .resolve(name, type, init)
          .catch((e: unknown) => rejectionResponse(o.label ?? 'resolver', e));
        const asked = response.retryAfterMs;
        if (
          attempt >= retries ||
          !retryOn(response) ||
          init.signal?.aborted ||
          (asked !== undefined && asked > MAX_RETRY_AFTER_MS)
        ) {
          return noteAttempts(response, attempt + 1);
        }
        const own = delays[Math.min(attempt, delays.length - 1)];
        await pause(asked === undefined ? own : Math.max(own, asked), init.signal);
        if (init.signal?.aborted) return noteAttempts(response, attempt + 1);
      }
    },
  };
}
