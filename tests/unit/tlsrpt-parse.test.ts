// parseTlsRpt / formatTlsRpt (RFC 8460 §3): one table feeds parsing, spans and the round trip.
import { describe, expect, it } from 'vitest';
import { formatTlsRpt, hasErrors, parseTlsRpt, type TlsRptRecord } from '../../src/lib/index.ts';

interface Row {
  spec: string;
  title: string;
  text: string;
  record: TlsRptRecord | null;
  codes: string[];
  spans?: Record<string, string>;
}

const ok = (rua: string[], extensions: TlsRptRecord['extensions'] = []): TlsRptRecord => ({
  version: 'TLSRPTv1',
  rua,
  extensions,
});

const rows: Row[] = [
  {
    spec: '§3',
    title: 'mailto report address',
    text: 'v=TLSRPTv1; rua=mailto:tlsrpt@example.com',
    record: ok(['mailto:tlsrpt@example.com']),
    codes: [],
  },
  {
    spec: '§3',
    title: 'https report address',
    text: 'v=TLSRPTv1;rua=https://reporting.example.com/v1/tlsrpt;',
    record: ok(['https://reporting.example.com/v1/tlsrpt']),
    codes: [],
  },
  {
    spec: '§3',
    title: 'comma-separated list with blanks around ","',
    text: 'v=TLSRPTv1; rua=mailto:a@example.com , \thttps://r.example.com/x',
    record: ok(['mailto:a@example.com', 'https://r.example.com/x']),
    codes: [],
  },
  {
    spec: '§3',
    title: 'extension field',
    text: 'v=TLSRPTv1; rua=mailto:a@example.com; ext=yes',
    record: ok(['mailto:a@example.com'], [{ name: 'ext', value: 'yes' }]),
    codes: ['tls-rpt/unknown-field'],
  },
  {
    spec: '§3',
    title: 'two rua fields: both lists count',
    text: 'v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com',
    record: ok(['mailto:a@example.com', 'mailto:b@example.com']),
    codes: ['tls-rpt/duplicate-field'],
    spans: { 'tls-rpt/duplicate-field': 'rua=mailto:b@example.com' },
  },
  { spec: '§3', title: 'missing rua', text: 'v=TLSRPTv1', record: null, codes: ['tls-rpt/missing-rua'] },
  { spec: '§3', title: 'empty rua', text: 'v=TLSRPTv1; rua=', record: null, codes: ['tls-rpt/bad-rua-uri'] },
  {
    spec: '§3',
    title: 'no scheme',
    text: 'v=TLSRPTv1; rua=tlsrpt@example.com',
    record: null,
    codes: ['tls-rpt/bad-rua-uri'],
    spans: { 'tls-rpt/bad-rua-uri': 'tlsrpt@example.com' },
  },
  {
    spec: '§3',
    title: 'empty list items',
    text: 'v=TLSRPTv1; rua=,, ,',
    record: null,
    codes: ['tls-rpt/bad-rua-uri', 'tls-rpt/bad-rua-uri', 'tls-rpt/bad-rua-uri', 'tls-rpt/bad-rua-uri'],
  },
  {
    spec: '§3',
    title: 'bad percent-encoding',
    text: 'v=TLSRPTv1; rua=https://bad/%zz',
    record: null,
    codes: ['tls-rpt/bad-rua-uri'],
  },
  {
    spec: '§3',
    title: 'unencoded "!"',
    text: 'v=TLSRPTv1; rua=mailto:a@example.com!10m',
    record: null,
    codes: ['tls-rpt/bad-rua-uri'],
  },
  {
    spec: '§3',
    title: 'mailto without an address',
    text: 'v=TLSRPTv1; rua=mailto:reports',
    record: null,
    codes: ['tls-rpt/bad-rua-uri'],
  },
  {
    spec: '§3',
    title: 'text after a URI',
    text: 'v=TLSRPTv1; rua=mailto:a@example.com other',
    record: null,
    codes: ['tls-rpt/bad-rua-uri'],
  },
  {
    spec: '§3',
    title: 'http is not a supported scheme',
    text: 'v=TLSRPTv1; rua=http://r.example.com/x',
    record: ok(['http://r.example.com/x']),
    codes: ['tls-rpt/rua-unsupported-scheme', 'tls-rpt/no-usable-rua'],
    spans: { 'tls-rpt/rua-unsupported-scheme': 'http://r.example.com/x' },
  },
  {
    spec: '§3',
    title: 'one supported address is enough',
    text: 'v=TLSRPTv1; rua=http://r.example.com/x,mailto:a@example.com',
    record: ok(['http://r.example.com/x', 'mailto:a@example.com']),
    codes: ['tls-rpt/rua-unsupported-scheme'],
  },
  {
    spec: '§3',
    title: 'wrong version',
    text: 'v=TLSRPTv2; rua=mailto:a@example.com',
    record: null,
    codes: ['tls-rpt/bad-version'],
  },
  {
    spec: '§3',
    title: 'upper-case RUA',
    text: 'v=TLSRPTv1; RUA=mailto:a@example.com',
    record: null,
    codes: ['tls-rpt/field-case'],
  },
  {
    spec: '§3',
    title: 'version not first',
    text: 'rua=mailto:a@example.com; v=TLSRPTv1',
    record: null,
    codes: ['tls-rpt/version-not-first'],
  },
  {
    spec: '§3',
    title: 'trailing blanks',
    text: 'v=TLSRPTv1; rua=mailto:a@example.com  ',
    record: ok(['mailto:a@example.com']),
    codes: ['tls-rpt/unexpected-space'],
  },
  {
    spec: '§3',
    title: 'empty field',
    text: 'v=TLSRPTv1; rua=mailto:a@example.com;;',
    record: ok(['mailto:a@example.com']),
    codes: ['tls-rpt/empty-field'],
  },
  {
    spec: '§3',
    title: 'bad extension name',
    text: 'v=TLSRPTv1; rua=mailto:a@example.com; 1%=a',
    record: ok(['mailto:a@example.com']),
    codes: ['tls-rpt/bad-extension-name'],
  },
  {
    spec: '§3',
    title: 'bad extension value',
    text: 'v=TLSRPTv1; rua=mailto:a@example.com; test==',
    record: ok(['mailto:a@example.com']),
    codes: ['tls-rpt/bad-extension-value'],
  },
  { spec: 'general', title: 'empty text', text: ' ', record: null, codes: ['record/empty'] },
];

describe('parseTlsRpt', () => {
  for (const row of rows) {
    it(`${row.title} (RFC 8460 ${row.spec})`, () => {
      const result = parseTlsRpt(row.text);
      expect(result.record).toEqual(row.record);
      expect(result.diagnostics.map((d) => d.code).sort()).toEqual([...row.codes].sort());
      for (const [code, covered] of Object.entries(row.spans ?? {})) {
        const d = result.diagnostics.find((x) => x.code === code)!;
        expect(row.text.slice(d.span!.start, d.span!.end)).toBe(covered);
      }
    });
  }
});

describe('formatTlsRpt (RFC 8460 §3)', () => {
  for (const row of rows.filter((r) => r.record && !hasErrors(parseTlsRpt(r.text).diagnostics))) {
    it(`parse(format(m)) = m: ${row.title}`, () => {
      expect(parseTlsRpt(formatTlsRpt(row.record!)).record).toEqual(row.record);
    });
  }
  it('joins report URIs with "," in one rua field', () => {
    expect(formatTlsRpt(ok(['mailto:a@example.com', 'https://r.example.com/x']))).toBe(
      'v=TLSRPTv1; rua=mailto:a@example.com,https://r.example.com/x',
    );
  });
});
