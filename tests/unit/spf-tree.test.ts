// analyzeSpf: the include tree, its lookup cost as RFC 7208 §4.6.4 counts it (checked against
// checkHost on the same zones), the ranges it authorizes, and how its lookups are issued.
import { describe, expect, it } from 'vitest';
import {
  analyzeSpf,
  checkHost,
  zoneResolver,
  type SpfTree,
  type SpfTreeNode,
  type Zone,
  type ZoneQuery,
} from '../../src/lib/index.ts';

// Tencent Exmail (腾讯企业邮箱), shaped like qq.com's published chain.
const exmail: Zone = {
  'chiqio.com': [
    { TXT: 'v=spf1 include:spf.mail.qq.com ~all' },
    { MX: [5, 'mxbiz1.qq.com'] },
    { MX: [10, 'mxbiz2.qq.com'] },
  ],
  'spf.mail.qq.com': [
    { TXT: 'v=spf1 include:spf-a.mail.qq.com include:spf-b.mail.qq.com include:spf-c.mail.qq.com ~all' },
  ],
  'spf-a.mail.qq.com': [{ TXT: 'v=spf1 ip4:183.3.224.0/19 ip4:113.108.0.0/16 ip4:203.205.128.0/19 -all' }],
  'spf-b.mail.qq.com': [{ TXT: 'v=spf1 ip4:58.251.80.0/21 ip4:59.36.128.0/20 ip4:113.108.11.0/24 -all' }],
  'spf-c.mail.qq.com': [
    { TXT: ['v=spf1 ip4:101.226.0.0/16 ip4:183.3.224.0/19 ', 'ip6:240e:ff:f100::/40 -all'] },
  ],
};

// Google Workspace: _spf.google.com → _netblocks, _netblocks2, _netblocks3.
const google: Zone = {
  'example.com': [{ TXT: 'v=spf1 include:_spf.google.com ~all' }],
  '_spf.google.com': [
    {
      TXT: 'v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all',
    },
  ],
  '_netblocks.google.com': [
    { TXT: 'v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ip4:66.102.0.0/20 ip4:66.249.80.0/20 ~all' },
  ],
  '_netblocks2.google.com': [
    { TXT: 'v=spf1 ip6:2001:4860:4000::/36 ip6:2404:6800:4000::/36 ip6:2607:f8b0:4000::/36 ~all' },
  ],
  '_netblocks3.google.com': [
    { TXT: 'v=spf1 ip4:172.217.0.0/19 ip4:172.217.32.0/20 ip4:172.217.128.0/19 ~all' },
  ],
};

// Over the limit: several providers stacked (docs/cloudflare.md: "show the whole tree even when it is over").
const heavy: Zone = {
  ...google,
  ...exmail,
  'heavy.example': [
    {
      TXT: 'v=spf1 include:_spf.google.com include:spf.mail.qq.com include:spf.protection.outlook.com include:sendgrid.net a mx -all',
    },
    { A: '192.0.2.10' },
    { MX: [10, 'mx1.heavy.example'] },
  ],
  'mx1.heavy.example': [{ A: '192.0.2.25' }, { AAAA: '2001:db8::25' }],
  'spf.protection.outlook.com': [
    { TXT: 'v=spf1 include:spfa.protection.outlook.com include:spfb.protection.outlook.com -all' },
  ],
  'spfa.protection.outlook.com': [{ TXT: 'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 -all' }],
  'spfb.protection.outlook.com': [{ TXT: 'v=spf1 ip4:52.100.0.0/14 ip6:2a01:111:f400::/48 -all' }],
  'sendgrid.net': [{ TXT: 'v=spf1 ip4:167.89.0.0/17 ip4:208.117.48.0/20 ~all' }],
};

// Every kind of lookup term, no macros: a, mx, ptr, exists, redirect; exp is not counted.
const mixed: Zone = {
  'mixed.example': [
    {
      TXT: 'v=spf1 a a:www.mixed.example/24 mx//64 ptr:mixed.example exists:nx.mixed.example redirect=tail.mixed.example exp=why.mixed.example',
    },
  ],
  'www.mixed.example': [{ A: '198.51.100.20' }],
  'tail.mixed.example': [{ TXT: 'v=spf1 include:spf.mail.qq.com ip4:198.51.100.0/28 -all' }],
  ...exmail,
};
mixed['mixed.example'].push({ A: '198.51.100.10' }, { MX: [10, 'mx.mixed.example'] });
mixed['mx.mixed.example'] = [{ A: '198.51.100.11' }, { AAAA: '2001:db8:1::11' }];

