// The wrappers and the comparison against the test DoH server, counting the hits it saw:
// fallback between endpoints, cache and in-flight de-duplication, the concurrency limit,
// compareResolvers (black lies), and the server's own HTTP surface (CORS, POST, control API).
import * as packet from '@leichtgewicht/dns-packet';
import { describe, expect, inject, it } from 'vitest';
import {
  cachingResolver,
  compareResolvers,
  createResolver,
  dohJsonResolver,
  dohWireResolver,
  fallbackResolver,
  limitConcurrency,
  type Zone,
} from '../../src/lib/index.ts';
import {
  registerZone,
  resetZoneStats,
  uniqueZoneId,
  zoneEndpoints,
  zoneStats,
} from '../support/doh-zones.ts';

const base = inject('dohUrl');

const ZONE: Zone = {
  'example.com': [{ A: '192.0.2.1' }, { TXT: 'v=spf1 -all' }, { MX: [10, 'mx.example.com'] }],
  'broken.example.com': ['SERVFAIL'],
  'other.example.com': [{ A: '192.0.2.2' }],
};

async function fresh(zone: Parameters<typeof registerZone>[1] = ZONE) {
  const id = uniqueZoneId('int');
  const endpoints = await registerZone(id, zone, base);
  return { id, endpoints, hits: async () => (await zoneStats(id, base)).hits };
}

describe('fallbackResolver against the server', () => {
  it('HTTP 503 at the first endpoint: the second answers and is named (RFC 9110 §15.6.4)', async () => {
    const z = await fresh();
    const primary = dohJsonResolver({
      endpoint: zoneEndpoints(base, z.id, '/fault/503').cloudflare,
      retries: 0,
    });
    const secondary = dohWireResolver({ endpoint: z.endpoints.wire });
    const r = await fallbackResolver([primary, secondary]).resolve('example.com', 'A');
    expect(r).toMatchObject({ status: 'NOERROR', resolver: z.endpoints.wire });
    expect(r.fallbackFrom).toEqual([
      expect.objectContaining({
        resolver: zoneEndpoints(base, z.id, '/fault/503').cloudflare,
        status: 'ERROR',
      }),
    ]);
    expect(await z.hits()).toBe(2);
  });

  it('a hanging first endpoint: TIMEOUT, then the second (RFC 7208 §2.6.6)', async () => {
    const z = await fresh();
    const primary = dohJsonResolver({
      endpoint: zoneEndpoints(base, z.id, '/fault/hang').google,
      dialect: 'google',
      timeoutMs: 150,
    });
    const secondary = dohJsonResolver({ endpoint: z.endpoints.google, dialect: 'google' });
    const r = await fallbackResolver([primary, secondary]).resolve('example.com', 'TXT');
    expect(r.status).toBe('NOERROR');
    expect(r.fallbackFrom?.[0].status).toBe('TIMEOUT');
  });

  it('SERVFAIL from the first is the answer: the second is not asked (RFC 1035 §4.1.1)', async () => {
    const z = await fresh();
    const second = await fresh();
    const r = await fallbackResolver([
      dohWireResolver({ endpoint: z.endpoints.wire }),
      dohWireResolver({ endpoint: second.endpoints.wire }),
    ]).resolve('broken.example.com', 'A');
    expect(r.status).toBe('SERVFAIL');
    expect(await second.hits()).toBe(0);
  });
});

describe('cachingResolver against the server (RFC 2308 §5)', () => {
  for (const dialect of ['cloudflare', 'google', 'wire'] as const) {
    it(`${dialect}: ten concurrent identical questions reach the server once, the next comes from the cache`, async () => {
      const z = await fresh();
      const inner =
        dialect === 'wire'
          ? dohWireResolver({ endpoint: z.endpoints.wire })
          : dohJsonResolver({ endpoint: z.endpoints[dialect], dialect });
      const cache = cachingResolver(inner);
      const all = await Promise.all(Array.from({ length: 10 }, () => cache.resolve('example.com', 'MX')));
      expect(all.every((r) => r.status === 'NOERROR' && r.answers.length === 1)).toBe(true);
      expect(await z.hits()).toBe(1);
      await cache.resolve('Example.COM.', 'MX');
      expect(await z.hits()).toBe(1);
      await cache.resolve('example.com', 'TXT');
      expect(await z.hits()).toBe(2);
    });
  }

  it('NXDOMAIN kept for the SOA MINIMUM the server sent, then asked again', async () => {
    const z = await fresh({ zone: ZONE, negativeTtl: 30 });
    let now = 0;
    const cache = cachingResolver(dohJsonResolver({ endpoint: z.endpoints.cloudflare }), { now: () => now });
    expect((await cache.resolve('nope.example.com', 'A')).status).toBe('NXDOMAIN');
    now += 29_000;
    await cache.resolve('nope.example.com', 'A');
    expect(await z.hits()).toBe(1);
    now += 1_000;
    await cache.resolve('nope.example.com', 'A');
    expect(await z.hits()).toBe(2);
  });

  it('failures are not cached: HTTP 500 asked again on retry', async () => {
    const z = await fresh();
    const cache = cachingResolver(
      dohJsonResolver({ endpoint: zoneEndpoints(base, z.id, '/fault/500').cloudflare, retries: 0 }),
    );
    await cache.resolve('example.com', 'A');
    await cache.resolve('example.com', 'A');
    expect(await z.hits()).toBe(2);
  });
});

