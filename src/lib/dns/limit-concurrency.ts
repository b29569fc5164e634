// At most `n` queries in flight through a Resolver; the rest wait in order. Keeps an audit's
// burst of lookups under a DoH service's per-client limits (Google: 1500 queries/s, docs/dns-over-https.md;
// AliDNS's free tier is throttled per address). A query cancelled while waiting leaves the queue.

import type { DnsResponse, ResolveInit, Resolver, RRType } from './model.ts';
import { abortedResponse, rejectionResponse } from './response.ts';

export const DEFAULT_CONCURRENCY = 8;

export interface LimitedResolver extends Resolver {
  readonly active: number;
  readonly waiting: number;
}

export function limitConcurrency(inner: Resolver, n: number = DEFAULT_CONCURRENCY): LimitedResolver {
  const limit = Math.max(1, Math.floor(n));
  let active = 0;
  const queue: Array<() => void> = [];

  const next = () => {
    while (active < limit && queue.length > 0) queue.shift()!();
  };

  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    resolve(name: string, type: RRType, init: ResolveInit = {}): Promise<DnsResponse> {
      return new Promise<DnsResponse>((resolve) => {
        const signal = init.signal;
        const start = () => {
          signal?.removeEventListener('abort', onAbort);
          active++;
          inner
            .resolve(name, type, init)
            .catch((e: unknown) => rejectionResponse('limit', e))
            .then((r) => {
              active--;
              next();
              resolve(r);
            });
        };
        const onAbort = () => {
          const at = queue.indexOf(start);
          if (at !== -1) queue.splice(at, 1);
          resolve(abortedResponse('queue'));
        };
        if (signal?.aborted) return resolve(abortedResponse('queue'));
        if (active < limit) return start();
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(start);
      });
    },
  };
}
