// What a peer checker (checkdmarc) looks at besides the mail records, in the audit (issue 10
// item 9): the zone's existence, delegation and DNSSEC (SOA, NS, DNSKEY, the AD bit), the MX
// hosts' forward-confirmed reverse DNS (PTR), their DANE TLSA records, whether each external
// report destination accepts mail, and the plain note that STARTTLS is not checked. Each lookup
// in the round its input is first known. One row per case, the RFC section in the test name.
import { describe, expect, it } from 'vitest';
import {
  auditDomain,
  parseJsonAnswer,
  parseWireAnswer,
  reverseName,
  zoneResolver,
  type AuditReport,
  type Finding,
  type Zone,
  type ZoneResolver,
} from '../../src/lib/index.ts';

const DOMAIN = 'peer.example';
const KEY = 'mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==';
const TLSA_EE = '3 1 1 0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6';

/** A delegated, unsigned domain whose one mail host has forward-confirmed reverse DNS. */
const BASE: Zone = {
  [DOMAIN]: [
    { MX: [10, 'mx.peer.example'] },
    { NS: 'ns1.peer.example' },
    { SOA: 'ns1.peer.example hostmaster.peer.example 1 7200 3600 1209600 300' },
    { TXT: 'v=spf1 mx -all' },
  ],
  'mx.peer.example': [{ A: '192.0.2.25' }, { AAAA: '2001:db8::25' }],
  '25.2.0.192.in-addr.arpa': [{ PTR: 'mx.peer.example' }],
  [reverseName('2001:db8::25')!]: [{ PTR: 'mx.peer.example' }],
  '_dmarc.peer.example': [{ TXT: 'v=DMARC1; p=reject; rua=mailto:dmarc@reports.example.org' }],
  'peer.example._report._dmarc.reports.example.org': [{ TXT: 'v=DMARC1' }],
  'reports.example.org': [{ MX: [10, 'mx.reports.example.org'] }],
};

function with_(changes: Zone): Zone {
  return { ...BASE, ...changes };
}

async function run(
  zone: Zone,
  o: { signed?: string[]; domain?: string } = {},
): Promise<{ r: AuditReport; resolver: ZoneResolver }> {
  const resolver = zoneResolver(zone, { signed: o.signed });
  const r = await auditDomain(o.domain ?? DOMAIN, { resolver, fetch: null, commonSelectors: false });
  return { r, resolver };
}

const codes = (r: AuditReport) => r.findings.map((f) => f.code);
const one = (r: AuditReport, code: string): Finding => {
  const found = r.findings.filter((f) => f.code === code);
  expect(found, `${code} in ${codes(r).join(', ')}`).toHaveLength(1);
  return found[0];
};
const round = (r: AuditReport, name: string, type: string) =>
  r.lookups.find((l) => l.name === name && l.type === type)?.round;

interface Case {
  name: string;
  spec: string;
  zone: Zone;
  signed?: string[];
  domain?: string;
  check: (r: AuditReport, resolver: ZoneResolver) => void;
}

