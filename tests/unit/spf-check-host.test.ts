// checkHost (RFC 7208 §4–§7) on zones shaped like real providers, and the cases the suite does
// not pin down: trace structure, temperror vs permerror, the query cap, AbortSignal.
import { describe, expect, it } from 'vitest';
import {
  checkHost,
  zoneResolver,
  type DnsResponse,
  type Resolver,
  type SpfStep,
  type Zone,
} from '../../src/lib/index.ts';

// Tencent Exmail (腾讯企业邮箱): the user's chiqio.com includes spf.mail.qq.com, which includes
// further qq.com hosts listing the ranges.
const exmail: Zone = {
  'chiqio.com': [
    { TXT: 'v=spf1 include:spf.mail.qq.com ~all' },
    { MX: [5, 'mxbiz1.qq.com'] },
    { MX: [10, 'mxbiz2.qq.com'] },
  ],
  'spf.mail.qq.com': [{ TXT: 'v=spf1 include:qq-a.mail.qq.com include:qq-b.mail.qq.com -all' }],
  'qq-a.mail.qq.com': [{ TXT: 'v=spf1 ip4:183.3.224.0/19 ip4:113.108.0.0/16 ip4:203.205.128.0/19 -all' }],
  'qq-b.mail.qq.com': [
    // Split inside a term: joined with a space (or anything) the ip6 term would not parse (§3.3).
    { TXT: ['v=spf1 ip4:58.251.80.0/21 ip4:59.36.128.0/20 ip6:240e:ff:f1', '00::/40 -all'] },
  ],
};

const q = (ip: string, domain = 'chiqio.com', sender = `user@${domain}`, helo = 'mail.example.net') => ({
  ip,
  domain,
  sender,
  helo,
});

function step<K extends SpfStep['kind']>(trace: SpfStep[], kind: K): Extract<SpfStep, { kind: K }>[] {
  return trace.filter((s): s is Extract<SpfStep, { kind: K }> => s.kind === kind);
}

describe('checkHost on a Tencent Exmail chain (RFC 7208 §5.2)', () => {
  it('passes an address of qq.com, with a structured trace (§5.2)', async () => {
    const r = await checkHost(q('183.3.226.10'), zoneResolver(exmail));
    expect(r.result).toBe('pass');
    expect(step(r.trace, 'match')).toContainEqual({
      kind: 'match',
      term: 'ip4:183.3.224.0/19',
      result: 'pass',
      via: ['include:spf.mail.qq.com', 'include:qq-a.mail.qq.com'],
    });
    expect(r.lookups).toBe(2);
  });
  it('joins multi-string TXT records without separator (§3.3) and matches ip6', async () => {
    const r = await checkHost(q('240e:ff:f100::25'), zoneResolver(exmail));
    expect(r.result).toBe('pass');
  });
  it('soft-fails anyone else and counts every include (§4.6.4)', async () => {
    const r = await checkHost(q('203.0.113.9'), zoneResolver(exmail));
    expect([r.result, r.lookups, r.voidLookups]).toEqual(['softfail', 3, 0]);
    expect(step(r.trace, 'include').map((s) => [s.domain, s.result])).toEqual([
      ['qq-a.mail.qq.com', 'fail'],
      ['qq-b.mail.qq.com', 'fail'],
      ['spf.mail.qq.com', 'fail'],
    ]);
  });
});

