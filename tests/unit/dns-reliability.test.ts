// The composable wrappers around any Resolver, against stub resolvers whose behaviour each row
// fixes: time budget, retries, fallback, cache with de-duplication, concurrency limit.
import { describe, expect, it } from 'vitest';
import {
  cachingResolver,
  createResolver,
  fallbackResolver,
  limitConcurrency,
  RESOLVER_PRESETS,
  resolverPreset,
  withRetry,
  withTimeout,
  type DnsResponse,
  type DnsStatus,
  type ResolveInit,
  type Resolver,
  type RRType,
} from '../../src/lib/index.ts';

function answer(status: DnsStatus, o: Partial<DnsResponse> = {}): DnsResponse {
  return { status, answers: [], authenticated: false, resolver: 'stub', ...o };
}

/** A resolver that answers from a script and counts calls; `delayMs` honours the abort signal. */
function stub(script: (call: number, name: string) => DnsResponse, delayMs = 0) {
  let calls = 0;
  let active = 0;
  let maxActive = 0;
  const resolver: Resolver = {
    async resolve(name: string, _type: RRType, init?: ResolveInit) {
      const call = ++calls;
      active++;
      maxActive = Math.max(maxActive, active);
      try {
        if (delayMs > 0) {
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, delayMs);
            init?.signal?.addEventListener('abort', () => {
              clearTimeout(t);
              resolve();
            });
          });
        }
        if (init?.signal?.aborted) return answer('ERROR', { error: 'aborted' });
        return script(call, name);
      } finally {
        active--;
      }
    },
  };
  return {
    resolver,
    get calls() {
      return calls;
    },
    get maxActive() {
      return maxActive;
    },
  };
}

const A = (ttl: number) =>
  answer('NOERROR', { answers: [{ name: 'example.com', type: 'A', ttl, data: '192.0.2.1' }] });

describe('withTimeout', () => {
  it('TIMEOUT within the budget even when the inner resolver ignores its signal (RFC 7208 §2.6.6)', async () => {
    const never: Resolver = { resolve: () => new Promise(() => {}) };
    const t0 = performance.now();
    const r = await withTimeout(never, { timeoutMs: 80, label: 'slow' }).resolve('example.com', 'A');
    expect(performance.now() - t0).toBeLessThan(500);
    expect(r).toMatchObject({
      status: 'TIMEOUT',
      resolver: 'slow',
      problem: { code: 'dns/timeout', params: { ms: 80 } },
    });
  });

  it('aborts the inner query through the joined signal (AbortSignal.any)', async () => {
    let seen: AbortSignal | undefined;
    const inner: Resolver = {
      resolve: (_n, _t, init) => {
        seen = init?.signal;
        return new Promise(() => {});
      },
    };
    await withTimeout(inner, { timeoutMs: 30 }).resolve('example.com', 'A', {
      signal: new AbortController().signal,
    });
    expect(seen?.aborted).toBe(true);
  });

  it('the caller’s abort ends it at once as ERROR dns/aborted', async () => {
    const s = stub(() => A(1), 5000);
    const c = new AbortController();
    const p = withTimeout(s.resolver, { timeoutMs: 10000 }).resolve('example.com', 'A', { signal: c.signal });
    c.abort();
    expect((await p).problem?.code).toBe('dns/aborted');
  });

  it('an inner rejection becomes an ERROR response: a resolver never rejects', async () => {
    const throwing: Resolver = { resolve: () => Promise.reject(new Error('boom')) };
    const r = await withTimeout(throwing, { timeoutMs: 100 }).resolve('example.com', 'A');
    expect(r).toMatchObject({ status: 'ERROR', error: expect.stringContaining('boom') });
  });
});

