// The address arithmetic of the SPF tree (spf/ranges.ts): CIDR blocks from terms and answers
// (RFC 7208 §5.6 dual CIDR lengths), the fewest blocks covering a run, repeats and overlaps.

import { describe, expect, it } from 'vitest';
import type { DnsRecord } from '../../src/lib/dns/model.ts';
import type { SpfRange } from '../../src/lib/spf/model.ts';
import {
  addressRanges,
  MAX_RANGE_ISSUES,
  rangeReport,
  termRange,
  toCidrs,
  type RangeSource,
} from '../../src/lib/spf/ranges.ts';

const source: RangeSource = { term: 't', domain: 'example.com', qualifier: '+', authorizes: true, via: [] };
const range = (cidr: string, term = cidr): SpfRange => ({
  ...source,
  term,
  cidr,
  version: cidr.includes(':') ? 6 : 4,
});
const a = (data: string): DnsRecord => ({
  name: 'h.example.com',
  type: data.includes(':') ? 'AAAA' : 'A',
  ttl: 60,
  data,
});

describe('termRange (§5.6)', () => {
  const rows: Array<{ name: string; kind: 'ip4' | 'ip6'; address: string; prefix?: number; want: string[] }> =
    [
      { name: 'ip4 without a prefix is a /32', kind: 'ip4', address: '192.0.2.1', want: ['192.0.2.1/32'] },
      {
        name: 'ip4 host bits are cleared',
        kind: 'ip4',
        address: '192.0.2.77',
        prefix: 24,
        want: ['192.0.2.0/24'],
      },
      {
        name: 'ip6 without a prefix is a /128',
        kind: 'ip6',
        address: '2001:db8::1',
        want: ['2001:db8::1/128'],
      },
      { name: 'ip6 /32', kind: 'ip6', address: '2001:db8:ffff::', prefix: 32, want: ['2001:db8::/32'] },
      { name: 'ip4 term with an IPv6 address names nothing', kind: 'ip4', address: '2001:db8::1', want: [] },
      { name: 'ip6 term with an IPv4 address names nothing', kind: 'ip6', address: '192.0.2.1', want: [] },
      { name: 'an unparsable address names nothing', kind: 'ip4', address: '300.1.1.1', want: [] },
    ];
  for (const row of rows) {
    it(`${row.name} (§5.6)`, () => {
      expect(termRange(row.kind, row.address, row.prefix, source).map((r) => r.cidr)).toEqual(row.want);
    });
  }
});

describe('addressRanges (§5.3, §5.6 dual CIDR)', () => {
  it('applies the IPv4 length to A answers and the IPv6 length to AAAA answers (§5.6)', () => {
    const out = addressRanges([a('198.51.100.9'), a('2001:db8::9')], 24, 64, { ...source, host: 'h' });
    expect(out.map((r) => [r.cidr, r.version, r.host])).toEqual([
      ['198.51.100.0/24', 4, 'h'],
      ['2001:db8::/64', 6, 'h'],
    ]);
  });
  it('skips answer data that is not an address', () => {
    expect(addressRanges([a('not-an-ip')], undefined, undefined, source)).toEqual([]);
  });
});

describe('toCidrs', () => {
  const rows: Array<{ name: string; start: string; end: string; family: 4 | 6; want: string[] }> = [
    { name: 'one aligned /24', start: '192.0.2.0', end: '192.0.2.255', family: 4, want: ['192.0.2.0/24'] },
    { name: 'a single address', start: '192.0.2.5', end: '192.0.2.5', family: 4, want: ['192.0.2.5/32'] },
    {
      name: 'an unaligned run splits into the fewest blocks',
      start: '192.0.2.1',
      end: '192.0.2.6',
      family: 4,
      want: ['192.0.2.1/32', '192.0.2.2/31', '192.0.2.4/31', '192.0.2.6/32'],
    },
    {
      name: 'a 256-address run on a /24 boundary is one block',
      start: '10.0.0.0',
      end: '10.0.0.255',
      family: 4,
      want: ['10.0.0.0/24'],
    },
    {
      name: 'the whole IPv4 space',
      start: '0.0.0.0',
      end: '255.255.255.255',
      family: 4,
      want: ['0.0.0.0/0'],
    },
  ];
  const v4 = (s: string) => s.split('.').reduce((n, o) => (n << 8n) | BigInt(Number(o)), 0n);
  for (const row of rows) {
    it(row.name, () => {
      expect(toCidrs(v4(row.start), v4(row.end), 32, row.family)).toEqual(row.want);
    });
  }
  it('IPv6: a /127 run', () => {
    expect(toCidrs(0x20010db8n << 96n, (0x20010db8n << 96n) + 1n, 128, 6)).toEqual(['2001:db8::/127']);
  });
});

describe('rangeReport', () => {
  it('merges adjacent and nested blocks, IPv4 before IPv6', () => {
    const { merged } = rangeReport([
      range('2001:db8::/33'),
      range('192.0.2.128/25'),
      range('192.0.2.0/25'),
      range('2001:db8:8000::/33'),
      range('192.0.2.7/32'),
    ]);
    expect(merged).toEqual(['192.0.2.0/24', '2001:db8::/32']);
  });
  it('keeps blocks with a gap apart', () => {
    expect(rangeReport([range('192.0.2.0/32'), range('192.0.2.2/32')]).merged).toEqual([
      '192.0.2.0/32',
      '192.0.2.2/32',
    ]);
  });
  it('names a repeated block as duplicate and a block inside another as overlap', () => {
    const { issues } = rangeReport([
      range('192.0.2.0/24', 'ip4:192.0.2.0/24'),
      range('192.0.2.0/24', 'a'),
      range('192.0.2.9/32', 'ip4:192.0.2.9'),
    ]);
    expect(issues.map((i) => [i.kind, i.range.term, i.other.term])).toEqual([
      ['duplicate', 'a', 'ip4:192.0.2.0/24'],
      ['overlap', 'ip4:192.0.2.9', 'ip4:192.0.2.0/24'],
    ]);
  });
  it(`reports at most ${MAX_RANGE_ISSUES} issues however many ranges repeat`, () => {
    const many = Array.from({ length: MAX_RANGE_ISSUES + 50 }, () => range('192.0.2.0/24'));
    const { issues, merged } = rangeReport(many);
    expect(issues).toHaveLength(MAX_RANGE_ISSUES);
    expect(merged).toEqual(['192.0.2.0/24']);
  });
  it('no ranges: nothing merged, no issues', () => {
    expect(rangeReport([])).toEqual({ merged: [], issues: [] });
  });
});
