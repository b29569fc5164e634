// The propagation watch (src/lib/plan/watch.ts) on a simulated clock: a recursive resolver that keeps
// serving its cached answer until the TTL ends (RFC 1035 §3.2.1, RFC 2181 §8) and caches a negative
// answer for the SOA minimum (RFC 2308 §5), a zone that changes during the test, the rate bound and
// the back-off, and a failing resolver that is a status, never "not live".

import { describe, expect, it } from 'vitest';
import type { DnsResponse, Resolver, RRType, Zone } from '../../src/lib/dns/model.ts';
import { zoneResolver } from '../../src/lib/dns/zone-resolver.ts';
import type { RecordSuggestion } from '../../src/lib/export/model.ts';
import {
  judgeAnswer,
  watchPropagation,
  watchTargets,
  type WatchReport,
  type WatchTarget,
} from '../../src/lib/plan/watch.ts';

function clock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
    advance: (ms: number) => (t += ms),
  };
}

/** A recursive resolver in front of a mutable zone: answers are cached for their TTL (counting down),
 *  NXDOMAIN for `negativeTtl` seconds, with the SOA in the authority section. */
function cachingRecursive(
  zone: { current: Zone },
  now: () => number,
  ttl = 300,
  negativeTtl = 60,
): Resolver & { asked: number } {
  const cache = new Map<string, { response: DnsResponse; until: number }>();
  const self = {
    asked: 0,
    async resolve(name: string, type: RRType): Promise<DnsResponse> {
      self.asked++;
      const key = `${type} ${name}`;
      const hit = cache.get(key);
      const t = now();
      if (hit && hit.until > t) {
        const left = Math.ceil((hit.until - t) / 1000);
        return { ...hit.response, answers: hit.response.answers.map((a) => ({ ...a, ttl: left })) };
      }
      const fresh = await zoneResolver(zone.current).resolve(name, type);
      const negative = fresh.status === 'NXDOMAIN' || fresh.answers.length === 0;
      const response: DnsResponse = negative
        ? {
            ...fresh,
            authority: [
              {
                name: 'example.com',
                type: 'SOA',
                ttl: 3600,
                data: `ns.example.com. admin.example.com. 1 7200 900 1209600 ${negativeTtl}`,
              },
            ],
          }
        : { ...fresh, answers: fresh.answers.map((a) => ({ ...a, ttl })) };
      cache.set(key, { response, until: t + (negative ? negativeTtl : ttl) * 1000 });
      return response;
    },
  };
  return self;
}

const NEW_DMARC = 'v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@example.com';
const plan: RecordSuggestion[] = [
  { type: 'TXT', name: '_dmarc.example.com', content: NEW_DMARC },
  {
    type: 'TXT',
    name: 'sel._domainkey.example.com',
    content: 'v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=',
  },
];
const targets: WatchTarget[] = watchTargets(plan.map((record) => ({ action: 'change' as const, record })));