describe('withRetry (RFC 6585 §4, RFC 9110 §15.6)', () => {
  const rows: Array<{ title: string; spec: string; first: DnsResponse; calls: number }> = [
    {
      title: 'HTTP 500 retried',
      spec: 'RFC 9110 §15.6.1',
      first: answer('ERROR', { httpStatus: 500 }),
      calls: 3,
    },
    { title: 'HTTP 429 retried', spec: 'RFC 6585 §4', first: answer('ERROR', { httpStatus: 429 }), calls: 3 },
    {
      title: 'HTTP 404 not retried',
      spec: 'RFC 9110 §15.5.5',
      first: answer('ERROR', { httpStatus: 404 }),
      calls: 1,
    },
    { title: 'network error not retried', spec: 'RFC 8484 §4.2.1', first: answer('ERROR'), calls: 1 },
    {
      title: 'SERVFAIL is an answer, not retried',
      spec: 'RFC 1035 §4.1.1',
      first: answer('SERVFAIL'),
      calls: 1,
    },
    { title: 'NXDOMAIN not retried', spec: 'RFC 1035 §4.1.1', first: answer('NXDOMAIN'), calls: 1 },
  ];
  for (const row of rows) {
    it(`${row.title} (${row.spec})`, async () => {
      const s = stub(() => row.first);
      await withRetry(s.resolver, { retries: 2, delaysMs: [1] }).resolve('example.com', 'A');
      expect(s.calls).toBe(row.calls);
    });
  }

  it('waits the given pauses between attempts, then succeeds', async () => {
    const s = stub((call) => (call < 3 ? answer('ERROR', { httpStatus: 503 }) : A(60)));
    const t0 = performance.now();
    const r = await withRetry(s.resolver, { retries: 2, delaysMs: [40, 80] }).resolve('example.com', 'A');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(115);
    expect([r.status, s.calls]).toEqual(['NOERROR', 3]);
  });

  it('an abort during the pause stops retrying', async () => {
    const s = stub(() => answer('ERROR', { httpStatus: 500, error: 'HTTP 500' }));
    const c = new AbortController();
    const p = withRetry(s.resolver, { retries: 5, delaysMs: [10000] }).resolve('example.com', 'A', {
      signal: c.signal,
    });
    setTimeout(() => c.abort(), 20);
    const r = await p;
    expect(s.calls).toBe(1);
    expect(r.status).toBe('ERROR');
  });
});

describe('fallbackResolver', () => {
  const rows: Array<{ title: string; spec: string; primary: DnsResponse; fallsBack: boolean }> = [
    { title: 'TIMEOUT falls back', spec: 'RFC 7208 §2.6.6', primary: answer('TIMEOUT'), fallsBack: true },
    {
      title: 'ERROR (HTTP, CORS) falls back',
      spec: 'RFC 8484 §4.2.1',
      primary: answer('ERROR'),
      fallsBack: true,
    },
    { title: 'REFUSED falls back', spec: 'RFC 1035 §4.1.1', primary: answer('REFUSED'), fallsBack: true },
    {
      title: 'SERVFAIL is a DNS answer: no fallback',
      spec: 'RFC 1035 §4.1.1',
      primary: answer('SERVFAIL'),
      fallsBack: false,
    },
    {
      title: 'NXDOMAIN is a DNS answer: no fallback',
      spec: 'RFC 1035 §4.1.1',
      primary: answer('NXDOMAIN'),
      fallsBack: false,
    },
    {
      title: 'NODATA is a DNS answer: no fallback',
      spec: 'RFC 2308 §2.2',
      primary: answer('NOERROR'),
      fallsBack: false,
    },
    {
      title: 'an invalid name would fail everywhere: no fallback',
      spec: 'RFC 1035 §2.3.4',
      primary: answer('ERROR', { problem: { code: 'dns/invalid-name', severity: 'error' } }),
      fallsBack: false,
    },
  ];
  for (const row of rows) {
    it(`${row.title} (${row.spec})`, async () => {
      const primary = stub(() => ({ ...row.primary, resolver: 'primary', error: 'why' }));
      const secondary = stub(() => ({ ...A(60), resolver: 'secondary' }));
      const r = await fallbackResolver([primary.resolver, secondary.resolver]).resolve('example.com', 'A');
      expect(secondary.calls).toBe(row.fallsBack ? 1 : 0);
      expect(r.resolver).toBe(row.fallsBack ? 'secondary' : 'primary');
      if (row.fallsBack)
        expect(r.fallbackFrom).toEqual([{ resolver: 'primary', status: row.primary.status, error: 'why' }]);
    });
  }

  it('all failing: the last failure, listing the ones before', async () => {
    const one = stub(() => answer('TIMEOUT', { resolver: 'one' }));
    const two = stub(() => answer('ERROR', { resolver: 'two', httpStatus: 403 }));
    const r = await fallbackResolver([one.resolver, two.resolver]).resolve('example.com', 'A');
    expect(r).toMatchObject({
      status: 'ERROR',
      resolver: 'two',
      fallbackFrom: [{ resolver: 'one', status: 'TIMEOUT' }],
    });
  });
});

