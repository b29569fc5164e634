// summarizeReports: counts per source, network, org and day; sources recognised; readiness and the
// staged next DMARC record (RFC 9989 §4.7); reverseNames on request (PTR, cached, limited).
import { describe, expect, it } from 'vitest';
import {
  buildDmarc,
  dmarcBuilderQuery,
  networkOf,
  reverseNames,
  summarizeReports,
  zoneResolver,
  type AggregateRecord,
  type AggregateReport,
  type DmarcStage,
} from '../../src/lib/index.ts';

function row(ip: string, count: number, o: Partial<AggregateRecord> = {}): AggregateRecord {
  return {
    sourceIp: ip,
    count,
    disposition: 'none',
    dkim: 'pass',
    spf: 'pass',
    headerFrom: 'example.com',
    dkimResults: [{ domain: 'example.com', selector: 'x1', result: 'pass' }],
    spfResults: [{ domain: 'example.com', result: 'pass' }],
    ...o,
  };
}

function report(id: string, records: AggregateRecord[], o: Partial<AggregateReport> = {}): AggregateReport {
  return {
    org: 'google.com',
    reportId: id,
    begin: 1700006400, // 2023-11-15 00:00 UTC
    end: 1700092799,
    domain: 'example.com',
    policy: { p: 'none' },
    records,
    ...o,
  };
}

const FAIL = { dkim: 'fail', spf: 'fail' } as const;

describe('summarizeReports counts (RFC 9989 §4.4: DMARC passes with aligned SPF or DKIM)', () => {
  const reports = [
    report('1', [
      row('192.0.2.10', 5),
      row('192.0.2.20', 3, {
        ...FAIL,
        dkimResults: [],
        spfResults: [{ domain: 'example.com', result: 'fail' }],
      }),
    ]),
    report('2', [row('2001:db8:1:2::5', 2, { dkim: 'fail' }), row('192.0.2.10', 1)], {
      org: 'Yahoo',
      begin: 1700092800,
      end: 1700179199,
    }),
  ];
  const s = summarizeReports(reports);

  it('totals: raw and aligned results side by side', () => {
    expect(s.totals).toEqual({
      messages: 11,
      dmarcPass: 8,
      dmarcFail: 3,
      dkimAligned: 6,
      spfAligned: 8,
      dkimPass: 8,
      spfPass: 8,
      dispositions: { none: 11 },
    });
    expect([s.reports, s.records]).toEqual([2, 4]);
    expect(s.range).toEqual({ begin: 1700006400, end: 1700179199 });
  });

  it('per source (most messages first) with drill-down rows, per /24 and /48 network', () => {
    expect(s.sources.map((x) => [x.ip, x.messages, x.network, x.rows])).toEqual([
      [
        '192.0.2.10',
        6,
        '192.0.2.0/24',
        [
          { report: 0, record: 0 },
          { report: 1, record: 1 },
        ],
      ],
      ['192.0.2.20', 3, '192.0.2.0/24', [{ report: 0, record: 1 }]],
      ['2001:db8:1:2::5', 2, '2001:db8:1::/48', [{ report: 1, record: 0 }]],
    ]);
    expect(s.networks.map((n) => [n.network, n.prefix, n.messages, n.ips.length])).toEqual([
      ['192.0.2.0/24', 24, 9, 2],
      ['2001:db8:1::/48', 48, 2, 1],
    ]);
  });

  it('per reporting organisation and per UTC day (the middle of the report period)', () => {
    expect(s.orgs.map((o) => [o.org, o.reports, o.messages])).toEqual([
      ['google.com', 1, 8],
      ['Yahoo', 1, 3],
    ]);
    expect(s.days.map((d) => [d.day, d.messages, d.dmarcPass])).toEqual([
      ['2023-11-15', 8, 5],
      ['2023-11-16', 3, 3],
    ]);
  });

  const NETWORKS: Array<[string, string]> = [
    ['198.51.100.7', '198.51.100.0/24'],
    ['::ffff:198.51.100.7', '198.51.100.0/24'], // RFC 4291 §2.5.5.2: an IPv4-mapped address is IPv4
    ['2001:DB8::1', '2001:db8:0::/48'],
    ['2a00:1450:4864:20::132', '2a00:1450:4864::/48'],
  ];
  for (const [ip, net] of NETWORKS)
    it(`networkOf(${ip}) = ${net}`, () => expect(networkOf(ip).network).toBe(net));
});

