// One contract, three clients: dohJsonResolver in Cloudflare's and Google's dialect and
// dohWireResolver (RFC 8484), each against the test DoH server (tests/support/doh-server.ts),
// for every status a Resolver reports and every fault the server can inject.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  dohJsonResolver,
  dohWireResolver,
  type DnsResponse,
  type Resolver,
  type RRType,
  type Zone,
} from '../../src/lib/index.ts';
import type { ZoneConfig } from '../support/doh-server.ts';
import { registerZone, uniqueZoneId, zoneEndpoints, zoneStats } from '../support/doh-zones.ts';

const base = inject('dohUrl');
const TIMEOUT_MS = 400;
/** Slack for a loaded machine: TIMEOUT must arrive within the budget plus this. */
const TIMER_SLACK_MS = 600;
/** Per-attempt budget where no TIMEOUT is expected. */
const ANSWER_BUDGET_MS = 5_000;

const CONTRACT_ZONE: Zone = {
  'example.com': [
    { A: '192.0.2.1' },
    { AAAA: '2001:DB8:0:0:0:0:0:1' },
    { MX: [10, 'MX1.Example.COM.'] },
    { MX: [20, 'mx2.example.com'] },
    { TXT: 'v=spf1 include:_spf.example.net -all' },
  ],
  // Two records, the first of two strings, with characters that must be escaped or are not ASCII.
  'txt.example.com': [
    { TXT: ['v=DKIM1; k=rsa; p=', 'MIGfMA0G+/=='] },
    { TXT: ['say "hi" \\ back', 'café ✓ 邮件'] },
  ],
  'empty.example.com': [{ TXT: '' }],
  'nullmx.example.com': [{ MX: [0, '.'] }],
  'alias.example.com': [{ CNAME: 'mid.example.net.' }],
  'mid.example.net': [{ CNAME: 'target.example.org' }],
  'target.example.org': [{ A: '192.0.2.7' }, { TXT: 'at the end of the chain' }],
  'dangling.example.com': [{ CNAME: 'nowhere.example.com' }],
  'broken.example.com': ['SERVFAIL'],
  'slow.example.com': ['TIMEOUT'],
  'refused.example.com': [{ A: '192.0.2.9' }],
  'formerr.example.com': [{ A: '192.0.2.9' }],
  'xn--bcher-kva.example': [{ A: '192.0.2.8' }],
  // The types the audit's peer checks ask for (issue 10 item 9): reverse DNS, delegation, DNSSEC, DANE.
  '1.2.0.192.in-addr.arpa': [{ PTR: 'MX1.Example.COM.' }],
  'ns.example.com': [
    { NS: 'NS1.Example.NET.' },
    { SOA: 'ns1.example.net. hostmaster.example.com. 2025010101 7200 3600 1209600 300' },
    {
      DNSKEY:
        '257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0d xCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==',
    },
  ],
  '_25._tcp.mx1.example.com': [
    { TLSA: '3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6' },
  ],
};

const DNSKEY_B64 = 'mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==';

const CONTRACT_CONFIG: ZoneConfig = {
  zone: CONTRACT_ZONE,
  faults: { 'refused.example.com': 'refused', 'formerr.example.com': 'formerr' },
  negativeTtl: 42,
};

interface Client {
  dialect: string;
  /** The endpoint this client is pointed at, named in `resolver`. */
  pick(e: ReturnType<typeof zoneEndpoints>): string;
  make(endpoints: ReturnType<typeof zoneEndpoints>, o?: { timeoutMs?: number; retries?: number }): Resolver;
}

const CLIENTS: Client[] = [
  {
    dialect: 'Cloudflare JSON',
    pick: (e) => e.cloudflare,
    make: (e, o) =>
      dohJsonResolver({ endpoint: e.cloudflare, dialect: 'cloudflare', retryDelaysMs: [20, 40], ...o }),
  },
  {
    dialect: 'Google JSON',
    pick: (e) => e.google,
    make: (e, o) => dohJsonResolver({ endpoint: e.google, dialect: 'google', retryDelaysMs: [20, 40], ...o }),
  },
  {
    dialect: 'RFC 8484 wire',
    pick: (e) => e.wire,
    make: (e, o) => dohWireResolver({ endpoint: e.wire, retryDelaysMs: [20, 40], ...o }),
  },
];

