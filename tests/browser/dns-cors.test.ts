// In real Chromium (Vitest browser mode): the page and the test DoH server are on different
// origins, so every query is a cross-origin fetch under CORS. The JSON GETs need no preflight
// (`Accept` is a safelisted header); registering a zone (POST JSON) does. A server that sends no
// CORS headers must give a clear ERROR quickly, not a hang.
import { describe, expect, inject, it } from 'vitest';
import { dohJsonResolver } from '../../src/lib/dns/doh-json.ts';
import { dohWireResolver } from '../../src/lib/dns/doh-wire.ts';
import { registerZone, uniqueZoneId, zoneEndpoints, zoneStats } from '../support/doh-zones.ts';

const base = inject('dohUrl');
const TIMEOUT_MS = 3000;

const ZONE = {
  'example.com': [
    { TXT: ['v=DKIM1; k=rsa; ', 'p=MIGf'] },
    { MX: [10, 'mx.example.com'] as [number, string] },
  ],
};

describe('DoH from a web page (CORS, docs/dns-over-https.md "JSON API")', () => {
  it('the page and the DoH server are different origins', () => {
    expect(location.origin).not.toBe(new URL(base).origin);
  });

  const clients = [
    [
      'Cloudflare JSON',
      (e: ReturnType<typeof zoneEndpoints>) =>
        dohJsonResolver({ endpoint: e.cloudflare, timeoutMs: TIMEOUT_MS }),
    ],
    [
      'Google JSON',
      (e: ReturnType<typeof zoneEndpoints>) =>
        dohJsonResolver({ endpoint: e.google, dialect: 'google', timeoutMs: TIMEOUT_MS }),
    ],
    [
      'RFC 8484 wire',
      (e: ReturnType<typeof zoneEndpoints>) => dohWireResolver({ endpoint: e.wire, timeoutMs: TIMEOUT_MS }),
    ],
  ] as const;

  for (const [dialect, make] of clients) {
    it(`${dialect}: a cross-origin query is answered (RFC 8484 §5)`, async () => {
      const id = uniqueZoneId('browser');
      const endpoints = await registerZone(id, ZONE, base);
      const r = await make(endpoints).resolve('example.com', 'TXT');
      expect(r.status, r.error).toBe('NOERROR');
      expect(r.answers.map((a) => a.data)).toEqual([['v=DKIM1; k=rsa; ', 'p=MIGf']]);
      expect((await zoneStats(id, base)).hits).toBe(1);
    });

    it(`${dialect}: an endpoint without CORS headers is a clear ERROR, not a hang`, async () => {
      const id = uniqueZoneId('nocors');
      await registerZone(id, ZONE, base);
      const t0 = performance.now();
      const r = await make(zoneEndpoints(base, id, '/nocors')).resolve('example.com', 'TXT');
      expect(r.status).toBe('ERROR');
      expect(r.problem?.code).toBe('dns/cors-or-network');
      expect(r.error).toMatch(/CORS/);
      expect(performance.now() - t0).toBeLessThan(TIMEOUT_MS);
      // The request did reach the server: the browser withheld the answer from the page.
      expect((await zoneStats(id, base)).hits).toBe(1);
    });
  }
});
