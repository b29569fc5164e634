// parseSpf / formatSpf (RFC 7208 §4.5, §4.6.1, §5, §6, §7.1): one table feeds both directions.
import { describe, expect, it } from 'vitest';
import {
  formatSpf,
  isSyntaxError,
  parseSpf,
  type Diagnostic,
  type SpfRecord,
  type SpfTerm,
} from '../../src/lib/index.ts';

const lit = (text: string) => ({ kind: 'literal' as const, text });
const mac = (
  letter: string,
  more: Partial<{ urlEscape: boolean; digits: number; reverse: boolean; delimiters: string }> = {},
) => ({
  kind: 'macro' as const,
  letter,
  urlEscape: false,
  reverse: false,
  delimiters: '',
  ...more,
});

function withoutSpans(record: SpfRecord | null): unknown {
  return record && JSON.parse(JSON.stringify(record, (k, v) => (k === 'span' ? undefined : v)));
}

function syntaxCodes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.filter(isSyntaxError).map((d) => d.code);
}

// Valid records: text → model, and model → canonical text.
const valid: Array<{ spec: string; text: string; canonical?: string; terms: unknown[] }> = [
  { spec: '4.5', text: 'v=spf1', terms: [] },
  { spec: '4.6.1', text: 'v=spf1 -all', terms: [{ kind: 'all', qualifier: '-' }] },
  {
    // docs/public-api.md: "SPF may not contain upper-case letters" is a myth; names are case-insensitive.
    spec: '4.6.1',
    text: 'V=SPF1 A MX -ALL',
    canonical: 'v=spf1 a mx -all',
    terms: [{ kind: 'a' }, { kind: 'mx' }, { kind: 'all', qualifier: '-' }],
  },
  {
    spec: '4.6.1',
    text: 'v=spf1  a   ~all  ',
    canonical: 'v=spf1 a ~all',
    terms: [{ kind: 'a' }, { kind: 'all', qualifier: '~' }],
  },
  {
    spec: '5.2',
    text: 'v=spf1 include:spf.mail.qq.com ~all',
    terms: [
      { kind: 'include', domain: [lit('spf.mail.qq.com')] },
      { kind: 'all', qualifier: '~' },
    ],
  },
  {
    spec: '5.3',
    text: 'v=spf1 +a:mail.example.com/24//64 a//64 a/0',
    terms: [
      { kind: 'a', qualifier: '+', domain: [lit('mail.example.com')], ip4Prefix: 24, ip6Prefix: 64 },
      { kind: 'a', ip6Prefix: 64 },
      { kind: 'a', ip4Prefix: 0 },
    ],
  },
  {
    spec: '7.1',
    text: 'v=spf1 a:foo:bar/baz.example.com',
    terms: [{ kind: 'a', domain: [lit('foo:bar/baz.example.com')] }],
  },
  {
    spec: '5.4',
    text: 'v=spf1 mx/24 mx:%{d2}',
    terms: [
      { kind: 'mx', ip4Prefix: 24 },
      { kind: 'mx', domain: [mac('d', { digits: 2 })] },
    ],
  },
  {
    spec: '5.5',
    text: 'v=spf1 ?ptr ptr:example.com',
    terms: [
      { kind: 'ptr', qualifier: '?' },
      { kind: 'ptr', domain: [lit('example.com')] },
    ],
  },
  {
    spec: '5.6',
    text: 'v=spf1 ip4:183.3.224.0/19 -ip6:2001:db8::/32 ip6:::FFFF:1.2.3.4',
    terms: [
      { kind: 'ip4', address: '183.3.224.0', prefix: 19 },
      { kind: 'ip6', qualifier: '-', address: '2001:db8::', prefix: 32 },
      { kind: 'ip6', address: '::FFFF:1.2.3.4' },
    ],
  },
  {
    spec: '5.7',
    text: 'v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d}',
    terms: [
      {
        kind: 'exists',
        domain: [
          mac('i', { reverse: true }),
          lit('.'),
          mac('l', { digits: 1, reverse: true, delimiters: '+-' }),
          lit('._spf.'),
          mac('d'),
        ],
      },
    ],
  },
  {
    spec: '6.1',
    text: 'v=spf1 redirect=_spf.example.com',
    terms: [{ kind: 'redirect', domain: [lit('_spf.example.com')] }],
  },
  {
    spec: '6.2',
    text: 'v=spf1 -all EXP=explain._spf.%{D}',
    canonical: 'v=spf1 -all exp=explain._spf.%{D}',
    terms: [
      { kind: 'all', qualifier: '-' },
      { kind: 'exp', domain: [lit('explain._spf.'), mac('d', { urlEscape: true })] },
    ],
  },
  {
    spec: '6',
    text: 'v=spf1 moo.cow-far_out=man:dog/cat -all',
    terms: [
      { kind: 'modifier', name: 'moo.cow-far_out', value: [lit('man:dog/cat')] },
      { kind: 'all', qualifier: '-' },
    ],
  },
  {
    spec: '7.1',
    text: 'v=spf1 a:macro%%percent%_%_space%-url-space.example.com',
    terms: [
      {
        kind: 'a',
        domain: [
          lit('macro'),
          { kind: 'escape', escape: '%%' },
          lit('percent'),
          { kind: 'escape', escape: '%_' },
          { kind: 'escape', escape: '%_' },
          lit('space'),
          { kind: 'escape', escape: '%-' },
          lit('url-space.example.com'),
        ],
      },
    ],
  },
  {
    spec: '7.1',
    text: 'v=spf1 exists:%{L2R.-}.x.%{h}',
    canonical: 'v=spf1 exists:%{L2r.-}.x.%{h}',
    terms: [
      {
        kind: 'exists',
        domain: [
          mac('l', { urlEscape: true, digits: 2, reverse: true, delimiters: '.-' }),
          lit('.x.'),
          mac('h'),
        ],
      },
    ],
  },
  {
    spec: '7.1',
    text: 'v=spf1 a:foo.example.xn--zckzah -all',
    terms: [
      { kind: 'a', domain: [lit('foo.example.xn--zckzah')] },
      { kind: 'all', qualifier: '-' },
    ],
  },
];