describe('limitConcurrency against the server', () => {
  const names = Array.from({ length: 12 }, (_, i) => `n${i}.example.com`);
  it('with 50 ms latency per request, at most 3 in flight at the server; without the limit, more', async () => {
    const z = await fresh();
    const slow = zoneEndpoints(base, z.id, '/latency/50').wire;
    const bare = dohWireResolver({ endpoint: slow });
    await Promise.all(names.map((n) => bare.resolve(n, 'A')));
    const unlimited = (await zoneStats(z.id, base)).maxInFlight;
    await resetZoneStats(z.id, base);
    const limited = limitConcurrency(dohWireResolver({ endpoint: slow }), 3);
    const all = await Promise.all(names.map((n) => limited.resolve(n, 'A')));
    const stats = await zoneStats(z.id, base);
    expect(all.every((r) => r.status === 'NXDOMAIN')).toBe(true);
    expect(stats.hits).toBe(12);
    expect(stats.maxInFlight).toBe(3);
    expect(unlimited).toBeGreaterThan(3);
  });
});

describe('createResolver against the server', () => {
  it('json then wire settings: 429 at the first falls back after its retries, cached afterwards', async () => {
    const z = await fresh();
    const r = createResolver(
      [
        {
          kind: 'json',
          dialect: 'cloudflare',
          endpoint: zoneEndpoints(base, z.id, '/fault/429').cloudflare,
          label: 'first',
        },
        { kind: 'wire', endpoint: z.endpoints.wire, label: 'second' },
      ],
      { retries: 1, retryDelaysMs: [10] },
    );
    const first = await r.resolve('example.com', 'A');
    expect(first).toMatchObject({
      status: 'NOERROR',
      resolver: 'second',
      fallbackFrom: [{ resolver: 'first', status: 'ERROR' }],
    });
    expect(await z.hits()).toBe(3);
    await r.resolve('example.com', 'A');
    expect(await z.hits()).toBe(3);
  });
});

describe('compareResolvers against the server', () => {
  it('a Cloudflare-style signed zone answers NODATA where the other says NXDOMAIN: named a black lie (RFC 4470 §2)', async () => {
    const plain = await fresh();
    const signed = await fresh({ zone: ZONE, blackLies: true, authenticated: true });
    const cmp = await compareResolvers(
      dohWireResolver({ endpoint: plain.endpoints.wire, label: 'plain' }),
      dohJsonResolver({ endpoint: signed.endpoints.cloudflare, label: 'cf' }),
      'nope.example.com',
      'TXT',
    );
    expect([cmp.a.status, cmp.b.status, cmp.b.answers.length]).toEqual(['NXDOMAIN', 'NOERROR', 0]);
    expect(cmp.blackLie).toBe('b');
    expect(cmp.agree).toBe(false);
    expect(cmp.diagnostics.map((d) => [d.code, d.params])).toEqual([
      ['dns/black-lie', { nodata: 'cf', nxdomain: 'plain' }],
    ]);
  });

  it('different answers reported as sets, the same answer in two dialects agrees (RFC 2181 §5)', async () => {
    const one = await fresh();
    const two = await fresh({ ...ZONE, 'example.com': [{ A: '192.0.2.1' }, { A: '198.51.100.1' }] });
    const same = await compareResolvers(
      dohJsonResolver({ endpoint: one.endpoints.google, dialect: 'google' }),
      dohWireResolver({ endpoint: one.endpoints.wire }),
      'example.com',
      'TXT',
    );
    expect([same.agree, same.diagnostics, same.ttlDifferences]).toEqual([true, [], []]);
    const diff = await compareResolvers(
      dohWireResolver({ endpoint: one.endpoints.wire, label: 'one' }),
      dohWireResolver({ endpoint: two.endpoints.wire, label: 'two' }),
      'example.com',
      'A',
    );
    expect(diff).toMatchObject({ agree: false, onlyA: [], onlyB: ['example.com A 198.51.100.1'] });
    expect(diff.diagnostics.map((d) => d.code)).toEqual(['dns/answers-differ']);
  });

  it('a status difference that is not a black lie is named as such (RFC 1035 §4.1.1)', async () => {
    const z = await fresh();
    const cmp = await compareResolvers(
      dohWireResolver({ endpoint: z.endpoints.wire }),
      dohWireResolver({ endpoint: zoneEndpoints(base, z.id, '/fault/servfail').wire }),
      'example.com',
      'A',
    );
    expect(cmp.blackLie).toBeUndefined();
    expect(cmp.diagnostics.map((d) => [d.code, d.params?.statusA, d.params?.statusB])).toEqual([
      ['dns/status-differs', 'NOERROR', 'SERVFAIL'],
      ['dns/answers-differ', undefined, undefined],
    ]);
  });
});