function find(node: SpfTreeNode, domain: string): SpfTreeNode | undefined {
  if (node.domain === domain) return node;
  for (const c of node.children) {
    const f = find(c, domain);
    if (f) return f;
  }
  return undefined;
}

const codes = (t: SpfTree) => t.diagnostics.map((d) => d.code);
/** An address none of the zones authorize. */
const NOBODY = '192.0.2.200';

describe('analyzeSpf: the tree (RFC 7208 §5.2, §6.1)', () => {
  it('Tencent Exmail: three levels, 4 lookups, every range (§4.6.4)', async () => {
    const t = await analyzeSpf('chiqio.com', zoneResolver(exmail));
    expect(t.root.children.map((c) => [c.domain, c.status, c.branchLookups])).toEqual([
      ['spf.mail.qq.com', 'ok', 3],
    ]);
    expect(find(t.root, 'spf.mail.qq.com')!.children.map((c) => c.domain)).toEqual([
      'spf-a.mail.qq.com',
      'spf-b.mail.qq.com',
      'spf-c.mail.qq.com',
    ]);
    expect([t.lookups, t.voidLookups, t.overLimit, t.complete]).toEqual([4, 0, false, true]);
    expect(t.ranges.map((r) => r.cidr)).toContain('183.3.224.0/19');
    expect(t.ranges.find((r) => r.cidr === '183.3.224.0/19')!.via).toEqual([
      'include:spf.mail.qq.com',
      'include:spf-a.mail.qq.com',
    ]);
  });
  it('Tencent Exmail: ranges merged, duplicates and overlaps flagged', async () => {
    const t = await analyzeSpf('chiqio.com', zoneResolver(exmail));
    expect(t.merged).toContain('113.108.0.0/16');
    expect(t.merged).not.toContain('113.108.11.0/24');
    expect(t.merged).toContain('240e:ff:f100::/40');
    expect(t.rangeIssues.map((i) => [i.kind, i.range.cidr, i.other.cidr])).toEqual(
      expect.arrayContaining([
        ['overlap', '113.108.11.0/24', '113.108.0.0/16'],
        ['duplicate', '183.3.224.0/19', '183.3.224.0/19'],
      ]),
    );
    expect(codes(t)).toEqual(expect.arrayContaining(['spf/duplicate-range', 'spf/overlapping-ranges']));
  });
  it('Google: _spf.google.com → three netblocks, 4 lookups', async () => {
    const t = await analyzeSpf('example.com', zoneResolver(google));
    expect(find(t.root, '_spf.google.com')!.children.map((c) => c.domain)).toEqual([
      '_netblocks.google.com',
      '_netblocks2.google.com',
      '_netblocks3.google.com',
    ]);
    expect(t.lookups).toBe(4);
    expect(t.merged).toEqual(
      expect.arrayContaining(['2001:4860:4000::/36', '172.217.0.0/19', '172.217.32.0/20']),
    );
  });
  it('over the limit: the whole tree, the total, and the cost of each include (§4.6.4)', async () => {
    const t = await analyzeSpf('heavy.example', zoneResolver(heavy));
    // google 1+3, qq 1+3, outlook 1+2, sendgrid 1, a 1, mx 1
    expect([t.lookups, t.overLimit]).toEqual([14, true]);
    expect(codes(t)[0]).toBe('spf/too-many-lookups');
    expect(t.diagnostics[0].params).toEqual({ count: 14 });
    expect(t.root.children.every((c) => c.status === 'ok')).toBe(true);
    expect(t.withoutInclude.map((w) => [w.term, w.lookups, w.totalWithout])).toEqual([
      ['include:_spf.google.com', 4, 10],
      ['include:spf.mail.qq.com', 4, 10],
      ['include:spf.protection.outlook.com', 3, 11],
      ['include:sendgrid.net', 1, 13],
    ]);
    // a and mx resolve to ranges; mx's exchange has both families.
    expect(t.ranges.filter((r) => r.domain === 'heavy.example').map((r) => [r.term, r.cidr])).toEqual([
      ['a', '192.0.2.10/32'],
      ['mx', '192.0.2.25/32'],
      ['mx', '2001:db8::25/128'],
    ]);
  });
  it('each term cost; exp is not counted; ignored terms are marked (§4.6.4, §6.2)', async () => {
    const t = await analyzeSpf('mixed.example', zoneResolver(mixed));
    expect(t.root.terms.map((c) => [c.term, c.lookups])).toEqual([
      ['a', 1],
      ['a:www.mixed.example/24', 1],
      ['mx//64', 1],
      ['ptr:mixed.example', 1],
      ['exists:nx.mixed.example', 1],
      ['redirect=tail.mixed.example', 1],
      ['exp=why.mixed.example', 0],
    ]);
    // own 6 (redirect included), then the redirect target: include + its 3 includes.
    expect([t.root.ownLookups, t.lookups, t.voidLookups]).toEqual([6, 10, 1]);
    expect(t.ranges.find((r) => r.term === 'a:www.mixed.example/24')!.cidr).toBe('198.51.100.0/24');
    expect(t.ranges.find((r) => r.term === 'mx//64' && r.version === 6)!.cidr).toBe('2001:db8:1::/64');
  });
});