describe('cachingResolver', () => {
  function clock() {
    let t = 1_000_000;
    return { now: () => t, advance: (s: number) => (t += s * 1000) };
  }

  it('keeps an answer for its TTL, counting the TTL down (RFC 1035 §3.2.1)', async () => {
    const c = clock();
    const s = stub(() => A(60));
    const cache = cachingResolver(s.resolver, { now: c.now });
    await cache.resolve('example.com', 'A');
    c.advance(59);
    const again = await cache.resolve('EXAMPLE.com.', 'A');
    expect(s.calls).toBe(1);
    expect(again.answers[0].ttl).toBe(1);
    c.advance(1);
    await cache.resolve('example.com', 'A');
    expect(s.calls).toBe(2);
  });

  it('caps long TTLs so a record the user just changed shows up', async () => {
    const c = clock();
    const s = stub(() => A(86400));
    const cache = cachingResolver(s.resolver, { now: c.now, maxTtlS: 300 });
    await cache.resolve('example.com', 'A');
    c.advance(301);
    await cache.resolve('example.com', 'A');
    expect(s.calls).toBe(2);
  });

  it('negative answers for min(SOA TTL, SOA MINIMUM) (RFC 2308 §5)', async () => {
    const c = clock();
    const soa = { name: 'example.com', type: 'SOA' as const, ttl: 3600, data: 'ns dns 1 2 3 4 30' };
    const s = stub(() => answer('NXDOMAIN', { authority: [soa] }));
    const cache = cachingResolver(s.resolver, { now: c.now });
    await cache.resolve('nope.example.com', 'TXT');
    c.advance(29);
    await cache.resolve('nope.example.com', 'TXT');
    expect(s.calls).toBe(1);
    c.advance(1);
    await cache.resolve('nope.example.com', 'TXT');
    expect(s.calls).toBe(2);
  });

  it('NODATA without SOA: a short default (RFC 2308 §5)', async () => {
    const c = clock();
    const s = stub(() => answer('NOERROR'));
    const cache = cachingResolver(s.resolver, { now: c.now, negativeTtlS: 10 });
    await cache.resolve('example.com', 'AAAA');
    c.advance(9);
    await cache.resolve('example.com', 'AAAA');
    c.advance(1);
    await cache.resolve('example.com', 'AAAA');
    expect(s.calls).toBe(2);
  });

  for (const status of ['TIMEOUT', 'ERROR', 'SERVFAIL', 'REFUSED'] as const) {
    it(`${status} is not cached: a retry asks again (RFC 2308 §7)`, async () => {
      const s = stub(() => answer(status));
      const cache = cachingResolver(s.resolver);
      await cache.resolve('example.com', 'A');
      await cache.resolve('example.com', 'A');
      expect(s.calls).toBe(2);
    });
  }

  it('concurrent identical questions go out once; other types separately', async () => {
    const s = stub(() => A(60), 30);
    const cache = cachingResolver(s.resolver);
    const all = await Promise.all([
      ...Array.from({ length: 5 }, () => cache.resolve('example.com', 'A')),
      cache.resolve('example.com', 'TXT'),
    ]);
    expect(s.calls).toBe(2);
    expect(all.slice(0, 5).every((r) => r.status === 'NOERROR')).toBe(true);
  });

  it('one waiter giving up does not cancel the shared query for the others', async () => {
    const s = stub(() => A(60), 40);
    const cache = cachingResolver(s.resolver);
    const c = new AbortController();
    const quitter = cache.resolve('example.com', 'A', { signal: c.signal });
    const stayer = cache.resolve('example.com', 'A');
    c.abort();
    expect((await quitter).problem?.code).toBe('dns/aborted');
    expect((await stayer).status).toBe('NOERROR');
    expect(s.calls).toBe(1);
  });

  it('when every waiter gives up, the shared query is aborted and nothing is cached', async () => {
    const s = stub(() => A(60), 40);
    const cache = cachingResolver(s.resolver);
    const c = new AbortController();
    const p = cache.resolve('example.com', 'A', { signal: c.signal });
    c.abort();
    await p;
    await new Promise((r) => setTimeout(r, 60));
    expect(cache.size).toBe(0);
    expect((await cache.resolve('example.com', 'A')).status).toBe('NOERROR');
    expect(s.calls).toBe(2);
  });

  it('forget() and clear() make the next question go out', async () => {
    const s = stub(() => A(60));
    const cache = cachingResolver(s.resolver);
    await cache.resolve('example.com', 'A');
    cache.forget('example.com.', 'A');
    await cache.resolve('example.com', 'A');
    cache.clear();
    await cache.resolve('example.com', 'A');
    expect(s.calls).toBe(3);
  });
});

