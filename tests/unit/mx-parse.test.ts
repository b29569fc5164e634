// parseMx / formatMx (RFC 1035 §3.3.9, RFC 5321 §2.3.5, RFC 7505 §3): one table feeds parsing,
// spans and the format round trip.
import { describe, expect, it } from 'vitest';
import { formatMx, hasErrors, parseMx, type MxRecord } from '../../src/lib/index.ts';

interface Row {
  spec: string;
  title: string;
  text: string;
  preference?: number;
  record: MxRecord | null;
  codes: string[];
  /** code → the text its span covers */
  spans?: Record<string, string>;
}

const rows: Row[] = [
  {
    spec: 'RFC 1035 §3.3.9',
    title: 'preference and exchange',
    text: '10 mx.example.com.',
    record: { preference: 10, exchange: 'mx.example.com' },
    codes: [],
  },
  {
    spec: 'RFC 1035 §3.3.9',
    title: 'no trailing dot, tabs',
    text: '\t5\tmxbiz1.qq.com ',
    record: { preference: 5, exchange: 'mxbiz1.qq.com' },
    codes: [],
  },
  {
    spec: 'RFC 1035 §3.3.9',
    title: 'exchange alone, preference from its own field',
    text: 'mxbiz2.qq.com',
    preference: 10,
    record: { preference: 10, exchange: 'mxbiz2.qq.com' },
    codes: [],
  },
  {
    spec: 'RFC 1035 §5.1',
    title: 'zone-file line',
    text: 'chiqio.com. 3600 IN MX 5 mxbiz1.qq.com.',
    record: { preference: 5, exchange: 'mxbiz1.qq.com' },
    codes: [],
  },
  {
    spec: 'RFC 1035 §5.1',
    title: 'type keyword without owner',
    text: 'MX 20 mx2.example.com',
    record: { preference: 20, exchange: 'mx2.example.com' },
    codes: [],
  },
  {
    spec: 'RFC 1035 §3.3.9',
    title: 'preference bounds 0 and 65535',
    text: '65535 a.example',
    record: { preference: 65535, exchange: 'a.example' },
    codes: [],
  },
  { spec: 'RFC 7505 §3', title: 'null MX', text: '0 .', record: { preference: 0, exchange: '.' }, codes: [] },
  {
    spec: 'RFC 7505 §3',
    title: 'null MX with a non-zero preference',
    text: '10 .',
    record: { preference: 10, exchange: '.' },
    codes: ['mx/null-preference'],
    spans: { 'mx/null-preference': '10' },
  },
  {
    spec: 'RFC 1035 §3.3.9',
    title: 'preference over 16 bits',
    text: '65536 mx.example.com',
    record: null,
    codes: ['mx/bad-preference'],
    spans: { 'mx/bad-preference': '65536' },
  },
  {
    spec: 'RFC 1035 §3.3.9',
    title: 'negative preference',
    text: '-1 mx.example.com',
    record: null,
    codes: ['mx/bad-preference'],
  },
  {
    spec: 'RFC 1035 §3.3.9',
    title: 'exchange alone without a preference',
    text: 'mx.example.com',
    record: null,
    codes: ['mx/missing-preference'],
  },
  {
    spec: 'RFC 1035 §3.3.9',
    title: 'preference alone',
    text: '10',
    record: null,
    codes: ['mx/missing-target'],
  },
  {
    spec: 'RFC 1035 §3.3.9',
    title: 'separate field disagrees with the text',
    text: '10 mx.example.com',
    preference: 20,
    record: { preference: 10, exchange: 'mx.example.com' },
    codes: ['mx/preference-conflict'],
  },
  {
    spec: 'RFC 1035 §3.3.9',
    title: 'extra text after the exchange',
    text: '10 mx.example.com. ; backup',
    record: { preference: 10, exchange: 'mx.example.com' },
    codes: ['mx/extra-text'],
    spans: { 'mx/extra-text': '; backup' },
  },
  {
    spec: 'RFC 1035 §3.3.9',
    title: 'IPv4 address as exchange',
    text: '10 192.0.2.25',
    record: { preference: 10, exchange: '192.0.2.25' },
    codes: ['mx/target-ip'],
    spans: { 'mx/target-ip': '192.0.2.25' },
  },
  {
    spec: 'RFC 1035 §3.3.9',
    title: 'IPv6 address as exchange',
    text: '10 2001:db8::25',
    record: { preference: 10, exchange: '2001:db8::25' },
    codes: ['mx/target-ip'],
  },
  {
    spec: 'RFC 5321 §2.3.5',
    title: 'underscore in the exchange',
    text: '10 mail_1.example.com',
    record: { preference: 10, exchange: 'mail_1.example.com' },
    codes: ['mx/invalid-target'],
  },
  {
    spec: 'RFC 5321 §2.3.5',
    title: 'label ending in a hyphen',
    text: '10 mx-.example.com',
    record: { preference: 10, exchange: 'mx-.example.com' },
    codes: ['mx/invalid-target'],
  },
  {
    spec: 'RFC 5321 §2.3.5',
    title: 'a URL instead of a host',
    text: '10 https://mx.example.com',
    record: { preference: 10, exchange: 'https://mx.example.com' },
    codes: ['mx/invalid-target'],
  },
  {
    spec: 'RFC 5321 §2.3.5',
    title: 'label over 63 octets',
    text: `10 ${'a'.repeat(64)}.example`,
    record: { preference: 10, exchange: `${'a'.repeat(64)}.example` },
    codes: ['mx/invalid-target'],
  },
  { spec: 'general', title: 'empty text', text: '   ', record: null, codes: ['record/empty'] },
];

describe('parseMx', () => {
  for (const row of rows) {
    it(`${row.title} (${row.spec})`, () => {
      const result = parseMx(row.text, row.preference === undefined ? {} : { preference: row.preference });
      expect(result.record).toEqual(row.record);
      expect(result.diagnostics.map((d) => d.code).sort()).toEqual([...row.codes].sort());
      for (const [code, covered] of Object.entries(row.spans ?? {})) {
        const d = result.diagnostics.find((x) => x.code === code)!;
        expect(row.text.slice(d.span!.start, d.span!.end)).toBe(covered);
      }
    });
  }
});

describe('formatMx round trip (RFC 1035 §5.1)', () => {
  for (const row of rows.filter(
    (r) =>
      r.record &&
      !hasErrors(parseMx(r.text, r.preference === undefined ? {} : { preference: r.preference }).diagnostics),
  )) {
    it(`parse(format(m)) = m: ${row.title}`, () => {
      const text = formatMx(row.record!);
      expect(parseMx(text).record).toEqual(row.record);
      expect(parseMx(formatMx(row.record!, { trailingDot: false })).record).toEqual(row.record);
    });
  }
  it('writes absolute names with a trailing dot by default, the null MX as "0 ." (RFC 7505 §3)', () => {
    expect(formatMx({ preference: 5, exchange: 'mxbiz1.qq.com' })).toBe('5 mxbiz1.qq.com.');
    expect(formatMx({ preference: 5, exchange: 'mxbiz1.qq.com' }, { trailingDot: false })).toBe(
      '5 mxbiz1.qq.com',
    );
    expect(formatMx({ preference: 0, exchange: '.' })).toBe('0 .');
  });
});