interface AnswerRow {
  title: string;
  spec: string;
  name: string;
  type: RRType;
  status: DnsResponse['status'];
  answers?: Array<[string, RRType, unknown]>;
  check?: (r: DnsResponse) => void;
}

const ANSWER_ROWS: AnswerRow[] = [
  {
    title: 'PTR at the in-addr.arpa name, lower case, no trailing dot',
    spec: 'RFC 1035 §3.5',
    name: '1.2.0.192.in-addr.arpa',
    type: 'PTR',
    status: 'NOERROR',
    answers: [['1.2.0.192.in-addr.arpa', 'PTR', 'mx1.example.com']],
  },
  {
    title: 'NS names lower case, no trailing dot',
    spec: 'RFC 1035 §3.3.11',
    name: 'ns.example.com',
    type: 'NS',
    status: 'NOERROR',
    answers: [['ns.example.com', 'NS', 'ns1.example.net']],
  },
  {
    title: 'SOA as its seven fields',
    spec: 'RFC 1035 §3.3.13',
    name: 'ns.example.com',
    type: 'SOA',
    status: 'NOERROR',
    answers: [
      ['ns.example.com', 'SOA', 'ns1.example.net hostmaster.example.com 2025010101 7200 3600 1209600 300'],
    ],
  },
  {
    title: 'DNSKEY as flags, protocol, algorithm and the key in base64 without blanks',
    spec: 'RFC 4034 §2.2',
    name: 'ns.example.com',
    type: 'DNSKEY',
    status: 'NOERROR',
    answers: [['ns.example.com', 'DNSKEY', `257 3 13 ${DNSKEY_B64}`]],
  },
  {
    title: 'TLSA as usage, selector, matching type and lower-case hex',
    spec: 'RFC 6698 §2.2',
    name: '_25._tcp.mx1.example.com',
    type: 'TLSA',
    status: 'NOERROR',
    answers: [
      [
        '_25._tcp.mx1.example.com',
        'TLSA',
        '3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6',
      ],
    ],
  },
  {
    title: 'A record',
    spec: 'RFC 1035 §3.4.1',
    name: 'example.com',
    type: 'A',
    status: 'NOERROR',
    answers: [['example.com', 'A', '192.0.2.1']],
  },
  {
    title: 'AAAA in RFC 5952 form',
    spec: 'RFC 5952 §4',
    name: 'example.com',
    type: 'AAAA',
    status: 'NOERROR',
    answers: [['example.com', 'AAAA', '2001:db8::1']],
  },
  {
    title: 'MX as preference + exchange, lower case, no trailing dot',
    spec: 'RFC 1035 §3.3.9',
    name: 'EXAMPLE.com.',
    type: 'MX',
    status: 'NOERROR',
    answers: [
      ['example.com', 'MX', { preference: 10, exchange: 'mx1.example.com' }],
      ['example.com', 'MX', { preference: 20, exchange: 'mx2.example.com' }],
    ],
  },
  {
    title: 'null MX has the root as exchange',
    spec: 'RFC 7505 §3',
    name: 'nullmx.example.com',
    type: 'MX',
    status: 'NOERROR',
    answers: [['nullmx.example.com', 'MX', { preference: 0, exchange: '' }]],
  },
  {
    title: 'single-string TXT',
    spec: 'RFC 1035 §3.3.14',
    name: 'example.com',
    type: 'TXT',
    status: 'NOERROR',
    answers: [['example.com', 'TXT', ['v=spf1 include:_spf.example.net -all']]],
  },
  {
    title: 'TXT records and their strings kept apart; quotes, backslash and UTF-8 decoded',
    spec: 'RFC 1035 §5.1',
    name: 'txt.example.com',
    type: 'TXT',
    status: 'NOERROR',
    answers: [
      ['txt.example.com', 'TXT', ['v=DKIM1; k=rsa; p=', 'MIGfMA0G+/==']],
      ['txt.example.com', 'TXT', ['say "hi" \\ back', 'café ✓ 邮件']],
    ],
  },
  {
    title: 'empty TXT string',
    spec: 'RFC 1035 §3.3.14',
    name: 'empty.example.com',
    type: 'TXT',
    status: 'NOERROR',
    answers: [['empty.example.com', 'TXT', ['']]],
  },
  {
    title: 'CNAME chain followed by name, CNAMEs listed first',
    spec: 'RFC 1034 §3.6.2',
    name: 'alias.example.com',
    type: 'A',
    status: 'NOERROR',
    answers: [
      ['alias.example.com', 'CNAME', 'mid.example.net'],
      ['mid.example.net', 'CNAME', 'target.example.org'],
      ['target.example.org', 'A', '192.0.2.7'],
    ],
  },
  {
    title: 'CNAME itself when CNAME is asked',
    spec: 'RFC 1034 §4.3.2',
    name: 'alias.example.com',
    type: 'CNAME',
    status: 'NOERROR',
    answers: [['alias.example.com', 'CNAME', 'mid.example.net']],
  },
  {
    title: 'NODATA: NOERROR, no answers, SOA in authority',
    spec: 'RFC 2308 §2.2',
    name: 'example.com',
    type: 'PTR',
    status: 'NOERROR',
    answers: [],
    check: (r) => expect(r.authority?.map((a) => [a.type, a.ttl])).toEqual([['SOA', 42]]),
  },
  {
    title: 'NXDOMAIN with SOA in authority',
    spec: 'RFC 2308 §2.1',
    name: 'nope.example.com',
    type: 'TXT',
    status: 'NXDOMAIN',
    answers: [],
    check: (r) => {
      expect(r.authority?.[0]).toMatchObject({ name: 'example.com', type: 'SOA', ttl: 42 });
      expect(r.authority?.[0].data).toMatch(
        /^ns1\.example\.com hostmaster\.example\.com \d+ \d+ \d+ \d+ 42$/,
      );
    },
  },
  {
    title: 'NXDOMAIN at the end of a CNAME chain keeps the chain',
    spec: 'RFC 6604 §3',
    name: 'dangling.example.com',
    type: 'A',
    status: 'NXDOMAIN',
    answers: [['dangling.example.com', 'CNAME', 'nowhere.example.com']],
  },
  {
    title: 'SERVFAIL is an answer with a problem',
    spec: 'RFC 1035 §4.1.1',
    name: 'broken.example.com',
    type: 'TXT',
    status: 'SERVFAIL',
    answers: [],
    check: (r) => expect(r.problem?.code).toBe('dns/servfail'),
  },
  {
    title: 'REFUSED',
    spec: 'RFC 1035 §4.1.1',
    name: 'refused.example.com',
    type: 'A',
    status: 'REFUSED',
    answers: [],
    check: (r) => expect(r.problem?.code).toBe('dns/refused'),
  },
  {
    title: 'FORMERR from a resolver is an ERROR with the rcode named',
    spec: 'RFC 1035 §4.1.1',
    name: 'formerr.example.com',
    type: 'A',
    status: 'ERROR',
    check: (r) => {
      expect(r.problem?.code).toBe('dns/unexpected-rcode');
      expect(r.error).toContain('FORMERR');
    },
  },
  {
    title: 'IDN query name sent as punycode',
    spec: 'RFC 5891 §4.4',
    name: 'Bücher.example.',
    type: 'A',
    status: 'NOERROR',
    answers: [['xn--bcher-kva.example', 'A', '192.0.2.8']],
  },
];