describe('sources recognised from the providers catalog', () => {
  const CASES: Array<[string, AggregateRecord, object]> = [
    [
      'DKIM d= under a provider domain (Amazon SES signs as amazonses.com)',
      row('54.240.8.1', 1, {
        dkim: 'pass',
        dkimResults: [{ domain: 'amazonses.com', selector: 'abc', result: 'pass' }],
      }),
      { kind: 'provider', providerId: 'amazon-ses', via: 'dkim' },
    ],
    [
      'SPF MAIL FROM domain under a provider (sendgrid.net bounce domain)',
      row('167.89.1.1', 1, {
        spf: 'fail',
        dkimResults: [],
        spfResults: [{ domain: 'em1234.sendgrid.net', result: 'pass' }],
      }),
      { kind: 'provider', providerId: 'sendgrid', via: 'spf' },
    ],
    [
      "a selector only one provider uses (Google's `google`)",
      row('209.85.220.41', 1, {
        dkimResults: [{ domain: 'example.com', selector: 'google', result: 'pass' }],
      }),
      { kind: 'provider', providerId: 'google-workspace' },
    ],
    [
      'a generic selector (`s1`) says nothing',
      row('192.0.2.1', 1, { dkimResults: [{ domain: 'example.com', selector: 's1', result: 'pass' }] }),
      { kind: 'unknown' },
    ],
    [
      'DKIM passes unaligned and SPF fails: a forwarder',
      row('192.0.2.2', 1, {
        ...FAIL,
        dkimResults: [{ domain: 'lists.example.org', result: 'pass' }],
        spfResults: [{ domain: 'lists.example.org', result: 'fail' }],
      }),
      { kind: 'forwarder' },
    ],
    [
      'the receiver says forwarded (RFC 9989 §4.4 override reason)',
      row('192.0.2.3', 1, { ...FAIL, dkimResults: [], spfResults: [], reasons: [{ type: 'forwarded' }] }),
      { kind: 'forwarder' },
    ],
  ];
  for (const [name, r, want] of CASES) {
    it(name, () => expect(summarizeReports([report('1', [r])]).sources[0].recognized).toMatchObject(want));
  }

  it("the user's own provider", () => {
    const r = row('54.240.8.1', 1, { dkimResults: [{ domain: 'amazonses.com', result: 'pass' }] });
    const s = summarizeReports([report('1', [r])], { ownProviders: ['amazon-ses'] });
    expect(s.sources[0].recognized.kind).toBe('own-provider');
  });
});

