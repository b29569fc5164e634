// In real Chromium (issue 15): a CORS refusal reaches the DNS layer as fetch's TypeError and counts
// toward "unreachable", a server that answers with an error does not; and the notice component,
// fed the resolver's reachability as props, shows only when every endpoint is unreachable, names
// them, and saves the service picked before calling back.
import { describe, expect, inject, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { page } from 'vitest/browser';
import {
  createResolver,
  UNREACHABLE_AFTER_FAILURES,
  type EndpointReachability,
  type ResolverPresetId,
} from '../../src/lib/index.ts';
import ResolverUnreachableNotice from '../../src/ui/components/ResolverUnreachableNotice.svelte';
import { resolverSettings } from '../../src/ui/state/settings.svelte.ts';
import { registerZone, uniqueZoneId, zoneEndpoints } from '../support/doh-zones.ts';

const base = inject('dohUrl');
const NAMES = ['a.example.com', 'b.example.com', 'c.example.com', 'd.example.com'];

describe('reachability of a cross-origin DoH endpoint (docs/dns-over-https.md "Reachability")', () => {
  const rows = [
    { title: 'no CORS headers: the browser refuses the answer', prefix: '/nocors', state: 'unreachable' },
    { title: 'HTTP 403 with CORS: reached, shown as what it is', prefix: '/fault/403', state: 'reachable' },
    { title: 'SERVFAIL answers: reached (RFC 1035 §4.1.1)', prefix: '/fault/servfail', state: 'reachable' },
  ] as const;
  for (const row of rows) {
    it(`${row.title} → ${row.state}`, async () => {
      const id = uniqueZoneId('reach');
      await registerZone(id, { 'example.com': [{ A: '192.0.2.1' }] }, base);
      const endpoint = zoneEndpoints(base, id, row.prefix).google;
      const r = createResolver(
        { kind: 'json', dialect: 'google', endpoint, label: 'test' },
        { retries: 0, cache: false, timeoutMs: 3000 },
      );
      for (const name of NAMES) await r.resolve(name, 'A');
      const [e] = r.reachability();
      expect(e.state).toBe(row.state);
      if (row.state === 'unreachable') {
        // The one endpoint is the last: still asked each time, so every query counted.
        expect(e).toMatchObject({ failures: NAMES.length, reason: { kind: 'network' } });
        expect(NAMES.length).toBeGreaterThanOrEqual(UNREACHABLE_AFTER_FAILURES);
      }
    });
  }
});

function endpoint(resolver: string, state: EndpointReachability['state']): EndpointReachability {
  return state === 'unreachable'
    ? {
        resolver,
        state,
        failures: 3,
        reason: {
          kind: 'network',
          status: 'ERROR',
          error: 'network error or CORS refusal (Failed to fetch)',
        },
      }
    : { resolver, state, failures: 0 };
}

describe('ResolverUnreachableNotice', () => {
  for (const second of ['reachable', 'unknown'] as const) {
    it(`hidden while the fallback is ${second}; shown once it too is unreachable`, async () => {
      const { rerender } = await render(ResolverUnreachableNotice, {
        endpoints: [endpoint('Cloudflare', 'unreachable'), endpoint('Google', second)],
        onchosen: () => {},
      });
      await expect.element(page.getByRole('heading', { name: /cannot be reached/ })).not.toBeInTheDocument();
      await rerender({
        endpoints: [endpoint('Cloudflare', 'unreachable'), endpoint('Google', 'unreachable')],
      });
      await expect.element(page.getByRole('heading', { name: /cannot be reached/ })).toBeVisible();
    });
  }

  it('both unreachable: names them, offers AliDNS and DNSPod; a pick is saved as the only resolver, then onchosen', async () => {
    const chosen: ResolverPresetId[] = [];
    await render(ResolverUnreachableNotice, {
      endpoints: [endpoint('Cloudflare', 'unreachable'), endpoint('Google', 'unreachable')],
      onchosen: (id: ResolverPresetId) => chosen.push(id),
    });
    const notice = page.getByRole('alert');
    await expect.element(notice).toHaveTextContent(/Cloudflare.*Google/);
    await expect.element(notice).toHaveTextContent(/mainland China/);
    await expect
      .element(notice.getByRole('link', { name: /Settings/ }))
      .toHaveAttribute('href', '#/settings');
    await notice.getByRole('button', { name: 'Use DNSPod' }).click();
    expect(chosen).toEqual(['dnspod']);
    expect([resolverSettings.primary.preset, resolverSettings.secondary.preset]).toEqual([
      'dnspod',
      'dnspod',
    ]);
    expect(JSON.parse(localStorage.getItem('maildns.resolvers') ?? 'null')).toMatchObject({
      primary: { preset: 'dnspod' },
    });
    expect(resolverSettings.resolver.reachability().map((e) => e.resolver)).toEqual(['DNSPod']);
  });
});