describe('the test DoH server itself', () => {
  it('answers CORS preflights and sends Access-Control-Allow-Origin, except under /nocors', async () => {
    const z = await fresh();
    const pre = await fetch(z.endpoints.wire, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:1', 'Access-Control-Request-Method': 'POST' },
    });
    expect([pre.status, pre.headers.get('access-control-allow-origin')]).toEqual([204, '*']);
    const plain = await fetch(`${z.endpoints.google}?name=example.com&type=A`);
    expect(plain.headers.get('access-control-allow-origin')).toBe('*');
    const nocors = await fetch(`${zoneEndpoints(base, z.id, '/nocors').google}?name=example.com&type=A`);
    expect([nocors.status, nocors.headers.get('access-control-allow-origin')]).toEqual([200, null]);
  });

  it('Cloudflare dialect without Accept: application/dns-json is refused with 415, like Cloudflare', async () => {
    const z = await fresh();
    const res = await fetch(`${z.endpoints.cloudflare}?name=example.com&type=A`);
    expect(res.status).toBe(415);
    const r = await dohJsonResolver({ endpoint: z.endpoints.cloudflare, dialect: 'google' }).resolve(
      'example.com',
      'A',
    );
    expect([r.status, r.httpStatus]).toEqual(['ERROR', 415]);
  });

  it('TXT data in each JSON dialect’s own presentation (docs/dns-over-https.md)', async () => {
    const z = await fresh({ 'txt.example.com': [{ TXT: ['a "b"', 'é'] }, { TXT: 'plain text' }] });
    const cf = await (
      await fetch(`${z.endpoints.cloudflare}?name=txt.example.com&type=TXT`, {
        headers: { Accept: 'application/dns-json' },
      })
    ).json();
    const google = await (await fetch(`${z.endpoints.google}?name=txt.example.com&type=16`)).json();
    expect(cf.Answer.map((a: { data: string }) => a.data)).toEqual([
      '"a \\"b\\"""\\195\\169"',
      '"plain text"',
    ]);
    expect(google.Answer.map((a: { data: string }) => a.data)).toEqual(['"a \\"b\\"" "é"', 'plain text']);
    expect([cf.Answer[0].name, google.Answer[0].name]).toEqual(['txt.example.com', 'txt.example.com.']);
  });

  it('RFC 8484 POST (RFC 8484 §4.1)', async () => {
    const z = await fresh();
    const query = packet.encode({
      type: 'query',
      id: 7,
      flags: packet.RECURSION_DESIRED,
      questions: [{ type: 'A', name: 'example.com' }],
    });
    const res = await fetch(z.endpoints.wire, {
      method: 'POST',
      headers: { 'Content-Type': 'application/dns-message', Accept: 'application/dns-message' },
      body: new Uint8Array(query),
    });
    expect(res.headers.get('content-type')).toBe('application/dns-message');
    const reply = packet.decode(new Uint8Array(await res.arrayBuffer()));
    expect([reply.id, reply.rcode, reply.answers?.map((a) => a.data)]).toEqual([7, 'NOERROR', ['192.0.2.1']]);
  });

  it('zones are swapped at runtime and namespaced by id; an unknown id is 404', async () => {
    const z = await fresh();
    const wire = dohWireResolver({ endpoint: z.endpoints.wire });
    expect((await wire.resolve('example.com', 'A')).answers[0].data).toBe('192.0.2.1');
    await registerZone(z.id, { 'example.com': [{ A: '203.0.113.9' }] }, base);
    expect((await wire.resolve('example.com', 'A')).answers[0].data).toBe('203.0.113.9');
    const unknown = await dohWireResolver({ endpoint: zoneEndpoints(base, 'no-such-zone').wire }).resolve(
      'example.com',
      'A',
    );
    expect(unknown.httpStatus).toBe(404);
  });

  it('the default zone serves docs/user.md chiqio.com records', async () => {
    const r = await dohJsonResolver({ endpoint: `${base}/dns-query` }).resolve(
      'lokg123._domainkey.chiqio.com',
      'TXT',
    );
    expect((r.answers[0].data as string[])[0]).toBe('v=DKIM1; k=rsa; p=');
  });

  it('per-name faults from the zone config', async () => {
    const z = await fresh({ zone: ZONE, faults: { 'example.com': '500' } });
    const r = await dohWireResolver({ endpoint: z.endpoints.wire, retries: 0 }).resolve('example.com', 'A');
    expect(r.httpStatus).toBe(500);
    expect(
      (await dohWireResolver({ endpoint: z.endpoints.wire }).resolve('other.example.com', 'A')).status,
    ).toBe('NOERROR');
  });
});