interface FaultRow {
  title: string;
  spec: string;
  prefix: string;
  status: DnsResponse['status'];
  code?: string;
  hits: number;
  httpStatus?: number;
  retries?: number;
}

const FAULT_ROWS: FaultRow[] = [
  {
    title: 'HTTP 500 retried twice, then ERROR',
    spec: 'RFC 9110 §15.6.1',
    prefix: '/fault/500',
    status: 'ERROR',
    code: 'dns/http-error',
    hits: 3,
    httpStatus: 500,
  },
  {
    title: 'HTTP 503 retried twice, then ERROR',
    spec: 'RFC 9110 §15.6.4',
    prefix: '/fault/503',
    status: 'ERROR',
    code: 'dns/http-error',
    hits: 3,
    httpStatus: 503,
  },
  {
    title: 'HTTP 429 retried twice, then ERROR (rate limited)',
    spec: 'RFC 6585 §4',
    prefix: '/fault/429',
    status: 'ERROR',
    code: 'dns/rate-limited',
    hits: 3,
    httpStatus: 429,
  },
  {
    title: 'one HTTP 500 then an answer: the retry succeeds',
    spec: 'RFC 9110 §15.6.1',
    prefix: '/fault/500x1',
    status: 'NOERROR',
    hits: 2,
  },
  {
    title: 'HTTP 403 (a proxy) is not retried',
    spec: 'RFC 9110 §15.5.4',
    prefix: '/fault/403',
    status: 'ERROR',
    code: 'dns/http-error',
    hits: 1,
    httpStatus: 403,
  },
  {
    title: 'retries: 0 sends one request',
    spec: 'RFC 9110 §15.6.1',
    prefix: '/fault/500',
    status: 'ERROR',
    code: 'dns/http-error',
    hits: 1,
    httpStatus: 500,
    retries: 0,
  },
  {
    title: 'malformed body is ERROR',
    spec: 'RFC 8484 §4.2.1',
    prefix: '/fault/badjson',
    status: 'ERROR',
    code: 'dns/bad-response',
    hits: 1,
  },
  {
    title: 'body cut in half is ERROR',
    spec: 'RFC 8484 §4.2.1',
    prefix: '/fault/truncated',
    status: 'ERROR',
    code: 'dns/bad-response',
    hits: 1,
  },
  {
    title: 'empty body is ERROR',
    spec: 'RFC 8484 §4.2.1',
    prefix: '/fault/empty',
    status: 'ERROR',
    code: 'dns/bad-response',
    hits: 1,
  },
  {
    title: 'connection reset is a network ERROR',
    spec: 'RFC 8484 §4.2.1',
    prefix: '/fault/reset',
    status: 'ERROR',
    code: 'dns/cors-or-network',
    hits: 1,
  },
  {
    title: 'a hanging server is TIMEOUT within timeoutMs',
    spec: 'RFC 7208 §2.6.6',
    prefix: '/fault/hang',
    status: 'TIMEOUT',
    code: 'dns/timeout',
    hits: 1,
  },
  {
    title: 'latency beyond the budget is TIMEOUT',
    spec: 'RFC 7208 §2.6.6',
    prefix: '/latency/3000',
    status: 'TIMEOUT',
    code: 'dns/timeout',
    hits: 1,
  },
];

