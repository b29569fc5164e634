// Issue 15 and issue 10 item 6, against fake fetch functions: Retry-After on 429/503 (seconds and
// HTTP-date) is parsed and honoured; an endpoint that cannot be reached (network error, CORS/TLS
// refusal, silence) is told apart from one that answers with an error, within a few failures, and
// the fallback records why it passed an endpoint over.
import { describe, expect, it } from 'vitest';
import {
  createResolver,
  dohJsonResolver,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  ReachabilityTracker,
  transportFailure,
  UNREACHABLE_AFTER_FAILURES,
  type DnsResponse,
  type ResolverSettings,
} from '../../src/lib/index.ts';

type FakeFetch = typeof globalThis.fetch;

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);

describe('parseRetryAfter (RFC 9110 §10.2.3)', () => {
  const rows: Array<{ title: string; value: string | null; ms: number | undefined }> = [
    { title: 'delay-seconds', value: '2', ms: 2000 },
    { title: 'delay-seconds zero', value: '0', ms: 0 },
    { title: 'delay-seconds with surrounding space', value: ' 7 ', ms: 7000 },
    { title: 'IMF-fixdate 3 s ahead (§5.6.7)', value: 'Wed, 02 Dec 2026 12:00:03 GMT', ms: 3000 },
    { title: 'obsolete RFC 850 date (§5.6.7)', value: 'Wednesday, 02-Dec-26 12:00:05 GMT', ms: 5000 },
    { title: 'obsolete asctime date, read as UTC (§5.6.7)', value: 'Wed Dec  2 12:01:00 2026', ms: 60_000 },
    { title: 'a date in the past asks for no wait', value: 'Tue, 01 Dec 2026 12:00:00 GMT', ms: 0 },
    { title: 'absent', value: null, ms: undefined },
    { title: 'fraction is not delay-seconds', value: '1.5', ms: undefined },
    { title: 'negative is not delay-seconds', value: '-1', ms: undefined },
    { title: 'not a date', value: 'tomorrow', ms: undefined },
    { title: 'date without zone in IMF form', value: 'Wed, 02 Dec 2026 12:00:03', ms: undefined },
  ];
  for (const row of rows) {
    it(`${row.title}: ${JSON.stringify(row.value)} → ${row.ms} (RFC 9110 §10.2.3)`, () => {
      expect(parseRetryAfter(row.value, NOW)).toBe(row.ms);
    });
  }
});

const ANSWER = { Status: 0, Answer: [{ name: 'example.com', type: 1, TTL: 60, data: '192.0.2.1' }] };

/** Answers `first` for the first `times` calls, then a DNS answer; records when each call came. */
function scripted(first: () => Response, times: number) {
  const at: number[] = [];
  const fetch = (async () => {
    at.push(performance.now());
    return at.length <= times ? first() : new Response(JSON.stringify(ANSWER));
  }) as FakeFetch;
  return { fetch, at };
}

describe('Retry-After honoured on 429 and 503 (RFC 6585 §4, RFC 9110 §15.6.4, §10.2.3)', () => {
  const rows: Array<{ title: string; status: number; header: () => string; waitMs: number }> = [
    { title: '429 with delay-seconds', status: 429, header: () => '1', waitMs: 1000 },
    {
      title: '503 with an HTTP-date',
      status: 503,
      // Whole seconds only: 2 s ahead is at least 1 s ahead after rounding down.
      header: () => new Date(Date.now() + 2000).toUTCString(),
      waitMs: 1000,
    },
  ];
  for (const row of rows) {
    it(`${row.title}: the retry waits as asked, then succeeds`, async () => {
      const s = scripted(
        () => new Response('', { status: row.status, headers: { 'Retry-After': row.header() } }),
        1,
      );
      const r = dohJsonResolver({
        endpoint: 'https://doh.test/resolve',
        dialect: 'google',
        fetch: s.fetch,
        retryDelaysMs: [1],
      });
      const response = await r.resolve('example.com', 'A');
      expect(response.status).toBe('NOERROR');
      expect(s.at).toHaveLength(2);
      expect(s.at[1] - s.at[0]).toBeGreaterThanOrEqual(row.waitMs - 5);
    });
  }

  it('a wait longer than MAX_RETRY_AFTER_MS is not sat out: the 429 is reported with it', async () => {
    const s = scripted(() => new Response('', { status: 429, headers: { 'Retry-After': '120' } }), 10);
    const r = dohJsonResolver({ endpoint: 'https://doh.test/resolve', dialect: 'google', fetch: s.fetch });
    const response = await r.resolve('example.com', 'A');
    expect(MAX_RETRY_AFTER_MS).toBeLessThan(120_000);
    expect(s.at).toHaveLength(1);
    expect(response).toMatchObject({ status: 'ERROR', httpStatus: 429, retryAfterMs: 120_000 });
    expect(response.error).toContain('retry after 120 s');
    expect(response.problem?.code).toBe('dns/rate-limited');
  });

  it('Retry-After on a 500 is not a reason to wait (RFC 9110 §10.2.3 names 503 and 3xx)', async () => {
    const s = scripted(() => new Response('', { status: 500, headers: { 'Retry-After': '120' } }), 1);
    const r = dohJsonResolver({
      endpoint: 'https://doh.test/resolve',
      dialect: 'google',
      fetch: s.fetch,
      retryDelaysMs: [1],
    });
    const response = await r.resolve('example.com', 'A');
    expect(response.status).toBe('NOERROR');
    expect(s.at[1] - s.at[0]).toBeLessThan(500);
  });
});