describe('checkHost: identities and addresses (RFC 7208 §2.3, §4.3, §5)', () => {
  const zone: Zone = {
    'example.com': [{ TXT: 'v=spf1 -ip4:192.0.2.1 ip6:2001:db8::/32 -all exp=why.example.com' }],
    'why.example.com': [{ TXT: '%{l}@%{o} via %{h} from %{c} (%{v}) checked by %{r}' }],
    'mail.example.com': [{ TXT: 'v=spf1 a -all' }, { A: '192.0.2.10' }],
  };
  it('an IPv4-mapped IPv6 client is treated as IPv4 (§5)', async () => {
    const r = await checkHost(q('::ffff:192.0.2.1', 'example.com'), zoneResolver(zone));
    expect(r.result).toBe('fail');
  });
  it('the null reverse-path checks postmaster@<helo> (§2.4)', async () => {
    const r = await checkHost(
      { ip: '192.0.2.1', domain: 'example.com', sender: '', helo: 'example.com' },
      zoneResolver(zone),
      {
        receiver: 'mx.receiver.example',
      },
    );
    expect(r.explanation).toBe(
      'postmaster@example.com via example.com from 192.0.2.1 (in-addr) checked by mx.receiver.example',
    );
  });
  it('the HELO identity: domain = the HELO name (§2.3)', async () => {
    const r = await checkHost(
      { ip: '192.0.2.10', domain: 'mail.example.com', sender: '', helo: 'mail.example.com' },
      zoneResolver(zone),
    );
    expect(r.result).toBe('pass');
  });
  it('an address that is not one is a permerror with a reason, not a crash', async () => {
    const r = await checkHost(q('300.1.1.1', 'example.com'), zoneResolver(zone));
    expect([r.result, r.trace]).toEqual(['permerror', [{ kind: 'invalid-input', field: 'ip' }]]);
  });
  it('the default explanation is used only for fail without a usable exp (§6.2)', async () => {
    const z: Zone = { 'example.org': [{ TXT: 'v=spf1 -all exp=missing.example.org' }] };
    const r = await checkHost(q('192.0.2.1', 'example.org'), zoneResolver(z), {
      defaultExplanation: 'not allowed',
    });
    expect([r.result, r.explanation]).toEqual(['fail', 'not allowed']);
    const pass = await checkHost(
      q('192.0.2.1', 'example.org'),
      zoneResolver({ 'example.org': [{ TXT: 'v=spf1 +all' }] }),
      {
        defaultExplanation: 'x',
      },
    );
    expect(pass.explanation).toBeUndefined();
  });
});

describe('checkHost: %{p} and ptr (RFC 7208 §5.5, §7.3)', () => {
  const zone: Zone = {
    'example.com': [{ TXT: 'v=spf1 ptr:example.com -all' }],
    'other.example': [{ TXT: 'v=spf1 -all exp=msg.other.example' }],
    'msg.other.example': [{ TXT: 'hello %{p}' }],
    '10.2.0.192.in-addr.arpa': [{ PTR: 'spoofed.example.com' }, { PTR: 'mail.example.com' }],
    'mail.example.com': [{ A: '192.0.2.10' }],
    'spoofed.example.com': [{ A: '198.51.100.1' }],
  };
  it('ptr matches only a validated name (§5.5)', async () => {
    expect((await checkHost(q('192.0.2.10', 'example.com'), zoneResolver(zone))).result).toBe('pass');
    expect((await checkHost(q('192.0.2.11', 'example.com'), zoneResolver(zone))).result).toBe('fail');
  });
  it('%{p} is the validated name, else "unknown" (§7.3)', async () => {
    expect((await checkHost(q('192.0.2.10', 'other.example'), zoneResolver(zone))).explanation).toBe(
      'hello mail.example.com',
    );
    expect((await checkHost(q('192.0.2.99', 'other.example'), zoneResolver(zone))).explanation).toBe(
      'hello unknown',
    );
  });
});

describe('checkHost: temperror is never "no record" (RFC 7208 §4.4, §5)', () => {
  const zone: Zone = {
    'timeout.example': ['TIMEOUT'],
    'servfail.example': ['SERVFAIL'],
    'inc.example': [{ TXT: 'v=spf1 include:timeout.example -all' }],
    'a.example': [{ TXT: 'v=spf1 a:servfail.example -all' }],
    'mx.example': [{ TXT: 'v=spf1 mx -all' }, { MX: [10, 'servfail.example'] }],
    'void.example': [{ TXT: 'v=spf1 a:nx1.example -all' }],
  };
  const rows: Array<[string, string, string]> = [
    ['a TXT timeout at the domain', 'timeout.example', 'temperror'],
    ['SERVFAIL at the domain', 'servfail.example', 'temperror'],
    ['a timeout inside an include', 'inc.example', 'temperror'],
    ['SERVFAIL for an a target', 'a.example', 'temperror'],
    ['SERVFAIL for an MX exchange', 'mx.example', 'temperror'],
    ['NXDOMAIN is void, not temperror', 'void.example', 'fail'],
    ['NXDOMAIN at the domain is none', 'nx.example', 'none'],
  ];
  for (const [title, domain, result] of rows) {
    it(`${title} → ${result} (§4.4/§5)`, async () => {
      expect((await checkHost(q('192.0.2.1', domain), zoneResolver(zone))).result).toBe(result);
    });
  }
  it('a resolver that rejects is a temperror, not a crash', async () => {
    const broken: Resolver = { resolve: () => Promise.reject(new Error('socket closed')) };
    expect((await checkHost(q('192.0.2.1'), broken)).result).toBe('temperror');
  });
  it('a REFUSED answer is temperror (§4.4: RCODE other than 0 or 3)', async () => {
    const refused: Resolver = {
      resolve: async (): Promise<DnsResponse> => ({
        status: 'REFUSED',
        answers: [],
        authenticated: false,
        resolver: 'x',
      }),
    };
    expect((await checkHost(q('192.0.2.1'), refused)).result).toBe('temperror');
  });
});