for (const client of CLIENTS) {
  describe(`DoH contract: ${client.dialect}`, () => {
    const id = uniqueZoneId('contract');
    let endpoints: ReturnType<typeof zoneEndpoints>;
    let resolver: Resolver;
    beforeAll(async () => {
      endpoints = await registerZone(id, CONTRACT_CONFIG, base);
      resolver = client.make(endpoints, { timeoutMs: TIMEOUT_MS });
    });

    for (const row of ANSWER_ROWS) {
      it(`${row.title} (${row.spec})`, async () => {
        const r = await resolver.resolve(row.name, row.type);
        expect(r.status, r.error).toBe(row.status);
        if (row.answers) expect(r.answers.map((a) => [a.name, a.type, a.data])).toEqual(row.answers);
        expect(r.resolver).toBe(client.pick(endpoints));
        row.check?.(r);
      });
    }

    it('TTLs are kept (RFC 1035 §3.2.1)', async () => {
      const r = await resolver.resolve('example.com', 'A');
      expect(r.answers[0].ttl).toBe(300);
    });

    it('AD bit reported as authenticated (RFC 4035 §3.2.3)', async () => {
      const signed = uniqueZoneId('signed');
      const e = await registerZone(signed, { zone: CONTRACT_ZONE, authenticated: true }, base);
      const r = await client.make(e).resolve('example.com', 'A');
      expect(r.authenticated).toBe(true);
      expect((await resolver.resolve('example.com', 'A')).authenticated).toBe(false);
    });

    it('AD bit only for names in the signed zones (RFC 4035 §3.2.3)', async () => {
      const id = uniqueZoneId('signed-apex');
      const e = await registerZone(id, { zone: CONTRACT_ZONE, signed: ['ns.example.com'] }, base);
      const r = client.make(e);
      const key = await r.resolve('ns.example.com', 'DNSKEY');
      expect([key.status, key.authenticated, key.answers.length]).toEqual(['NOERROR', true, 1]);
      expect((await r.resolve('example.com', 'A')).authenticated).toBe(false);
      // A CNAME chain out of the signed zone is not authenticated as a whole.
      expect((await r.resolve('alias.example.com', 'A')).authenticated).toBe(false);
    });

    it('zone data TIMEOUT (server never answers) is TIMEOUT within timeoutMs (RFC 7208 §2.6.6)', async () => {
      const t0 = performance.now();
      const r = await resolver.resolve('slow.example.com', 'TXT');
      const elapsed = performance.now() - t0;
      expect(r.status).toBe('TIMEOUT');
      expect(r.problem?.code).toBe('dns/timeout');
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + TIMER_SLACK_MS);
    });

    it('a name with an invisible character is refused with no request sent (RFC 1035 §2.3.4)', async () => {
      const fresh = uniqueZoneId('invisible');
      const e = await registerZone(fresh, CONTRACT_ZONE, base);
      const r = await client.make(e).resolve('exa\u200bmple.com', 'TXT');
      expect(r.status).toBe('ERROR');
      expect(r.problem?.code).toBe('dns/invalid-name');
      expect(r.error).toContain('U+200B');
      expect(r.problem?.params).toMatchObject({ kind: 'invisible', codePoint: 'U+200B' });
      expect((await zoneStats(fresh, base)).hits).toBe(0);
    });

    it('the caller’s abort ends the query at once, as ERROR (not TIMEOUT)', async () => {
      const controller = new AbortController();
      const pending = resolver.resolve('slow.example.com', 'A', { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const t0 = performance.now();
      const r = await pending;
      expect(r.status).toBe('ERROR');
      expect(r.problem?.code).toBe('dns/aborted');
      expect(performance.now() - t0).toBeLessThan(TIMEOUT_MS);
    });

    for (const row of FAULT_ROWS) {
      it(`${row.title} (${row.spec})`, async () => {
        const fresh = uniqueZoneId('fault');
        await registerZone(fresh, CONTRACT_ZONE, base);
        const e = zoneEndpoints(base, fresh, row.prefix);
        // Rows that expect an answer or an HTTP error get a budget no loaded machine runs out of: a
        // slow attempt must not turn "HTTP 429 retried twice" into TIMEOUT.
        const timeoutMs = row.status === 'TIMEOUT' ? TIMEOUT_MS : ANSWER_BUDGET_MS;
        const r0 = client.make(e, { timeoutMs, retries: row.retries });
        const t0 = performance.now();
        const r = await r0.resolve('example.com', 'A');
        const elapsed = performance.now() - t0;
        expect(r.status, r.error).toBe(row.status);
        if (row.code) expect(r.problem?.code).toBe(row.code);
        if (row.httpStatus) expect(r.httpStatus).toBe(row.httpStatus);
        if (row.status === 'TIMEOUT') expect(elapsed).toBeLessThan(TIMEOUT_MS + TIMER_SLACK_MS);
        if (row.status === 'NOERROR') expect(r.answers.map((a) => a.data)).toEqual(['192.0.2.1']);
        if (row.hits === 3) expect(r.error).toContain('after 3 attempts');
        expect(typeof r.error === 'string' || row.status === 'NOERROR').toBe(true);
        expect((await zoneStats(fresh, base)).hits).toBe(row.hits);
      });
    }

    it('fault chosen by query parameter works like the path prefix', async () => {
      const fresh = uniqueZoneId('param');
      const e = await registerZone(fresh, CONTRACT_ZONE, base);
      const withParam = (u: string) => `${u}?fault=403`;
      const r = await client
        .make({ cloudflare: withParam(e.cloudflare), google: withParam(e.google), wire: withParam(e.wire) })
        .resolve('example.com', 'A');
      expect([r.status, r.httpStatus]).toEqual(['ERROR', 403]);
    });
  });
}