const CASES: Case[] = [
  // ── the zone ──────────────────────────────────────────────────────────────
  {
    name: 'a delegated zone: its NS and SOA, asked at the start',
    spec: 'RFC 1034 §4.2.1',
    zone: BASE,
    check: (r) => {
      expect(r.zone).toMatchObject({ status: 'done', delegation: 'apex', ns: ['ns1.peer.example'] });
      expect(r.zone.soa).toMatch(/^ns1\.peer\.example hostmaster\.peer\.example 1 /);
      for (const type of ['SOA', 'NS', 'DNSKEY']) expect(round(r, DOMAIN, type), type).toBe(1);
      expect(codes(r)).not.toContain('dns/no-ns');
    },
  },
  {
    name: 'no DNSKEY and no AD bit: unsigned, an info (DNSSEC is optional)',
    spec: 'RFC 4035 §2.1',
    zone: BASE,
    check: (r) => {
      expect(one(r, 'dns/dnssec-unsigned')).toMatchObject({ severity: 'info', area: 'zone' });
      expect(r.zone.dnskeys).toEqual([]);
      expect(r.summary.zone).toBe('pass');
    },
  },
  {
    name: 'DNSKEY and the AD bit: signed and validated',
    spec: 'RFC 4035 §3.2.3',
    zone: with_({
      [DOMAIN]: [...BASE[DOMAIN], { DNSKEY: `257 3 13 ${KEY}` }, { DNSKEY: `256 3 13 ${KEY}` }],
    }),
    signed: [DOMAIN],
    check: (r) => {
      expect(one(r, 'dns/dnssec-validated').params).toMatchObject({ zone: DOMAIN });
      expect(r.zone.authenticated).toBe(true);
      expect(r.zone.dnskeys).toEqual([
        { flags: 257, algorithm: 13 },
        { flags: 256, algorithm: 13 },
      ]);
      expect(codes(r)).not.toContain('dns/dnssec-unsigned');
      expect(codes(r)).not.toContain('dns/ad-bit');
    },
  },
  {
    name: 'DNSKEY without the AD bit: the resolver does not validate, or no DS at the parent',
    spec: 'RFC 4035 §3.2.3',
    zone: with_({ [DOMAIN]: [...BASE[DOMAIN], { DNSKEY: `257 3 13 ${KEY}` }] }),
    check: (r) => {
      expect(one(r, 'dns/ad-bit')).toMatchObject({ severity: 'info', params: { count: 1, zone: DOMAIN } });
      expect(codes(r)).not.toContain('dns/dnssec-validated');
    },
  },
  {
    name: 'a domain that does not exist: NXDOMAIN for SOA and NS is an error',
    spec: 'RFC 1035 §4.1.1',
    zone: { 'other.example': [{ A: '192.0.2.1' }] },
    check: (r) => {
      expect(one(r, 'dns/nxdomain')).toMatchObject({ severity: 'error', params: { domain: DOMAIN } });
      expect(r.zone.delegation).toBe('missing');
      expect(r.summary.zone).toBe('fail');
      // Nothing about DNSSEC is said of a name that is not there.
      expect(codes(r)).not.toContain('dns/dnssec-unsigned');
    },
  },
  {
    name: 'a name without NS of its own lies inside the zone above it (info)',
    spec: 'RFC 1034 §4.2.1',
    zone: with_({ 'shop.peer.example': [{ MX: [10, 'mx.peer.example'] }] }),
    domain: 'shop.peer.example',
    check: (r) => {
      expect(one(r, 'dns/no-ns')).toMatchObject({
        severity: 'info',
        params: { domain: 'shop.peer.example' },
      });
      expect(r.zone.delegation).toBe('inside');
      expect(codes(r)).not.toContain('dns/nxdomain');
    },
  },
  // ── reverse DNS of the MX hosts ───────────────────────────────────────────
  {
    name: 'PTR naming the MX host itself is confirmed by the answers already there (no extra question)',
    spec: 'RFC 1912 §2.1',
    zone: BASE,
    check: (r, resolver) => {
      const host = r.mx.hosts[0];
      expect(host.reverse.map((x) => [x.address, x.state, x.confirmed])).toEqual([
        ['192.0.2.25', 'confirmed', ['mx.peer.example']],
        ['2001:db8::25', 'confirmed', ['mx.peer.example']],
      ]);
      // The PTR is asked in the round after the address answer; the forward A is shared.
      expect(round(r, '25.2.0.192.in-addr.arpa', 'PTR')).toBe(3);
      expect(resolver.log.filter((q) => q.name === 'mx.peer.example' && q.type === 'A')).toHaveLength(1);
      expect(codes(r)).not.toContain('mx/ptr-missing');
      expect(codes(r)).not.toContain('mx/ptr-mismatch');
      expect(r.summary.mx).toBe('pass');
    },
  },
  {
    name: 'PTR naming another host: its A is asked one round later and must hold the address',
    spec: 'RFC 1912 §2.1',
    zone: with_({
      '25.2.0.192.in-addr.arpa': [{ PTR: 'out-25.mail.example.net' }],
      'out-25.mail.example.net': [{ A: '192.0.2.25' }],
    }),
    check: (r) => {
      expect(r.mx.hosts[0].reverse[0]).toMatchObject({
        state: 'confirmed',
        confirmed: ['out-25.mail.example.net'],
      });
      expect(round(r, 'out-25.mail.example.net', 'A')).toBe(4);
      expect(r.stats.rounds).toBe(4);
    },
  },
  {
    name: 'no PTR for an MX address: a warning that names the address and the reverse name',
    spec: 'RFC 1912 §2.1',
    zone: with_({ '25.2.0.192.in-addr.arpa': [] }),
    check: (r) => {
      const f = one(r, 'mx/ptr-missing');
      expect(f).toMatchObject({
        severity: 'warning',
        area: 'mx',
        params: { target: 'mx.peer.example', address: '192.0.2.25', name: '25.2.0.192.in-addr.arpa' },
      });
      expect(r.summary.mx).toBe('warn');
    },
  },
  {
    name: 'a PTR name that resolves elsewhere is not forward-confirmed',
    spec: 'RFC 1912 §2.1',
    zone: with_({
      '25.2.0.192.in-addr.arpa': [{ PTR: 'static.example.net' }],
      'static.example.net': [{ A: '198.51.100.1' }],
    }),
    check: (r) => {
      expect(one(r, 'mx/ptr-mismatch').params).toMatchObject({
        address: '192.0.2.25',
        ptr: 'static.example.net',
      });
    },
  },
  {
    name: 'a PTR name that does not exist, or is not a host name, is not forward-confirmed',
    spec: 'RFC 1912 §2.1',
    zone: with_({
      '25.2.0.192.in-addr.arpa': [{ PTR: 'gone.example.net' }],
      [reverseName('2001:db8::25')!]: [{ PTR: 'a b<script>.example' }],
    }),
    check: (r) => {
      const rev = r.mx.hosts[0].reverse;
      expect(rev.map((x) => x.state)).toEqual(['mismatch', 'mismatch']);
      expect(r.lookups.some((l) => l.name.includes('<script>'))).toBe(false);
      const f = r.findings.find((x) => x.code === 'mx/ptr-mismatch')!;
      expect(f.count).toBe(2);
    },
  },
  {
    name: 'a PTR lookup that times out is a temporary failure, not a missing PTR',
    spec: 'RFC 1035 §4.1.1',
    zone: with_({ '25.2.0.192.in-addr.arpa': ['TIMEOUT'] }),
    check: (r) => {
      expect(r.mx.hosts[0].reverse[0]).toMatchObject({ status: 'error', dnsStatus: 'TIMEOUT' });
      expect(codes(r)).not.toContain('mx/ptr-missing');
      const t = r.findings.find((f) => f.code === 'dns/temporary' && f.lookup?.type === 'PTR');
      expect(t?.lookup?.name).toBe('25.2.0.192.in-addr.arpa');
    },
  },
  // ── DANE ──────────────────────────────────────────────────────────────────
  {
    name: 'TLSA at _25._tcp.<mx> in a signed zone: DANE in use (asked with the addresses)',
    spec: 'RFC 7672 §2.2.3',
    zone: with_({ '_25._tcp.mx.peer.example': [{ TLSA: TLSA_EE }] }),
    signed: [DOMAIN],
    check: (r) => {
      expect(r.mx.hosts[0].tlsa).toMatchObject({ status: 'done', records: [TLSA_EE], authenticated: true });
      expect(r.mx.hosts[0].authenticated).toBe(true);
      expect(one(r, 'mx/dane-tlsa')).toMatchObject({ severity: 'info', params: { count: 1 } });
      expect(round(r, '_25._tcp.mx.peer.example', 'TLSA')).toBe(2);
    },
  },
  {
    name: 'TLSA without DNSSEC has no effect: a warning',
    spec: 'RFC 7672 §2.1',
    zone: with_({ '_25._tcp.mx.peer.example': [{ TLSA: TLSA_EE }] }),
    check: (r) => {
      expect(one(r, 'mx/dane-tlsa-unsigned').severity).toBe('warning');
      expect(codes(r)).not.toContain('mx/dane-tlsa');
    },
  },
  {
    name: 'TLSA with a PKIX usage is flagged',
    spec: 'RFC 7672 §3.1.3',
    zone: with_({ '_25._tcp.mx.peer.example': [{ TLSA: `1 0 1 ${'ab'.repeat(32)}` }] }),
    signed: [DOMAIN],
    check: (r) => {
      expect(String(one(r, 'mx/dane-tlsa-pkix').params?.record)).toMatch(/^1 0 1 /);
    },
  },
  {
    name: 'no TLSA: nothing said (DANE is optional)',
    spec: 'RFC 7672 §2.2.3',
    zone: BASE,
    check: (r) => {
      expect(r.mx.hosts[0].tlsa).toMatchObject({ status: 'done', records: [] });
      expect(codes(r).filter((c) => c.startsWith('mx/dane'))).toEqual([]);
    },
  },
  {
    name: 'STARTTLS cannot be checked from a browser: said once, naming the hosts',
    spec: 'RFC 3207 §4',
    zone: BASE,
    check: (r) => {
      expect(one(r, 'mx/starttls-unchecked')).toMatchObject({
        severity: 'info',
        params: { hosts: 'mx.peer.example', host: 'mx.peer.example' },
      });
    },
  },
  {
    name: 'a null MX has no host to connect to: no STARTTLS note, no PTR, no TLSA',
    spec: 'RFC 7505 §3',
    zone: with_({ [DOMAIN]: [{ MX: [0, '.'] }, { NS: 'ns1.peer.example' }] }),
    check: (r) => {
      expect(codes(r)).not.toContain('mx/starttls-unchecked');
      expect(r.lookups.filter((l) => l.type === 'PTR' || l.type === 'TLSA')).toEqual([]);
    },
  },
  // ── the report destinations accept mail ───────────────────────────────────
  {
    name: 'an external report destination with MX accepts the reports (asked with its authorization)',
    spec: 'RFC 5321 §5.1',
    zone: BASE,
    check: (r) => {
      expect(r.dmarc.destinations[0]).toMatchObject({ host: 'reports.example.org', mail: 'mx' });
      expect(round(r, 'reports.example.org', 'MX')).toBe(2);
      expect(codes(r)).not.toContain('dmarc/rua-domain-no-mx');
    },
  },
  {
    name: 'no MX but an address: the implicit MX accepts them',
    spec: 'RFC 5321 §5.1',
    zone: with_({ 'reports.example.org': [{ A: '192.0.2.99' }] }),
    check: (r) => {
      expect(r.dmarc.destinations[0].mail).toBe('address');
      expect(round(r, 'reports.example.org', 'A')).toBe(3);
      expect(codes(r)).not.toContain('dmarc/rua-domain-no-mx');
    },
  },
  {
    name: 'a report destination that does not exist accepts no mail: a warning',
    spec: 'RFC 5321 §5.1',
    zone: with_({ 'reports.example.org': undefined as unknown as [] }),
    check: (r) => {
      expect(r.dmarc.destinations[0].mail).toBe('none');
      expect(one(r, 'dmarc/rua-domain-no-mx')).toMatchObject({
        severity: 'warning',
        area: 'dmarc',
        params: { tag: 'rua', uri: 'mailto:dmarc@reports.example.org', destination: 'reports.example.org' },
      });
    },
  },
  {
    name: 'a report destination with a null MX accepts no mail',
    spec: 'RFC 7505 §3',
    zone: with_({ 'reports.example.org': [{ MX: [0, '.'] }] }),
    check: (r) => {
      expect(r.dmarc.destinations[0].mail).toBe('null-mx');
      one(r, 'dmarc/rua-domain-no-mx');
    },
  },
];

