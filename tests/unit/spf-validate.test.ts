// validateSpf (whole-record checks, folded into parseSpf) and validateSpfSet (RFC 7208 §4.5).
import { describe, expect, it } from 'vitest';
import { CODES, parseSpf, validateSpf, validateSpfSet } from '../../src/lib/index.ts';

const codesOf = (text: string) => parseSpf(text).diagnostics.map((d) => d.code);

const lookups = (n: number) => Array.from({ length: n }, (_, i) => `a:h${i}.example.com`).join(' ');

const rows: Array<{ spec: string; title: string; text: string; has: string[]; not?: string[] }> = [
  { spec: '5.1', title: '+all authorizes everyone', text: 'v=spf1 +all', has: ['spf/plus-all'] },
  { spec: '5.1', title: 'a bare all is +all', text: 'v=spf1 mx all', has: ['spf/plus-all'] },
  {
    spec: '5.1',
    title: '?all asserts nothing',
    text: 'v=spf1 mx ?all',
    has: ['spf/neutral-all'],
    not: ['spf/plus-all'],
  },
  {
    spec: '5.1',
    title: '-all and ~all are fine',
    text: 'v=spf1 mx ~all',
    has: [],
    not: ['spf/plus-all', 'spf/neutral-all', 'spf/no-all'],
  },
  {
    spec: '5.1',
    title: 'mechanisms after all are never evaluated',
    text: 'v=spf1 -all a mx',
    has: ['spf/all-not-last'],
  },
  {
    spec: '5.1',
    title: 'exp after all is not "after all"',
    text: 'v=spf1 -all exp=e.example.com',
    has: [],
    not: ['spf/all-not-last'],
  },
  {
    spec: '5.1',
    title: 'all twice: duplicate and ignored',
    text: 'v=spf1 all -all',
    has: ['spf/all-not-last', 'spf/duplicate-mechanism'],
  },
  {
    spec: '6.1',
    title: 'redirect next to all is ignored',
    text: 'v=spf1 redirect=x.example.com ~all',
    has: ['spf/redirect-with-all'],
  },
  {
    spec: '6.1',
    title: 'redirect alone needs no all',
    text: 'v=spf1 redirect=x.example.com',
    has: [],
    not: ['spf/no-all'],
  },
  { spec: '4.7', title: 'neither all nor redirect: default neutral', text: 'v=spf1 mx', has: ['spf/no-all'] },
  {
    spec: '5.5',
    title: 'ptr is deprecated',
    text: 'v=spf1 ptr:example.com -all',
    has: ['spf/ptr-deprecated'],
  },
  {
    spec: '4.6.2',
    title: 'the same mechanism twice',
    text: 'v=spf1 ip4:192.0.2.1 -ip4:192.0.2.1 -all',
    has: ['spf/duplicate-mechanism'],
  },
  {
    spec: '4.6.4',
    title: '11 lookups in one record',
    text: `v=spf1 ${lookups(11)} -all`,
    has: ['spf/too-many-lookups'],
  },
  {
    spec: '4.6.4',
    title: '10 lookups: at the limit',
    text: `v=spf1 ${lookups(10)} -all`,
    has: ['spf/lookups-at-limit'],
    not: ['spf/too-many-lookups'],
  },
  {
    spec: '4.6.4',
    title: 'lookups after all do not count',
    text: `v=spf1 ${lookups(9)} -all ${lookups(5)}`,
    has: [],
    not: ['spf/too-many-lookups', 'spf/lookups-at-limit'],
  },
  {
    spec: '4.6.4',
    title: 'redirect counts when it applies',
    text: `v=spf1 ${lookups(10)} redirect=x.example.com`,
    has: ['spf/too-many-lookups'],
  },
  {
    spec: '4.3',
    title: 'an empty label cannot be queried',
    text: 'v=spf1 a:mail.example...com -all',
    has: ['spf/domain-not-queryable'],
  },
  {
    spec: '4.3',
    title: 'a label over 63 octets cannot be queried',
    text: `v=spf1 a:${'a'.repeat(64)}.example.com -all`,
    has: ['spf/domain-not-queryable'],
  },
  {
    spec: '3.4',
    title: 'over 450 octets',
    text: `v=spf1 ${Array.from({ length: 40 }, (_, i) => `ip4:192.0.2.${i}`).join(' ')} -all`,
    has: ['spf/record-too-long'],
  },
];

