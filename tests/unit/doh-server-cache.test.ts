// The test DoH server's `/cache` mode (tests/support/doh-server.ts), over HTTP and on a clock the test
// moves: a recursive resolver's cache in front of a zone that changes — the old answer served with
// its TTL counting down until it ends (RFC 1035 §3.2.1, RFC 2181 §8), a negative answer kept for the
// SOA's TTL (RFC 2308 §5), failures never kept, and requests without `/cache` seeing the zone as it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dohJsonResolver,
  dohWireResolver,
  txtRecords,
  type Resolver,
  type Zone,
} from '../../src/lib/index.ts';
import { startDohServer, type DohServer } from '../support/doh-server.ts';
import { registerZone, uniqueZoneId, zoneEndpoints, zoneStats } from '../support/doh-zones.ts';

let server: DohServer;
let clock = 0;

beforeAll(async () => {
  server = await startDohServer({ now: () => clock });
});
afterAll(() => server.close());

const OLD: Zone = { 'example.com': [{ TXT: 'v=spf1 ~all' }] };
const NEW: Zone = {
  'example.com': [{ TXT: 'v=spf1 -all' }],
  'sel._domainkey.example.com': [{ TXT: 'v=DKIM1; p=' }],
};

/** A zone of its own at a TTL of 3 s and negative TTL of 5 s, with resolvers through `/cache` and not. */
async function fresh() {
  const id = uniqueZoneId('cache');
  await registerZone(id, { zone: OLD, ttl: 3, negativeTtl: 5 }, server.url);
  const cached = zoneEndpoints(server.url, id, '/cache');
  const direct = zoneEndpoints(server.url, id);
  return {
    id,
    change: (zone: Zone) => registerZone(id, { zone, ttl: 3, negativeTtl: 5 }, server.url),
    json: dohJsonResolver({ endpoint: cached.google, dialect: 'google', retries: 0 }),
    wire: dohWireResolver({ endpoint: cached.wire, retries: 0 }),
    direct: dohJsonResolver({ endpoint: direct.google, dialect: 'google', retries: 0 }),
    hits: async () => (await zoneStats(id, server.url)).hits,
  };
}

async function spf(resolver: Resolver): Promise<Array<{ text: string; ttl: number }>> {
  return txtRecords(await resolver.resolve('example.com', 'TXT')).map((t) => ({ text: t.text, ttl: t.ttl }));
}

describe('the /cache path', () => {
  for (const dialect of ['json', 'wire'] as const) {
    it(`${dialect}: the old answer after the zone changed, TTL counting down, then the new one (RFC 1035 §3.2.1)`, async () => {
      const z = await fresh();
      clock = 1_000_000;
      expect(await spf(z[dialect])).toEqual([{ text: 'v=spf1 ~all', ttl: 3 }]);
      await z.change(NEW);
      clock += 1_000;
      expect(await spf(z[dialect])).toEqual([{ text: 'v=spf1 ~all', ttl: 2 }]);
      clock += 1_999;
      expect(await spf(z[dialect])).toEqual([{ text: 'v=spf1 ~all', ttl: 1 }]);
      clock += 1;
      expect(await spf(z[dialect])).toEqual([{ text: 'v=spf1 -all', ttl: 3 }]);
      // Every request reached the server and was counted, cached or not.
      expect(await z.hits()).toBe(4);
    });
  }

  it('without /cache the same zone is served as it is now, and does not disturb the cache', async () => {
    const z = await fresh();
    clock = 2_000_000;
    await spf(z.json);
    await z.change(NEW);
    expect(await spf(z.direct)).toEqual([{ text: 'v=spf1 -all', ttl: 3 }]);
    expect(await spf(z.json)).toEqual([{ text: 'v=spf1 ~all', ttl: 3 }]);
  });

  it("a name that did not exist stays NXDOMAIN for the SOA's TTL, the zone's negativeTtl (RFC 2308 §5)", async () => {
    const z = await fresh();
    clock = 3_000_000;
    const first = await z.json.resolve('sel._domainkey.example.com', 'TXT');
    expect(first.status).toBe('NXDOMAIN');
    expect(first.authority?.[0]).toMatchObject({ type: 'SOA', ttl: 5 });
    await z.change(NEW);
    clock += 4_000;
    const kept = await z.json.resolve('sel._domainkey.example.com', 'TXT');
    expect(kept.status).toBe('NXDOMAIN');
    expect(kept.authority?.[0]).toMatchObject({ type: 'SOA', ttl: 1 });
    clock += 1_000;
    const after = await z.json.resolve('sel._domainkey.example.com', 'TXT');
    expect(after.status).toBe('NOERROR');
    expect(txtRecords(after).map((t) => t.text)).toEqual(['v=DKIM1; p=']);
  });

  it('a SERVFAIL is not kept: once the zone answers, so does the cache', async () => {
    const z = await fresh();
    clock = 4_000_000;
    await z.change({ 'example.com': ['SERVFAIL'] });
    expect((await z.json.resolve('example.com', 'TXT')).status).toBe('SERVFAIL');
    await z.change(NEW);
    expect(await spf(z.json)).toEqual([{ text: 'v=spf1 -all', ttl: 3 }]);
  });

  it('the zone option `ttl` sets the TTL of every record served', async () => {
    const id = uniqueZoneId('ttl');
    await registerZone(id, { zone: OLD, ttl: 42 }, server.url);
    const r = dohJsonResolver({ endpoint: zoneEndpoints(server.url, id).google, dialect: 'google' });
    expect(await spf(r)).toEqual([{ text: 'v=spf1 ~all', ttl: 42 }]);
  });
});