describe('parseSpf: valid records (RFC 7208 §4.6.1)', () => {
  for (const c of valid) {
    it(`reads ${JSON.stringify(c.text)} (§${c.spec})`, () => {
      const r = parseSpf(c.text);
      expect(syntaxCodes(r.diagnostics)).toEqual([]);
      expect(withoutSpans(r.record)).toEqual({ terms: c.terms });
    });
    it(`writes ${JSON.stringify(c.canonical ?? c.text)} back (§${c.spec})`, () => {
      const record = { terms: c.terms as SpfTerm[] };
      expect(formatSpf(record)).toBe(c.canonical ?? c.text.trimEnd());
      expect(withoutSpans(parseSpf(formatSpf(record)).record)).toEqual(record);
    });
  }
  it('spans point at each term in the text (§4.6.1)', () => {
    const text = 'v=spf1  include:_spf.google.com  ~all';
    const r = parseSpf(text);
    expect(r.record!.terms.map((t) => text.slice(t.span!.start, t.span!.end))).toEqual([
      'include:_spf.google.com',
      '~all',
    ]);
  });
});

// Records with errors: every problem reported, with the code and where it is.
const invalid: Array<{ spec: string; text: string; codes: string[]; at?: string }> = [
  { spec: '4.5', text: 'v=spf10 -all', codes: ['spf/version'] },
  { spec: '4.5', text: 'v=spf1mx', codes: ['spf/version'] },
  { spec: '4.5', text: '"v=spf1 -all"', codes: ['spf/version'] },
  { spec: '4.6.1', text: 'v=spf1 ip4:1.2.3.4 -all moo', codes: ['spf/unknown-mechanism'], at: 'moo' },
  { spec: '4.6.1', text: 'v=spf1 moo.cow/far_out=man:dog/cat -all', codes: ['spf/unknown-mechanism'] },
  { spec: '4.6.1', text: 'v=spf1 redirect:t2.example.com', codes: ['spf/unknown-mechanism'] },
  { spec: '4.6.1', text: 'v=spf1 1up=foo', codes: ['spf/invalid-modifier'], at: '1up=foo' },
  { spec: '4.6.1', text: 'v=spf1 =all', codes: ['spf/invalid-modifier'] },
  { spec: '4.6.1', text: 'v=spf1 a:ctrl.example.com\rptr -all', codes: ['spf/invalid-character'], at: '\r' },
  {
    spec: '4.6.1',
    text: 'v=spf1 ip4:192.0.2.5\n include:x.example.com ~all',
    codes: ['spf/invalid-character'],
  },
  { spec: '3.1', text: 'v=spf1 \u0080a:example.net -all', codes: ['spf/invalid-character'] },
  { spec: '3.1', text: 'v=spf1 a:example.net\u00a0-all', codes: ['spf/invalid-character'] },
  { spec: '5.1', text: 'v=spf1 -all.', codes: ['spf/unknown-mechanism'] },
  { spec: '5.1', text: 'v=spf1 -all:foobar', codes: ['spf/unexpected-argument'], at: ':foobar' },
  { spec: '5.1', text: 'v=spf1 -all/8', codes: ['spf/unexpected-argument'] },
  { spec: '5.5', text: 'v=spf1 ptr/0 -all', codes: ['spf/unexpected-argument'] },
  { spec: '5.2', text: 'v=spf1 include +all', codes: ['spf/missing-argument'] },
  { spec: '5.2', text: 'v=spf1 include: -all', codes: ['spf/missing-argument'] },
  { spec: '5.2', text: 'v=spf1 include:ip5.example.com/24 -all', codes: ['spf/invalid-domain'] },
  { spec: '5.7', text: 'v=spf1 exists', codes: ['spf/missing-argument'] },
  { spec: '5.3', text: 'v=spf1 a: -all', codes: ['spf/missing-argument'] },
  { spec: '5.3', text: 'v=spf1 a/24/64 -all', codes: ['spf/invalid-cidr'] },
  { spec: '5.3', text: 'v=spf1 a/33 mx//129 -all', codes: ['spf/invalid-cidr', 'spf/invalid-cidr'] },
  { spec: '5.6', text: 'v=spf1 ip4:1.2.3.4/33 -all', codes: ['spf/invalid-cidr'] },
  { spec: '5.6', text: 'v=spf1 ip4:1.2.3.4/032 -all', codes: ['spf/invalid-cidr'], at: '/032' },
  { spec: '5.6', text: 'v=spf1 ip4:1.2.3.4//32', codes: ['spf/invalid-cidr'] },
  { spec: '5.6', text: 'v=spf1 ip4:1.2.3', codes: ['spf/invalid-ip4'] },
  { spec: '5.6', text: 'v=spf1 ip4:1.2.3.4:8080', codes: ['spf/invalid-ip4'] },
  { spec: '5.6', text: 'v=spf1 ip4:01.2.3.4', codes: ['spf/invalid-ip4'] },
  { spec: '5.6', text: 'v=spf1 -all ip6', codes: ['spf/missing-argument'] },
  { spec: '5.6', text: 'v=spf1 ip6::CAFE::BABE', codes: ['spf/invalid-ip6'] },
  { spec: '5.6', text: 'v=spf1 ip6:::1.1.1.1/129', codes: ['spf/invalid-cidr'] },
  { spec: '5.6', text: 'v=spf1 ip6:::1.1.1.1//33', codes: ['spf/invalid-cidr'] },
  {
    spec: '6',
    text: 'v=spf1 exp=a.example.com -all exp=b.example.com',
    codes: ['spf/duplicate-modifier'],
    at: 'exp=b.example.com',
  },
  {
    spec: '6',
    text: 'v=spf1 redirect=a.example.com redirect=a.example.com',
    codes: ['spf/duplicate-modifier'],
  },
  { spec: '6.1', text: 'v=spf1 redirect=-all ?all', codes: ['spf/invalid-domain'] },
  { spec: '6.1', text: 'v=spf1 ?all redirect=', codes: ['spf/missing-argument'] },
  { spec: '6.2', text: 'v=spf1 exp=-all', codes: ['spf/invalid-domain'] },
  { spec: '6.2', text: 'v=spf1 exp= -all', codes: ['spf/missing-argument'] },
  { spec: '7.1', text: 'v=spf1 a:foo-bar -all', codes: ['spf/invalid-domain'] },
  { spec: '7.1', text: 'v=spf1 a:111.222.33.44', codes: ['spf/invalid-domain'] },
  { spec: '7.1', text: 'v=spf1 a:abc.123', codes: ['spf/invalid-domain'] },
  { spec: '7.1', text: 'v=spf1 a:museum.', codes: ['spf/invalid-domain'] },
  { spec: '7.1', text: 'v=spf1 a:example.-com', codes: ['spf/invalid-domain'] },
  { spec: '7.1', text: 'v=spf1 a:example.com:8080', codes: ['spf/invalid-domain'] },
  { spec: '7.1', text: 'v=spf1 -exists:%(ir).sbl.example.com ?all', codes: ['spf/invalid-macro'], at: '%(' },
  { spec: '7.1', text: 'v=spf1 exists:foo%.sbl.example.com', codes: ['spf/invalid-macro'] },
  { spec: '7.1', text: 'v=spf1 a:%{a}.example.com -all', codes: ['spf/invalid-macro'], at: '%{a}' },
  { spec: '7.1', text: 'v=spf1 a:%{d0}.example.com', codes: ['spf/invalid-macro'] },
  { spec: '7.1', text: 'v=spf1 a:%{d', codes: ['spf/invalid-macro'] },
  { spec: '7.1', text: 'v=spf1 -all foo=%abc', codes: ['spf/invalid-macro'] },
  { spec: '7.1', text: 'v=spf1 -all exp=%{r}.example.com', codes: ['spf/macro-exp-only'] },
  {
    spec: '7.1',
    text: 'v=spf1 exists:%{c}.%{t}.example.com',
    codes: ['spf/macro-exp-only', 'spf/macro-exp-only'],
  },
  {
    // Recovery: every problem of the record, not only the first.
    spec: '4.6',
    text: 'v=spf1 ip4:1.2.3 a:foo-bar moo ip6:x exp= -all/8',
    codes: [
      'spf/invalid-ip4',
      'spf/invalid-domain',
      'spf/unknown-mechanism',
      'spf/invalid-ip6',
      'spf/missing-argument',
      'spf/unexpected-argument',
    ],
  },
];