describe('checkHost: limits (RFC 7208 §4.6.4)', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => `a:h${i}.example`).join(' ');
  const zone: Zone = {
    'ten.example': [{ TXT: `v=spf1 ${many(10)} -all` }],
    'eleven.example': [{ TXT: `v=spf1 ${many(11)} -all` }],
    'voids.example': [{ TXT: 'v=spf1 a:nx1.example a:nx2.example a:nx3.example -all' }],
    'mx.example': [
      { TXT: 'v=spf1 mx -all' },
      ...Array.from({ length: 11 }, (_, i) => ({ MX: [i, `m${i}.example`] as [number, string] })),
    ],
    'exp.example': [{ TXT: 'v=spf1 a:nx1.example a:nx2.example -all exp=nx3.example' }],
  };
  for (let i = 0; i < 11; i++) zone[`h${i}.example`] = [{ A: '198.51.100.1' }];
  it('10 lookups are allowed, the 11th is a permerror (§4.6.4)', async () => {
    const ten = await checkHost(q('192.0.2.1', 'ten.example'), zoneResolver(zone));
    expect([ten.result, ten.lookups]).toEqual(['fail', 10]);
    const eleven = await checkHost(q('192.0.2.1', 'eleven.example'), zoneResolver(zone));
    expect([eleven.result, eleven.lookups]).toEqual(['permerror', 11]);
    expect(step(eleven.trace, 'limit')).toEqual([
      { kind: 'limit', limit: 'lookups', count: 11, max: 10, term: 'a:h10.example', via: [] },
    ]);
  });
  it('a third void lookup is a permerror (§4.6.4)', async () => {
    const r = await checkHost(q('192.0.2.1', 'voids.example'), zoneResolver(zone));
    expect([r.result, r.voidLookups]).toEqual(['permerror', 3]);
  });
  it('more than 10 MX names make mx a permerror (§4.6.4)', async () => {
    const r = await checkHost(q('192.0.2.1', 'mx.example'), zoneResolver(zone));
    expect(r.result).toBe('permerror');
    expect(step(r.trace, 'limit')[0]).toMatchObject({ limit: 'mx-names', count: 11 });
  });
  it('exp is not a lookup and not a void lookup (§4.6.4, suite exp-void)', async () => {
    const r = await checkHost(q('192.0.2.1', 'exp.example'), zoneResolver(zone), { defaultExplanation: 'D' });
    expect([r.result, r.lookups, r.voidLookups, r.explanation]).toEqual(['fail', 2, 2, 'D']);
  });
  it('the hard query cap stops an evaluation with permerror', async () => {
    const r = await checkHost(q('192.0.2.1', 'ten.example'), zoneResolver(zone), { maxQueries: 4 });
    expect(r.result).toBe('permerror');
    expect(step(r.trace, 'limit')[0]).toMatchObject({ limit: 'queries', max: 4 });
  });
});

describe('checkHost: AbortSignal (RFC 7208 §4.6.4: an elapsed-time limit gives temperror)', () => {
  const zone: Zone = {
    'slow.example': [{ TXT: 'v=spf1 a:x1.example a:x2.example a:x3.example -all' }],
    'x1.example': [{ A: '198.51.100.1' }],
  };
  it('an already aborted signal: temperror without a query', async () => {
    const resolver = zoneResolver(zone);
    const r = await checkHost(q('192.0.2.1', 'slow.example'), resolver, { signal: AbortSignal.abort() });
    expect([r.result, resolver.log.length]).toEqual(['temperror', 0]);
    expect(r.trace).toContainEqual({ kind: 'aborted' });
  });
  it('an abort in the middle stops at once, even with a resolver that never answers', async () => {
    const hanging: Resolver = { resolve: () => new Promise(() => {}) };
    const controller = new AbortController();
    const pending = checkHost(q('192.0.2.1', 'slow.example'), hanging, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect((await pending).result).toBe('temperror');
  });
  it('an abort between queries: no further queries', async () => {
    const resolver = zoneResolver(zone, { delayMs: 30 });
    const controller = new AbortController();
    const pending = checkHost(q('192.0.2.1', 'slow.example'), resolver, { signal: controller.signal });
    setTimeout(() => controller.abort(), 45);
    expect((await pending).result).toBe('temperror');
    await new Promise((r) => setTimeout(r, 100));
    expect(resolver.log.length).toBeLessThanOrEqual(2);
  });
});
