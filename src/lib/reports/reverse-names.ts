// Reverse DNS names of report source IPs (RFC 1035 §3.5 in-addr.arpa, RFC 3596 §2.5 ip6.arpa),
// asked only when the user requests them: through the resolver the user chose, a few at a time,
// each address once per resolver.

import { resolveSafely } from '../dns/answer.ts';
import type { Resolver } from '../dns/model.ts';
import { clientAddress } from '../spf/ip.ts';

/** PTR queries in flight at once; a year of reports can name thousands of addresses. */
export const DEFAULT_REVERSE_CONCURRENCY = 6;

export interface ReverseNamesOptions {
  concurrency?: number;
  signal?: AbortSignal;
}

/** Per resolver, per address: the names found (a failed lookup is not cached, so it can be retried). */
const cache = new WeakMap<Resolver, Map<string, Promise<string[] | null>>>();

async function lookup(ip: string, resolver: Resolver, signal?: AbortSignal): Promise<string[] | null> {
  const address = clientAddress(ip);
  if (!address) return [];
  const response = await resolveSafely(resolver, address.reverseName, 'PTR', signal);
  if (response.status === 'NXDOMAIN') return [];
  if (response.status !== 'NOERROR') return null;
  return response.answers.filter((rr) => rr.type === 'PTR').map((rr) => String(rr.data).replace(/\.$/, ''));
}

/**
 * The PTR names of each address (an empty list when it has none; left out when the lookup
 * failed or was aborted). Never rejects.
 */
export async function reverseNames(
  ips: readonly string[],
  resolver: Resolver,
  o: ReverseNamesOptions = {},
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  let perResolver = cache.get(resolver);
  if (!perResolver) cache.set(resolver, (perResolver = new Map()));
  const queue = [...new Set(ips)];
  const workers = Math.max(1, Math.min(o.concurrency ?? DEFAULT_REVERSE_CONCURRENCY, queue.length));
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < queue.length && !o.signal?.aborted) {
      const ip = queue[next++];
      let pending = perResolver.get(ip);
      if (!pending) {
        pending = lookup(ip, resolver, o.signal).catch(() => null);
        perResolver.set(ip, pending);
      }
      const names = await pending;
      if (names === null) perResolver.delete(ip);
      else out.set(ip, names);
    }
  };
  await Promise.all(Array.from({ length: workers }, run));
  return out;
}