describe('readiness and the staged next record (RFC 9989 §4.7)', () => {
  /** `pass` of 100 messages from the user's source pass aligned; 50 spoofed ones fail. */
  function at(pass: number, policy: AggregateReport['policy']) {
    return summarizeReports(
      [
        report(
          '1',
          [
            row('192.0.2.1', pass),
            row('192.0.2.1', 100 - pass, FAIL),
            row('203.0.113.9', 50, {
              ...FAIL,
              dkimResults: [],
              spfResults: [{ domain: 'example.com', result: 'fail' }],
            }),
          ],
          { policy },
        ),
      ],
      { rua: ['mailto:dmarc@example.com'] },
    ).readiness;
  }

  const LADDER: Array<[string, number, AggregateReport['policy'], string, DmarcStage, string]> = [
    [
      'all aligned at p=none',
      100,
      { p: 'none' },
      'ready',
      'quarantine-testing',
      'reports/next-quarantine-testing',
    ],
    [
      '95 % at p=none: a testing step',
      95,
      { p: 'none' },
      'almost',
      'quarantine-testing',
      'reports/next-quarantine-testing',
    ],
    [
      '95 % in quarantine testing: stay',
      95,
      { p: 'quarantine', testing: 'y' },
      'almost',
      'quarantine-testing',
      'reports/next-fix-sources',
    ],
    [
      '99 % in quarantine testing',
      99,
      { p: 'quarantine', testing: 'y' },
      'ready',
      'quarantine',
      'reports/next-quarantine',
    ],
    [
      'ready at quarantine',
      100,
      { p: 'quarantine' },
      'ready',
      'reject-testing',
      'reports/next-reject-testing',
    ],
    ['ready in reject testing', 100, { p: 'reject', testing: 'y' }, 'ready', 'reject', 'reports/next-reject'],
    ['at reject', 100, { p: 'reject' }, 'ready', 'reject', 'reports/next-done'],
    ['70 %: fix sources first', 70, { p: 'none' }, 'not-ready', 'none', 'reports/next-fix-sources'],
  ];
  for (const [name, pass, policy, verdict, to, code] of LADDER) {
    it(`${name} → ${verdict}, next ${to}`, () => {
      const r = at(pass, policy);
      expect(r.verdict).toBe(verdict);
      expect(r.share).toBeCloseTo(pass / 100);
      expect(r.next?.to).toBe(to);
      expect(r.next?.reason.code).toBe(code);
      // The record text is what the builder makes of the input.
      expect(r.next?.record).toBe(buildDmarc(r.next!.input).content);
    });
  }

  it('spoofed mail is not legitimate; every failing source says what quarantine and reject would do', () => {
    const r = at(100, { p: 'none' });
    expect([r.legitimateMessages, r.legitimateAligned]).toEqual([100, 100]);
    expect(r.failing).toEqual([
      {
        ip: '203.0.113.9',
        messages: 50,
        legitimate: false,
        recognized: { kind: 'unknown' },
        underQuarantine: 'junked',
        underReject: 'refused',
      },
    ]);
  });

  it('the suggestion opens the DMARC builder with the keys #/build/dmarc reads', () => {
    const next = at(100, { p: 'quarantine', sp: 'none', adkim: 's' }).next!;
    expect(next.record).toBe('v=DMARC1; p=reject; sp=none; adkim=s; rua=mailto:dmarc@example.com; t=y');
    expect(Object.fromEntries(new URLSearchParams(next.query))).toEqual({
      d: 'example.com',
      p: 'reject',
      sp: 'none',
      adkim: 's',
      rua: 'mailto:dmarc@example.com',
      t: '1',
    });
    expect(dmarcBuilderQuery(next.input)).toBe(next.query);
  });

  it('RFC 9989 notes: pct removed (pct<100), t=y testing mode', () => {
    expect(at(100, { p: 'quarantine', pct: 20 }).notes.map((n) => n.code)).toEqual(['reports/pct-removed']);
    expect(at(100, { p: 'reject', testing: 'y' }).notes).toEqual([
      { code: 'reports/testing-mode', params: { p: 'reject' } },
    ]);
  });

  it('no reports: no data and no suggestion', () => {
    const s = summarizeReports([]);
    expect(s.readiness).toMatchObject({ verdict: 'no-data', share: null, next: null });
    expect(s.range).toBeNull();
  });
});

describe('reverseNames (RFC 1035 §3.5, RFC 3596 §2.5): on request, limited, cached', () => {
  it('asks PTR once per address and resolver, never more than `concurrency` at a time', async () => {
    const zone = {
      '1.2.0.192.in-addr.arpa': [{ PTR: 'mail.example.com' }],
      '5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa': [
        { PTR: 'v6.example.com.' },
      ],
    };
    const resolver = zoneResolver(zone, { delayMs: 5 });
    let inFlight = 0;
    let most = 0;
    const counting = {
      resolve: async (...a: Parameters<typeof resolver.resolve>) => {
        most = Math.max(most, ++inFlight);
        try {
          return await resolver.resolve(...a);
        } finally {
          inFlight--;
        }
      },
    };
    const ips = ['192.0.2.1', '2001:db8:1::5', '192.0.2.2', '192.0.2.3', '192.0.2.1'];
    const names = await reverseNames(ips, counting, { concurrency: 2 });
    expect(Object.fromEntries(names)).toEqual({
      '192.0.2.1': ['mail.example.com'],
      '2001:db8:1::5': ['v6.example.com'],
      '192.0.2.2': [],
      '192.0.2.3': [],
    });
    expect(most).toBe(2);
    expect(resolver.log).toHaveLength(4);
    await reverseNames(ips, counting, { concurrency: 2 });
    expect(resolver.log).toHaveLength(4);
  });
});
