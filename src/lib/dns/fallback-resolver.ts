// Asking the next resolver when one cannot answer. Only failures to get an answer move on:
// TIMEOUT, ERROR (HTTP, network, CORS, malformed) and REFUSED (this resolver will not serve us).
// NXDOMAIN, NODATA and SERVFAIL are DNS answers (RFC 1035 §4.1.1): SERVFAIL from a working
// recursive resolver means the zone itself is broken, and another resolver would say the same.

import type { DnsResponse, DnsStatus, ResolveInit, Resolver, RRType } from './model.ts';
import { rejectionResponse } from './response.ts';

export const FALL_BACK_ON: readonly DnsStatus[] = ['TIMEOUT', 'ERROR', 'REFUSED'];

export interface FallbackOptions {
  /** Statuses that move on to the next resolver (default TIMEOUT, ERROR, REFUSED). */
  fallBackOn?: readonly DnsStatus[];
}

/** Failures about the question itself or the caller: no other resolver would do better. */
function final(response: DnsResponse, init: ResolveInit): boolean {
  const code = response.problem?.code;
  return init.signal?.aborted === true || code === 'dns/invalid-name' || code === 'dns/aborted';
}

export function fallbackResolver(resolvers: readonly Resolver[], o: FallbackOptions = {}): Resolver {
  const fallBackOn = o.fallBackOn ?? FALL_BACK_ON;
  return {
    async resolve(name: string, type: RRType, init: ResolveInit = {}): Promise<DnsResponse> {
      const passed: NonNullable<DnsResponse['fallbackFrom']> = [];
      let last: DnsResponse | undefined;
      for (const [i, resolver] of resolvers.entries()) {
        const response = await resolver
          .resolve(name, type, init)
          .catch((e: unknown) => rejectionResponse(`resolver ${i + 1}`, e));
        last = passed.length > 0 ? { ...response, fallbackFrom: [...passed] } : response;
        if (!fallBackOn.includes(response.status) || final(response, init)) return last;
        // Issue 10 item 6: the raw answers show why each was passed over, not just that it was.
        const why: (typeof passed)[number] = { resolver: response.resolver, status: response.status };
        if (response.error !== undefined) why.error = response.error;
        if (response.httpStatus !== undefined) why.httpStatus = response.httpStatus;
        if (response.problem !== undefined) why.problem = response.problem;
        passed.push(why);
      }
      return (
        last ?? {
          status: 'ERROR',
          answers: [],
          authenticated: false,
          resolver: 'none',
          error: 'no resolver configured',
        }
      );
    },
  };
}