describe('analyzeSpf agrees with checkHost on the lookup count (RFC 7208 §4.6.4)', () => {
  const zones: Array<[string, Zone, string]> = [
    ['Tencent Exmail', exmail, 'chiqio.com'],
    ['Google', google, 'example.com'],
    ['a/mx/ptr/exists/redirect', mixed, 'mixed.example'],
  ];
  for (const [title, zone, domain] of zones) {
    it(`${title}: static total = checkHost lookups for an address that matches nothing`, async () => {
      const tree = await analyzeSpf(domain, zoneResolver(zone));
      const r = await checkHost(
        { ip: NOBODY, domain, sender: `x@${domain}`, helo: 'h.example' },
        zoneResolver(zone),
      );
      expect(['fail', 'softfail', 'neutral']).toContain(r.result);
      expect(r.lookups).toBe(tree.lookups);
      expect(r.voidLookups).toBe(tree.voidLookups);
    });
  }
  it('over the limit: checkHost stops at the 11th lookup with permerror, the tree shows all 14', async () => {
    const tree = await analyzeSpf('heavy.example', zoneResolver(heavy));
    const r = await checkHost(
      { ip: NOBODY, domain: 'heavy.example', sender: 'x@heavy.example' },
      zoneResolver(heavy),
    );
    expect([r.result, r.lookups, tree.lookups]).toEqual(['permerror', 11, 14]);
  });
});

describe('analyzeSpf: missing, multiple, loops, failures (RFC 7208 §4.4, §4.5, §5.2)', () => {
  const zone: Zone = {
    'broken.example': [
      {
        TXT: 'v=spf1 include:gone.example include:two.example include:slow.example include:loop1.example include:%{ir}.dyn.example a:nx.example ~all',
      },
    ],
    'gone.example': [{ TXT: 'google-site-verification=abc' }],
    'two.example': [{ TXT: 'v=spf1 -all' }, { TXT: 'v=spf1 +all' }],
    'slow.example': ['TIMEOUT'],
    'loop1.example': [{ TXT: 'v=spf1 include:loop2.example -all' }],
    'loop2.example': [{ TXT: 'v=spf1 redirect=loop1.example' }],
  };
  it('reports each problem at its node, and keeps temperror apart from "no record"', async () => {
    const t = await analyzeSpf('broken.example', zoneResolver(zone));
    const status = Object.fromEntries(t.root.children.map((c) => [c.domain, c.status]));
    expect(status).toEqual({
      'gone.example': 'none',
      'two.example': 'multiple-records',
      'slow.example': 'temperror',
      'loop1.example': 'ok',
      '%{ir}.dyn.example': 'macro',
    });
    expect(find(t.root, 'slow.example')!.dnsStatus).toBe('TIMEOUT');
    expect(find(t.root, 'loop2.example')!.children[0].status).toBe('loop');
    expect(codes(t)).toEqual(
      expect.arrayContaining([
        'spf/include-missing-record',
        'spf/multiple-records',
        'spf/lookup-temperror',
        'spf/include-loop',
        'spf/macro-not-followed',
        'spf/void-lookup',
      ]),
    );
    expect(t.diagnostics.filter((d) => d.code === 'spf/include-missing-record').map((d) => d.params)).toEqual(
      [{ domain: 'gone.example' }],
    );
    expect(codes(t)).not.toContain('spf/missing');
    // include ×5 + a, plus loop1's include and loop2's redirect: a lower bound (macro, timeout).
    expect([t.lookups, t.voidLookups, t.complete]).toEqual([8, 1, false]);
  });
  it('no SPF record at the domain: spf/missing at the root (§4.5)', async () => {
    const t = await analyzeSpf('gone.example', zoneResolver(zone));
    expect([t.root.status, codes(t)]).toEqual(['none', ['spf/missing']]);
  });
  it('a timeout at the domain is temperror, not spf/missing (§4.4)', async () => {
    const t = await analyzeSpf('slow.example', zoneResolver(zone));
    expect([t.root.status, codes(t)]).toEqual(['temperror', ['spf/lookup-temperror']]);
  });
  it('void lookups are counted per client family (§4.6.4)', async () => {
    const z: Zone = {
      'v.example': [{ TXT: 'v=spf1 a:v4only.example a:nx.example mx:nomx.example -all' }],
      'v4only.example': [{ A: '192.0.2.1' }],
      'nomx.example': [{ A: '192.0.2.2' }],
    };
    const t = await analyzeSpf('v.example', zoneResolver(z));
    expect([t.voidLookups, t.voidLookupsIp6]).toEqual([2, 3]);
    const r = await checkHost({ ip: NOBODY, domain: 'v.example', sender: 'x@v.example' }, zoneResolver(z));
    expect(r.voidLookups).toBe(t.voidLookups);
  });
  it('ranges behind a non-pass qualifier do not authorize', async () => {
    const z: Zone = {
      'q.example': [{ TXT: 'v=spf1 ?include:n.example -ip4:192.0.2.0/24 ip4:198.51.100.0/24 -all' }],
      'n.example': [{ TXT: 'v=spf1 ip4:203.0.113.0/24 -all' }],
    };
    const t = await analyzeSpf('q.example', zoneResolver(z));
    expect(t.ranges.map((r) => [r.cidr, r.authorizes])).toEqual([
      ['203.0.113.0/24', false],
      ['192.0.2.0/24', false],
      ['198.51.100.0/24', true],
    ]);
    expect(t.merged).toEqual(['198.51.100.0/24']);
  });
});