describe('audit: what a peer checker checks (issue 10 item 9)', () => {
  for (const c of CASES) {
    it(`${c.name} (${c.spec})`, async () => {
      const zone = Object.fromEntries(Object.entries(c.zone).filter(([, v]) => v !== undefined)) as Zone;
      const { r, resolver } = await run(zone, { signed: c.signed, domain: c.domain });
      expect(r.done).toBe(true);
      c.check(r, resolver);
    });
  }

  it('a DNSKEY lookup that fails is a temporary failure, and says nothing about DNSSEC (RFC 1035 §4.1.1)', async () => {
    // The zone resolver fails by name, not by type: this one fails DNSKEY alone.
    const base = zoneResolver(BASE);
    const resolver = {
      resolve: (name: string, type: Parameters<typeof base.resolve>[1]) =>
        type === 'DNSKEY'
          ? Promise.resolve({
              status: 'SERVFAIL' as const,
              answers: [],
              authenticated: false,
              resolver: 'test',
            })
          : base.resolve(name, type),
    };
    const r = await auditDomain(DOMAIN, { resolver, fetch: null, commonSelectors: false });
    const t = r.findings.find((f) => f.code === 'dns/temporary' && f.lookup?.type === 'DNSKEY');
    expect(t?.params).toMatchObject({ area: 'zone', name: DOMAIN });
    expect(codes(r).filter((x) => x.startsWith('dns/dnssec') || x === 'dns/ad-bit')).toEqual([]);
    expect(r.zone.delegation).toBe('apex');
  });

  it('each new question is asked in the round its input is first known', async () => {
    const { r } = await run(BASE);
    const byRound = (n: number) => r.lookups.filter((l) => l.round === n).map((l) => `${l.type} ${l.name}`);
    expect(byRound(1)).toEqual(expect.arrayContaining([`SOA ${DOMAIN}`, `NS ${DOMAIN}`, `DNSKEY ${DOMAIN}`]));
    expect(byRound(2)).toEqual(
      expect.arrayContaining(['TLSA _25._tcp.mx.peer.example', 'MX reports.example.org']),
    );
    expect(byRound(3)).toEqual(expect.arrayContaining(['PTR 25.2.0.192.in-addr.arpa']));
    // Forward confirmation through the host's own name adds no round.
    expect(r.stats.rounds).toBe(3);
  });
});