describe('parseSpf: errors (RFC 7208 §4.6 "syntax errors anywhere")', () => {
  for (const c of invalid) {
    it(`${JSON.stringify(c.text)} → ${c.codes.join(', ')} (§${c.spec})`, () => {
      const r = parseSpf(c.text);
      expect(syntaxCodes(r.diagnostics)).toEqual(c.codes);
      for (const d of r.diagnostics) {
        if (d.span) expect(d.span.start).toBeLessThanOrEqual(d.span.end);
        if (d.span) expect(d.span.end).toBeLessThanOrEqual(c.text.length);
      }
      if (c.at) {
        const d = r.diagnostics.find((x) => x.code === c.codes[0])!;
        expect(c.text.slice(d.span!.start, d.span!.end)).toContain(c.at);
      }
    });
  }
  it('keeps the record (with invalid terms) so nothing typed is lost (§4.6)', () => {
    const r = parseSpf('v=spf1 ip4:1.2.3.4 bogus -all');
    expect(r.record!.terms.map((t) => t.kind)).toEqual(['ip4', 'invalid', 'all']);
    expect(formatSpf(r.record!)).toBe('v=spf1 ip4:1.2.3.4 bogus -all');
  });
  it('an empty string is record/empty, not a crash', () => {
    expect(parseSpf('').diagnostics.map((d) => d.code)).toEqual(['record/empty']);
  });
});
