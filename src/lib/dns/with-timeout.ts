// A per-query time budget around any Resolver: the query is aborted (AbortSignal.any joins the
// caller's signal and ours) and TIMEOUT is reported when the budget runs out, even if the inner
// resolver ignores its signal. A timeout is a temporary failure (RFC 7208 §2.6.6 temperror),
// never a statement about the record.

import type { DnsResponse, ResolveInit, Resolver, RRType } from './model.ts';
import { abortedResponse, rejectionResponse, timeoutResponse } from './response.ts';

export const DEFAULT_TIMEOUT_MS = 5000;

export interface TimeoutOptions {
  timeoutMs?: number;
  /** Named in the TIMEOUT response's `resolver` (the endpoint). */
  label?: string;
}

export function withTimeout(inner: Resolver, o: TimeoutOptions = {}): Resolver {
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const label = o.label ?? 'resolver';
  return {
    resolve(name: string, type: RRType, init: ResolveInit = {}): Promise<DnsResponse> {
      const caller = init.signal;
      if (caller?.aborted) return Promise.resolve(abortedResponse(label));
      const controller = new AbortController();
      const signal = caller ? AbortSignal.any([caller, controller.signal]) : controller.signal;
      return new Promise<DnsResponse>((resolve) => {
        let settled = false;
        const finish = (response: DnsResponse) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          caller?.removeEventListener('abort', onAbort);
          resolve(response);
        };
        const timer = setTimeout(() => {
          controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'));
          finish(timeoutResponse(label, timeoutMs));
        }, timeoutMs);
        const onAbort = () => finish(abortedResponse(label));
        caller?.addEventListener('abort', onAbort, { once: true });
        inner
          .resolve(name, type, { ...init, signal })
          .then(finish, (e: unknown) => finish(rejectionResponse(label, e)));
      });
    },
  };
}