describe('limitConcurrency', () => {
  it('never more than n in flight, all answered in the end', async () => {
    const s = stub(() => A(1), 20);
    const limited = limitConcurrency(s.resolver, 3);
    const all = await Promise.all(
      Array.from({ length: 10 }, (_, i) => limited.resolve(`n${i}.example.com`, 'A')),
    );
    expect(all.every((r) => r.status === 'NOERROR')).toBe(true);
    expect(s.maxActive).toBe(3);
  });

  it('a query cancelled while waiting leaves the queue without being sent', async () => {
    const s = stub(() => A(1), 30);
    const limited = limitConcurrency(s.resolver, 1);
    const c = new AbortController();
    const first = limited.resolve('a.example.com', 'A');
    const second = limited.resolve('b.example.com', 'A', { signal: c.signal });
    expect(limited.waiting).toBe(1);
    c.abort();
    expect((await second).problem?.code).toBe('dns/aborted');
    await first;
    expect(s.calls).toBe(1);
  });
});

describe('createResolver and presets (docs/dns-over-https.md)', () => {
  it('presets: Cloudflare JSON default, Google, AliDNS JSON (Google dialect) and wire, DNSPod wire, custom', () => {
    expect(RESOLVER_PRESETS.map((p) => [p.id, p.kind, p.dialect ?? null, p.endpoint])).toEqual([
      ['cloudflare', 'json', 'cloudflare', 'https://cloudflare-dns.com/dns-query'],
      ['google', 'json', 'google', 'https://dns.google/resolve'],
      ['alidns', 'json', 'google', 'https://dns.alidns.com/resolve'],
      ['alidns-wire', 'wire', null, 'https://dns.alidns.com/dns-query'],
      ['dnspod', 'wire', null, 'https://doh.pub/dns-query'],
      ['custom', 'wire', null, ''],
    ]);
  });

  it('composes fallback, cache and the settings’ dialects over one fetch', async () => {
    const urls: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      const url = String(input);
      urls.push(url);
      if (url.startsWith('https://cloudflare-dns.com/')) return new Response('', { status: 502 });
      return new Response(
        JSON.stringify({ Status: 0, Answer: [{ name: 'example.com', type: 1, TTL: 60, data: '192.0.2.1' }] }),
      );
    }) as typeof globalThis.fetch;
    const r = createResolver([resolverPreset('cloudflare')!, resolverPreset('google')!], {
      fetch,
      retries: 0,
    });
    const first = await r.resolve('example.com', 'A');
    expect(first).toMatchObject({ status: 'NOERROR', resolver: 'https://dns.google/resolve' });
    expect(first.fallbackFrom?.[0]).toMatchObject({
      resolver: 'https://cloudflare-dns.com/dns-query',
      status: 'ERROR',
    });
    await r.resolve('example.com', 'A');
    expect(urls).toHaveLength(2);
    r.clear();
    await r.resolve('example.com', 'A');
    expect(urls).toHaveLength(4);
  });
});