/** What each fake fetch does: refuse like a closed port, hang until aborted, or answer. */
type Behaviour = 'refuse' | 'hang' | 'servfail' | 'nxdomain' | 'http403' | 'answer';

function fakeFetch(behaviour: (url: string, call: number) => Behaviour) {
  const calls: string[] = [];
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push(url);
    const b = behaviour(url, calls.length);
    if (b === 'refuse') return Promise.reject(new TypeError('Failed to fetch'));
    if (b === 'hang') {
      return new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }
    if (b === 'http403') return Promise.resolve(new Response('forbidden', { status: 403 }));
    const Status = b === 'servfail' ? 2 : b === 'nxdomain' ? 3 : 0;
    return Promise.resolve(new Response(JSON.stringify(b === 'answer' ? ANSWER : { Status })));
  }) as FakeFetch;
  return { fetch, calls };
}

const PRIMARY: ResolverSettings = {
  kind: 'json',
  dialect: 'google',
  endpoint: 'https://one.test/resolve',
  label: 'One',
};
const SECONDARY: ResolverSettings = {
  kind: 'json',
  dialect: 'google',
  endpoint: 'https://two.test/resolve',
  label: 'Two',
};
const NAMES = ['a.example', 'b.example', 'c.example', 'd.example', 'e.example', 'f.example'];

describe('transportFailure: unreachable is not unanswered (issue 15)', () => {
  const response = (o: Partial<DnsResponse>): DnsResponse => ({
    status: 'ERROR',
    answers: [],
    authenticated: false,
    resolver: 'x',
    ...o,
  });
  const rows: Array<{ title: string; r: DnsResponse; kind: ReturnType<typeof transportFailure> }> = [
    {
      title: 'fetch TypeError (network, CORS, TLS)',
      r: response({ problem: { code: 'dns/cors-or-network', severity: 'warning' } }),
      kind: 'network',
    },
    {
      title: 'no answer within the budget',
      r: response({ status: 'TIMEOUT', problem: { code: 'dns/timeout', severity: 'warning' } }),
      kind: 'timeout',
    },
    {
      title: 'HTTP 403 from a proxy: reached',
      r: response({ httpStatus: 403, problem: { code: 'dns/http-error', severity: 'warning' } }),
      kind: null,
    },
    { title: 'SERVFAIL is a DNS answer (RFC 1035 §4.1.1)', r: response({ status: 'SERVFAIL' }), kind: null },
    { title: 'NXDOMAIN is a DNS answer (RFC 1035 §4.1.1)', r: response({ status: 'NXDOMAIN' }), kind: null },
    {
      title: 'malformed body: something answered',
      r: response({ problem: { code: 'dns/bad-response', severity: 'warning' } }),
      kind: null,
    },
  ];
  for (const row of rows) {
    it(`${row.title} → ${row.kind}`, () => {
      expect(transportFailure(row.r)).toBe(row.kind);
    });
  }
});