describe('reverse names and the new record types as data (never an exception)', () => {
  it.each([
    ['192.0.2.25', '25.2.0.192.in-addr.arpa', 'RFC 1035 §3.5'],
    ['2001:db8::25', `5.2.0.0.${'0.'.repeat(20)}8.b.d.0.1.0.0.2.ip6.arpa`, 'RFC 3596 §2.5'],
    ['127.1', null, 'RFC 1035 §3.5'],
    ['not an address', null, 'RFC 1035 §3.5'],
  ])('reverseName(%s) → %s (%s)', (address, name, _spec) => {
    expect(reverseName(address)).toBe(name);
  });

  it('a DNSKEY or TLSA that is not what its type says is left out of a JSON answer (RFC 4034 §2.2, RFC 6698 §2.2)', () => {
    const body = {
      Status: 0,
      AD: true,
      Answer: [
        { name: DOMAIN, type: 48, TTL: 60, data: '<b>257</b> 3 13 x' },
        { name: DOMAIN, type: 48, TTL: 60, data: `257 3 13 ${KEY}` },
        { name: DOMAIN, type: 52, TTL: 60, data: '3 1 1 not-hex' },
      ],
    };
    const r = parseJsonAnswer(body, DOMAIN, 'DNSKEY', 'test');
    expect(r.authenticated).toBe(true);
    expect(r.answers.map((a) => a.data)).toEqual([`257 3 13 ${KEY}`]);
  });

  it('a wire DNSKEY with a protocol other than 3 is a bad response, not a throw (RFC 4034 §2.1.2)', () => {
    // Header (response, 1 answer), the question, then DNSKEY RDATA with protocol 4.
    const name = [4, ...Buffer.from('peer'), 7, ...Buffer.from('example'), 0];
    const bytes = new Uint8Array([
      0,
      0,
      0x81,
      0x80,
      0,
      1,
      0,
      1,
      0,
      0,
      0,
      0,
      ...name,
      0,
      48,
      0,
      1,
      0xc0,
      12,
      0,
      48,
      0,
      1,
      0,
      0,
      0,
      60,
      0,
      6,
      1,
      1,
      4,
      13,
      0xaa,
      0xbb,
    ]);
    const r = parseWireAnswer(bytes, DOMAIN, 'DNSKEY', 'test');
    expect(r.status).toBe('ERROR');
    expect(r.problem?.code).toBe('dns/bad-response');
  });
});