describe('judgeAnswer', () => {
  it('the old DMARC record with its remaining TTL is "old"; the planned one is "new"', () => {
    const base = { status: 'NOERROR' as const, authenticated: false, resolver: 'r' };
    const old = {
      ...base,
      answers: [{ name: '_dmarc.example.com', type: 'TXT' as const, ttl: 240, data: ['v=DMARC1; p=none'] }],
    };
    expect(judgeAnswer(targets[0], old)).toMatchObject({ state: 'old', ttl: 240 });
    const now = {
      ...base,
      answers: [{ name: '_dmarc.example.com', type: 'TXT' as const, ttl: 300, data: [NEW_DMARC] }],
    };
    expect(judgeAnswer(targets[0], now).state).toBe('new');
  });
  it('no record yet: "absent" with the negative-cache time, min(SOA TTL, MINIMUM) (RFC 2308 §5)', () => {
    const r: DnsResponse = {
      status: 'NXDOMAIN',
      answers: [],
      authenticated: false,
      resolver: 'r',
      authority: [
        { name: 'example.com', type: 'SOA', ttl: 3600, data: 'ns.example.com. a.example.com. 1 2 3 4 90' },
      ],
    };
    expect(judgeAnswer(targets[1], r)).toMatchObject({ state: 'absent', negativeTtl: 90 });
  });
  it('a failed lookup is "error", never old or absent', () => {
    const r: DnsResponse = {
      status: 'TIMEOUT',
      answers: [],
      authenticated: false,
      resolver: 'r',
      error: 'no answer within 4000 ms',
    };
    expect(judgeAnswer(targets[0], r)).toMatchObject({ state: 'error', status: 'TIMEOUT' });
  });
  it('a deleted record is live once gone', () => {
    const del: WatchTarget = {
      id: 'x',
      record: { type: 'TXT', name: 'example.com', content: 'v=spf1 include:_spf.mx.cloudflare.net ~all' },
      expect: 'absent',
    };
    const r: DnsResponse = {
      status: 'NOERROR',
      answers: [{ name: 'example.com', type: 'TXT', ttl: 60, data: ['v=spf1 -all'] }],
      authenticated: false,
      resolver: 'r',
    };
    expect(judgeAnswer(del, r).state).toBe('new');
  });
});

describe('watchPropagation', () => {
  it('sees the cached old record until its TTL ends, then the new one; within the rate bound', async () => {
    const c = clock();
    const zone = { current: { '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=none' }] } as Zone };
    const cloudflare = cachingRecursive(zone, c.now, 300);
    const google = cachingRecursive(zone, c.now, 120);
    // Both resolvers cache the old answer before the change is published.
    await cloudflare.resolve('_dmarc.example.com', 'TXT');
    await google.resolve('_dmarc.example.com', 'TXT');
    await cloudflare.resolve('sel._domainkey.example.com', 'TXT');
    zone.current = {
      '_dmarc.example.com': [{ TXT: NEW_DMARC }],
      'sel._domainkey.example.com': [{ TXT: plan[1].content }],
    };
    const updates: WatchReport[] = [];
    const report = await watchPropagation(
      targets,
      [
        { id: 'cloudflare', label: 'Cloudflare', resolver: cloudflare },
        { id: 'google', label: 'Google', resolver: google },
      ],
      { now: c.now, sleep: c.sleep, onUpdate: (r) => updates.push(r) },
    );
    expect([report.done, report.allLive, report.stoppedBy]).toEqual([true, true, 'all-live']);
    const cell = (target: number, resolver: string) =>
      report.cells.find((x) => x.target === targets[target].id && x.resolver === resolver)!;
    // Cloudflare's cached copy lives 300 s, Google's 120 s: each turns new just after its TTL ends.
    expect(cell(0, 'cloudflare').liveAt!).toBeGreaterThanOrEqual(300_000);
    expect(cell(0, 'google').liveAt!).toBeGreaterThanOrEqual(120_000);
    expect(cell(0, 'google').liveAt!).toBeLessThan(cell(0, 'cloudflare').liveAt!);
    // The first look showed the old record and how long it may stay.
    const first = updates.find((u) =>
      u.cells.some((x) => x.resolver === 'cloudflare' && x.target === targets[0].id && x.state === 'old'),
    )!;
    const oldCell = first.cells.find((x) => x.resolver === 'cloudflare' && x.target === targets[0].id)!;
    expect(oldCell.ttl).toBeGreaterThan(280);
    // The DKIM key did not exist: Cloudflare cached the NXDOMAIN for the SOA minimum (60 s).
    expect(
      updates.some((u) =>
        u.cells.some((x) => x.target === targets[1].id && x.state === 'absent' && x.negativeTtl === 60),
      ),
    ).toBe(true);
    expect(cell(1, 'cloudflare').liveAt!).toBeGreaterThanOrEqual(60_000);
    // The bound: never more than 2 queries per second in total.
    expect(report.queries).toBeLessThanOrEqual(1 + (report.elapsedMs / 1000) * 2);
    expect(report.queries).toBe(cloudflare.asked - 2 + google.asked - 1);
  });

  it('stops at the time limit when a record never arrives, and says which', async () => {
    const c = clock();
    const zone = { current: { '_dmarc.example.com': [{ TXT: 'v=DMARC1; p=none' }] } as Zone };
    const report = await watchPropagation(
      targets.slice(0, 1),
      [{ id: 'r', label: 'R', resolver: cachingRecursive(zone, c.now) }],
      {
        now: c.now,
        sleep: c.sleep,
        maxDurationMs: 10 * 60_000,
      },
    );
    expect([report.stoppedBy, report.allLive, report.cells[0].state]).toEqual(['time', false, 'old']);
    // Back-off: a doubling interval capped at 60 s, but no later than just after the 300 s TTL.
    expect(report.cells[0].checks).toBeLessThanOrEqual(20);
    expect(report.cells[0].checks).toBeGreaterThanOrEqual(8);
  });

  it('a resolver that fails is an error per cell, and the others still go live', async () => {
    const c = clock();
    const zone = { current: { '_dmarc.example.com': [{ TXT: NEW_DMARC }] } as Zone };
    const broken: Resolver = {
      resolve: async () => ({ status: 'SERVFAIL', answers: [], authenticated: false, resolver: 'x' }),
    };
    const report = await watchPropagation(
      targets.slice(0, 1),
      [
        { id: 'ok', label: 'OK', resolver: cachingRecursive(zone, c.now) },
        { id: 'broken', label: 'Broken', resolver: broken },
      ],
      { now: c.now, sleep: c.sleep, maxDurationMs: 120_000 },
    );
    expect(report.cells.map((x) => [x.resolver, x.state])).toEqual([
      ['ok', 'new'],
      ['broken', 'error'],
    ]);
    expect(report.stoppedBy).toBe('time');
  });

  it('stops when aborted', async () => {
    const c = clock();
    const controller = new AbortController();
    controller.abort();
    const report = await watchPropagation(targets, [{ id: 'r', label: 'R', resolver: zoneResolver({}) }], {
      now: c.now,
      sleep: c.sleep,
      signal: controller.signal,
    });
    expect([report.stoppedBy, report.queries]).toEqual(['aborted', 0]);
  });
});