/** Groups queries into rounds: a round ends when its first answer arrives. */
function rounds(log: ZoneQuery[]): ZoneQuery[][] {
  const sorted = [...log].sort((a, b) => a.at - b.at);
  const out: ZoneQuery[][] = [];
  for (const q of sorted) {
    const current = out[out.length - 1];
    if (current && q.at < Math.min(...current.map((c) => c.doneAt ?? Infinity))) current.push(q);
    else out.push([q]);
  }
  return out;
}

describe('analyzeSpf issues independent lookups together', () => {
  it('one round per level: TXT of every include, a and mx lookups of a record, in flight at once', async () => {
    const zone: Zone = {
      'deep.example': [
        { TXT: 'v=spf1 include:l1a.example include:l1b.example mx a:host.example -all' },
        { MX: [10, 'mx.deep.example'] },
      ],
      'mx.deep.example': [{ A: '192.0.2.25' }],
      'host.example': [{ A: '192.0.2.30' }],
      'l1a.example': [{ TXT: 'v=spf1 include:l2a.example include:l2b.example -all' }],
      'l1b.example': [{ TXT: 'v=spf1 ip4:192.0.2.0/28 -all' }],
      'l2a.example': [{ TXT: 'v=spf1 include:l3.example -all' }],
      'l2b.example': [{ TXT: 'v=spf1 ip4:192.0.2.16/28 -all' }],
      'l3.example': [{ TXT: 'v=spf1 ip4:192.0.2.32/28 -all' }],
    };
    const resolver = zoneResolver(zone, { delayMs: 40 });
    const tree = await analyzeSpf('deep.example', resolver);
    expect(tree.lookups).toBe(7);
    const names = rounds(resolver.log).map((r) => r.map((q) => `${q.type} ${q.name}`).sort());
    // Depth 3 → 4 rounds; one query after another would take 11.
    expect(names).toEqual([
      ['TXT deep.example'],
      ['A host.example', 'AAAA host.example', 'MX deep.example', 'TXT l1a.example', 'TXT l1b.example'],
      ['A mx.deep.example', 'AAAA mx.deep.example', 'TXT l2a.example', 'TXT l2b.example'],
      ['TXT l3.example'],
    ]);
    expect(resolver.log.length).toBe(11);
    // Wall-clock time is measured by `npm run bench`, not asserted here (a loaded CI machine
    // would make such a bound flaky); the causal rounds above are what proves concurrency.
  });
});