describe('validateSpf (RFC 7208 §4.6, §5, §6)', () => {
  for (const r of rows) {
    it(`${r.title} (§${r.spec})`, () => {
      const codes = codesOf(r.text);
      for (const c of r.has) expect(codes).toContain(c);
      for (const c of r.not ?? []) expect(codes).not.toContain(c);
    });
  }
  it('a single string over 255 octets is reported only when the strings are given (§3.3)', () => {
    const text = `v=spf1 ${Array.from({ length: 20 }, (_, i) => `ip4:192.0.2.${i}`).join(' ')} -all`;
    const record = parseSpf(text).record!;
    expect(validateSpf(record, text).map((d) => d.code)).not.toContain('spf/string-too-long');
    expect(validateSpf(record, text, { strings: [text] }).map((d) => d.code)).toContain(
      'spf/string-too-long',
    );
    expect(
      validateSpf(record, text, { strings: [text.slice(0, 200), text.slice(200)] }).map((d) => d.code),
    ).not.toContain('spf/string-too-long');
  });
  it('validates hand-built models too (§5.6, §7.1)', () => {
    const codes = validateSpf({
      terms: [
        { kind: 'ip4', address: '256.1.1.1' },
        { kind: 'ip6', address: '2001:db8::', prefix: 129 },
        { kind: 'include', domain: [{ kind: 'literal', text: 'nodot' }] },
      ],
    }).map((d) => d.code);
    expect(codes).toEqual(
      expect.arrayContaining(['spf/invalid-ip4', 'spf/invalid-cidr', 'spf/invalid-domain']),
    );
  });
  it('every code it emits is in the catalog', () => {
    for (const r of rows) for (const c of codesOf(r.text)) expect(Object.keys(CODES)).toContain(c);
  });
});

describe('validateSpfSet (RFC 7208 §4.5)', () => {
  const sets: Array<{
    title: string;
    texts: Array<string | string[]>;
    index: number | null;
    codes: string[];
    count: number;
  }> = [
    { title: 'no TXT records: spf/missing', texts: [], index: null, codes: ['spf/missing'], count: 0 },
    {
      title: 'other TXT records are ignored',
      texts: ['google-site-verification=x', 'v=spf1 -all'],
      index: 1,
      codes: [],
      count: 1,
    },
    {
      title: 'two v=spf1 records: spf/multiple-records',
      texts: ['v=spf1 -all', 'V=sPf1 +all'],
      index: null,
      codes: ['spf/multiple-records'],
      count: 2,
    },
    {
      title: 'strings are joined without a separator (§3.3)',
      texts: [['v=spf1 ip4:', '192.0.2.5 -all']],
      index: 0,
      codes: [],
      count: 1,
    },
    {
      title: '"v=spf1" + "mx" joins to v=spf1mx: not SPF (§4.5)',
      texts: [['v=spf1', 'mx']],
      index: null,
      codes: ['spf/missing'],
      count: 0,
    },
    { title: 'v=spf10 is not SPF', texts: ['v=spf10', 'v=spf1 mx'], index: 1, codes: [], count: 1 },
  ];
  for (const s of sets) {
    it(`${s.title} (§4.5)`, () => {
      const r = validateSpfSet(s.texts);
      expect([r.index, r.count, r.diagnostics.map((d) => d.code)]).toEqual([s.index, s.count, s.codes]);
    });
  }
  it('returns the joined text of the one record', () => {
    expect(validateSpfSet([['v=spf1 ip4:', '192.0.2.5 -all']]).record).toBe('v=spf1 ip4:192.0.2.5 -all');
  });
});