describe('the watch in the URL (survives a reload, can be shared)', () => {
  it('round-trips the targets, resolvers and start time', async () => {
    const { watchQuery, parseWatchQuery } = await import('../../src/lib/plan/watch-url.ts');
    const mx: WatchTarget = {
      id: 'MX chiqio.com mxbiz1.qq.com 5',
      record: { type: 'MX', name: 'chiqio.com', content: 'mxbiz1.qq.com', priority: 5 },
      expect: 'present',
    };
    const gone: WatchTarget = { ...targets[0], expect: 'absent' };
    const q = watchQuery({
      targets: [mx, targets[0], gone],
      resolvers: ['cloudflare', 'alidns'],
      startedAt: 1764700000000,
    });
    const back = parseWatchQuery(new URLSearchParams(q));
    expect(back).toEqual({
      targets: [mx, targets[0], gone],
      resolvers: ['cloudflare', 'alidns'],
      startedAt: 1764700000000,
      dropped: 0,
    });
  });
  it('drops what does not read, and counts it', async () => {
    const { parseWatchQuery } = await import('../../src/lib/plan/watch-url.ts');
    const back = parseWatchQuery(
      new URLSearchParams(
        'r=%2B%7CA%7Cx%7C%7Cy&r=garbage&r=%2B%7CTXT%7Cexample.com%7C%7Cv%3Dspf1%20-all&via=<script>,google',
      ),
    );
    expect(back.targets.map((t) => t.record.content)).toEqual(['v=spf1 -all']);
    expect([back.dropped, back.resolvers]).toEqual([2, ['google']]);
  });
});
