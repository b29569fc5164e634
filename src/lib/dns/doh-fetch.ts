// The HTTP half of a DoH query (RFC 8484 §4.2.1: "A successful HTTP response with a 2xx status
// code ... is used for any valid DNS response, regardless of the DNS response code"): every
// way the exchange can fail becomes a DnsResponse instead of an exception.

import type { DnsResponse } from './model.ts';
import { abortedResponse, failure } from './response.ts';
import { parseRetryAfter } from './retry-after.ts';

export type FetchFunction = typeof fetch;

/** The platform fetch, called unbound (browsers refuse `fetch` called on another object). */
export const platformFetch: FetchFunction = (input, init) => globalThis.fetch(input, init);

export type FetchOutcome = { ok: true; response: Response } | { ok: false; response: DnsResponse };

const HTTP_TOO_MANY_REQUESTS = 429;
const HTTP_SERVICE_UNAVAILABLE = 503;
const MS_PER_SECOND = 1000;

/** Browsers say only "Failed to fetch" for CORS refusals and network errors alike; Node adds a cause. */
function networkDetail(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return `${e.message}: ${typeof code === 'string' ? code : cause.message}`;
  }
  return e.message;
}

export async function dohFetch(
  fetchFn: FetchFunction,
  url: string,
  init: RequestInit,
  resolver: string,
): Promise<FetchOutcome> {
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch (e) {
    if (init.signal?.aborted) return { ok: false, response: abortedResponse(resolver) };
    const detail = networkDetail(e);
    return {
      ok: false,
      response: failure(
        'ERROR',
        resolver,
        'dns/cors-or-network',
        `network error or CORS refusal (${detail})`,
        {
          detail,
        },
      ),
    };
  }
  if (!response.ok) {
    // Free the connection; the body of an error page is of no use here.
    response.body?.cancel().catch(() => {});
    const status = response.status;
    // RFC 9110 §10.2.3: servers send Retry-After with 503 and 429 (RFC 6585 §4). A browser shows
    // it to us only if the server lists it in Access-Control-Expose-Headers (it is not a
    // CORS-safelisted response header); without it we fall back to our own pauses.
    const retryAfterMs =
      status === HTTP_TOO_MANY_REQUESTS || status === HTTP_SERVICE_UNAVAILABLE
        ? parseRetryAfter(response.headers.get('Retry-After'))
        : undefined;
    const wait =
      retryAfterMs === undefined ? '' : ` (retry after ${Math.ceil(retryAfterMs / MS_PER_SECOND)} s)`;
    const text = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}${wait}`;
    const failed =
      status === HTTP_TOO_MANY_REQUESTS
        ? failure('ERROR', resolver, 'dns/rate-limited', text, { status }, status)
        : failure('ERROR', resolver, 'dns/http-error', text, { status }, status);
    if (retryAfterMs !== undefined) failed.retryAfterMs = retryAfterMs;
    return { ok: false, response: failed };
  }
  return { ok: true, response };
}

/** Reads the body; a connection cut mid-body is a bad response, an abort is an abort. */
export async function readBody<T>(
  read: () => Promise<T>,
  signal: AbortSignal | undefined,
  resolver: string,
): Promise<{ ok: true; body: T } | { ok: false; response: DnsResponse }> {
  try {
    return { ok: true, body: await read() };
  } catch (e) {
    if (signal?.aborted) return { ok: false, response: abortedResponse(resolver) };
    const detail = `body not received in full: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, response: failure('ERROR', resolver, 'dns/bad-response', detail, { detail }) };
  }
}