describe('createResolver reachability (issue 15)', () => {
  const endpointRows: Array<{ title: string; behaviour: Behaviour; state: string }> = [
    { title: 'refused connections', behaviour: 'refuse', state: 'unreachable' },
    { title: 'SERVFAIL answers', behaviour: 'servfail', state: 'reachable' },
    { title: 'NXDOMAIN answers', behaviour: 'nxdomain', state: 'reachable' },
    {
      title: 'HTTP 403 (a proxy blocking it: shown as what it is)',
      behaviour: 'http403',
      state: 'reachable',
    },
    { title: 'answers', behaviour: 'answer', state: 'reachable' },
  ];
  for (const row of endpointRows) {
    it(`${row.title}: the endpoint is ${row.state}`, async () => {
      const f = fakeFetch(() => row.behaviour);
      const r = createResolver(PRIMARY, { fetch: f.fetch, retries: 0, cache: false });
      for (const name of NAMES) await r.resolve(name, 'A');
      expect(r.reachability().map((e) => [e.resolver, e.state])).toEqual([['One', row.state]]);
    });
  }

  it(`after ${UNREACHABLE_AFTER_FAILURES} refused queries in a row, later ones are not sent to it`, async () => {
    const f = fakeFetch((url) => (url.startsWith('https://one.test/') ? 'refuse' : 'answer'));
    const r = createResolver([PRIMARY, SECONDARY], { fetch: f.fetch, retries: 0, cache: false });
    const out: DnsResponse[] = [];
    for (const name of NAMES) out.push(await r.resolve(name, 'A'));
    expect(f.calls.filter((u) => u.startsWith('https://one.test/'))).toHaveLength(UNREACHABLE_AFTER_FAILURES);
    expect(out.map((o) => [o.resolver, o.status])).toEqual(NAMES.map(() => ['Two', 'NOERROR']));
    expect(out.map((o) => o.fallbackFrom?.[0].problem?.code)).toEqual([
      ...Array<string>(UNREACHABLE_AFTER_FAILURES).fill('dns/cors-or-network'),
      ...Array<string>(NAMES.length - UNREACHABLE_AFTER_FAILURES).fill('dns/unreachable'),
    ]);
    const [one, two] = r.reachability();
    expect(one).toMatchObject({ state: 'unreachable', reason: { kind: 'network', status: 'ERROR' } });
    expect(one.reason?.error).toContain('Failed to fetch');
    expect(two.state).toBe('reachable');
  });

  it('the last endpoint is still asked once unreachable: nothing would answer in its place', async () => {
    const f = fakeFetch(() => 'refuse');
    const r = createResolver(PRIMARY, { fetch: f.fetch, retries: 0, cache: false });
    for (const name of NAMES) await r.resolve(name, 'A');
    expect(f.calls).toHaveLength(NAMES.length);
    expect(r.reachability()[0]).toMatchObject({ state: 'unreachable', failures: NAMES.length });
  });

  it('two failures then an answer: reachable, the count starts again', async () => {
    const f = fakeFetch((_, call) => (call <= 2 ? 'refuse' : 'answer'));
    const r = createResolver(PRIMARY, { fetch: f.fetch, retries: 0, cache: false });
    for (const name of NAMES.slice(0, 2)) await r.resolve(name, 'A');
    expect(r.reachability()[0]).toMatchObject({ state: 'unknown', failures: 2 });
    await r.resolve('c.example', 'A');
    expect(r.reachability()[0]).toMatchObject({ state: 'reachable', failures: 0 });
  });

  it('primary hanging: declared unreachable after the silence, its waiting queries go to the fallback at once', async () => {
    const f = fakeFetch((url) => (url.startsWith('https://one.test/') ? 'hang' : 'answer'));
    const r = createResolver([PRIMARY, SECONDARY], {
      fetch: f.fetch,
      timeoutMs: 10_000,
      cache: false,
      reachability: { silenceMs: 100 },
    });
    const t0 = performance.now();
    const out = await Promise.all(NAMES.map((n) => r.resolve(n, 'A')));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(out.map((o) => [o.resolver, o.status])).toEqual(NAMES.map(() => ['Two', 'NOERROR']));
    expect(out.map((o) => [o.fallbackFrom?.[0].status, o.fallbackFrom?.[0].problem?.code])).toEqual(
      NAMES.map(() => ['TIMEOUT', 'dns/unreachable']),
    );
    expect(r.reachability()[0]).toMatchObject({ state: 'unreachable', reason: { kind: 'timeout' } });
  });

  it('the last endpoint silent: reported unreachable after the silence, its queries still run their budget', async () => {
    const f = fakeFetch(() => 'hang');
    const r = createResolver(PRIMARY, {
      fetch: f.fetch,
      timeoutMs: 400,
      cache: false,
      reachability: { silenceMs: 100 },
    });
    const states: string[] = [];
    const t0 = performance.now();
    r.onReachability((list) => states.push(`${Math.round(performance.now() - t0)}:${list[0].state}`));
    const out = await Promise.all(NAMES.map((n) => r.resolve(n, 'A')));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(395);
    expect(out.map((o) => o.problem?.code)).toEqual(NAMES.map(() => 'dns/timeout'));
    // Declared at the silence, well before the time budget ran out.
    const first = states.find((s) => s.endsWith(':unreachable'));
    expect(Number(first?.split(':')[0])).toBeLessThan(300);
  });

  it('a slow endpoint that answers within the silence stays reachable', async () => {
    let calls = 0;
    const fetch = (async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 30));
      return new Response(JSON.stringify(ANSWER));
    }) as FakeFetch;
    const r = createResolver(PRIMARY, { fetch, cache: false, reachability: { silenceMs: 200 } });
    const out = await Promise.all(NAMES.map((n) => r.resolve(n, 'A')));
    expect(out.every((o) => o.status === 'NOERROR')).toBe(true);
    expect([calls, r.reachability()[0].state]).toEqual([NAMES.length, 'reachable']);
  });

  it('primary and fallback both refusing: both unreachable, each listener call a snapshot', async () => {
    const f = fakeFetch(() => 'refuse');
    const r = createResolver([PRIMARY, SECONDARY], { fetch: f.fetch, retries: 0, cache: false });
    const seen: string[] = [];
    const stop = r.onReachability((list) => seen.push(list.map((e) => e.state).join(',')));
    const out = await Promise.all(NAMES.map((n) => r.resolve(n, 'A')));
    stop();
    expect(r.reachability().map((e) => [e.resolver, e.state])).toEqual([
      ['One', 'unreachable'],
      ['Two', 'unreachable'],
    ]);
    expect(seen.at(-1)).toBe('unreachable,unreachable');
    // Issue 10 item 6: why the primary was passed over, with its diagnostic.
    expect(out[0].fallbackFrom?.[0]).toMatchObject({ resolver: 'One', status: 'ERROR' });
    expect(out[0].fallbackFrom?.[0].problem?.code).toBe('dns/cors-or-network');
  });

  it('the fallback records the HTTP status and reason of the endpoint it passed over (issue 10 item 6)', async () => {
    const fetch = (async (input: RequestInfo | URL) =>
      String(input).startsWith('https://one.test/')
        ? new Response('', { status: 503, statusText: 'Service Unavailable' })
        : new Response(JSON.stringify(ANSWER))) as FakeFetch;
    const r = createResolver([PRIMARY, SECONDARY], { fetch, retries: 0, cache: false });
    const out = await r.resolve('example.com', 'A');
    expect(out).toMatchObject({ status: 'NOERROR', resolver: 'Two' });
    expect(out.fallbackFrom).toEqual([
      expect.objectContaining({
        resolver: 'One',
        status: 'ERROR',
        httpStatus: 503,
        error: 'HTTP 503 Service Unavailable',
      }),
    ]);
    expect(out.fallbackFrom?.[0].problem?.code).toBe('dns/http-error');
    expect(r.reachability().map((e) => e.state)).toEqual(['reachable', 'reachable']);
  });

  it('reset asks an unreachable endpoint again; an answer makes it reachable', async () => {
    let refusing = true;
    const f = fakeFetch((url) => (refusing || !url.startsWith('https://one.test/') ? 'refuse' : 'answer'));
    const r = createResolver([PRIMARY, SECONDARY], { fetch: f.fetch, retries: 0, cache: false });
    for (const name of NAMES) await r.resolve(name, 'A');
    expect(r.reachability().map((e) => e.state)).toEqual(['unreachable', 'unreachable']);
    refusing = false;
    expect((await r.resolve('x.example', 'A')).fallbackFrom?.[0].problem?.code).toBe('dns/unreachable');
    r.resetReachability();
    expect(r.reachability().map((e) => e.state)).toEqual(['unknown', 'unknown']);
    expect(await r.resolve('x.example', 'A')).toMatchObject({ status: 'NOERROR', resolver: 'One' });
    expect(r.reachability()[0].state).toBe('reachable');
  });
});

describe('ReachabilityTracker probes', () => {
  it('one query goes through to an unreachable endpoint every reprobe interval', async () => {
    let now = 0;
    const tracker = new ReachabilityTracker({ failures: 1, reprobeMs: 1000, now: () => now });
    let sent = 0;
    const inner = {
      resolve: async (): Promise<DnsResponse> => {
        sent++;
        return {
          status: 'ERROR',
          answers: [],
          authenticated: false,
          resolver: 'p',
          problem: { code: 'dns/cors-or-network', severity: 'warning' },
        };
      },
    };
    const r = tracker.wrap(inner, 'p');
    await r.resolve('a.example', 'A');
    await r.resolve('b.example', 'A');
    expect(sent).toBe(1);
    now = 1000;
    await r.resolve('c.example', 'A');
    await r.resolve('d.example', 'A');
    expect(sent).toBe(2);
  });
});
