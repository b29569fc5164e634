// parseMtaStsPolicy / formatMtaStsPolicy (RFC 8461 §3.2) and mx matching (§4.1).
import { describe, expect, it } from 'vitest';
import {
  formatMtaStsPolicy,
  hasErrors,
  mxPatternMatches,
  parseMtaStsPolicy,
  policyMatchesMx,
  policyMxDiagnostics,
  type MtaStsPolicy,
} from '../../src/lib/index.ts';

interface Row {
  spec: string;
  title: string;
  text: string;
  record: MtaStsPolicy | null;
  codes: string[];
  spans?: Record<string, string>;
}

const policy = (
  mode: MtaStsPolicy['mode'],
  maxAge: number,
  mx: string[],
  extensions: MtaStsPolicy['extensions'] = [],
): MtaStsPolicy => ({
  version: 'STSv1',
  mode,
  maxAge,
  mx,
  extensions,
});

const rows: Row[] = [
  {
    spec: '§3.2',
    title: 'the RFC example policy (LF)',
    text: 'version: STSv1\nmode: testing\nmx: mx1.example.com\nmx: mx2.example.com\nmx: mx.backup-example.com\nmax_age: 1296000\n',
    record: policy('testing', 1296000, ['mx1.example.com', 'mx2.example.com', 'mx.backup-example.com']),
    codes: ['mta-sts/mode-testing'],
  },
  {
    spec: '§3.2',
    title: 'CRLF, wildcard mx, enforce',
    text: 'version: STSv1\r\nmode: enforce\r\nmx: *.example.com\r\nmax_age: 604800\r\n',
    record: policy('enforce', 604800, ['*.example.com']),
    codes: [],
  },
  {
    spec: '§3.2',
    title: 'no blank after ":", trailing blanks, no final line break',
    text: 'version:STSv1\nmode:enforce \t\nmx:\t mail.example.com\nmax_age:31557600',
    record: policy('enforce', 31557600, ['mail.example.com']),
    codes: [],
  },
  {
    spec: '§3.2',
    title: 'mode none needs no mx',
    text: 'version: STSv1\nmode: none\nmax_age: 86400\n',
    record: policy('none', 86400, []),
    codes: ['mta-sts/mode-none'],
  },
  {
    spec: '§3.2',
    title: 'extension keys are allowed (unknown fields are ignored)',
    text: 'version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 604800\nmore: ext e  ns ion ✓\n',
    record: policy('enforce', 604800, ['a.example'], [{ name: 'more', value: 'ext e  ns ion ✓' }]),
    codes: ['mta-sts/unknown-field'],
    spans: { 'mta-sts/unknown-field': 'more: ext e  ns ion ✓' },
  },
  {
    spec: '§3.2',
    title: 'a repeated mode: the first counts',
    text: 'version: STSv1\nmode: enforce\nmode: testing\nmx: a.example\nmax_age: 604800\n',
    record: policy('enforce', 604800, ['a.example']),
    codes: ['mta-sts/duplicate-field'],
    spans: { 'mta-sts/duplicate-field': 'mode: testing' },
  },
  {
    spec: '§3.2',
    title: 'short max_age is info',
    text: 'version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 86400\n',
    record: policy('enforce', 86400, ['a.example']),
    codes: ['mta-sts/max-age-short'],
  },
  {
    spec: '§3.2',
    title: 'missing everything',
    text: 'garbage',
    record: null,
    codes: [
      'mta-sts/policy-malformed-line',
      'mta-sts/policy-missing-version',
      'mta-sts/policy-missing-mode',
      'mta-sts/policy-missing-max-age',
    ],
  },
  {
    spec: '§3.2',
    title: 'max_age above 31557600',
    text: 'version: STSv1\nmode: none\nmax_age: 31557601',
    record: null,
    codes: ['mta-sts/mode-none', 'mta-sts/policy-max-age-too-large'],
    spans: { 'mta-sts/policy-max-age-too-large': '31557601' },
  },
  {
    spec: '§3.2',
    title: 'max_age of 11 digits',
    text: 'version: STSv1\nmode: none\nmax_age: 01234567890',
    record: null,
    codes: ['mta-sts/mode-none', 'mta-sts/policy-bad-max-age'],
  },
  {
    spec: '§3.2',
    title: 'negative max_age',
    text: 'version: STSv1\nmode: none\nmax_age: -1',
    record: null,
    codes: ['mta-sts/mode-none', 'mta-sts/policy-bad-max-age'],
  },
  {
    spec: '§3.2',
    title: 'decimal max_age',
    text: 'version: STSv1\nmode: none\nmax_age: 1.5',
    record: null,
    codes: ['mta-sts/mode-none', 'mta-sts/policy-bad-max-age'],
  },
  {
    spec: '§3.2',
    title: 'bad mode',
    text: 'version: STSv1\nmode: Enforce\nmx: a.example\nmax_age: 604800',
    record: null,
    codes: ['mta-sts/policy-bad-mode'],
    spans: { 'mta-sts/policy-bad-mode': 'Enforce' },
  },
  {
    spec: '§3.2',
    title: 'bad version',
    text: 'version: STSv2\nmode: none\nmax_age: 0',
    record: null,
    codes: ['mta-sts/mode-none', 'mta-sts/policy-bad-version'],
  },
  {
    spec: '§3.2',
    title: 'enforce without mx',
    text: 'version: STSv1\nmode: enforce\nmax_age: 604800',
    record: policy('enforce', 604800, []),
    codes: ['mta-sts/policy-missing-mx'],
  },
  {
    spec: '§3.2',
    title: 'testing without mx',
    text: 'version: STSv1\nmode: testing\nmax_age: 604800',
    record: policy('testing', 604800, []),
    codes: ['mta-sts/policy-missing-mx', 'mta-sts/mode-testing'],
  },
  {
    spec: '§3.2',
    title: 'key names are case-sensitive',
    text: 'version: STSv1\nMode: none\nmax_age: 0',
    record: null,
    codes: ['mta-sts/policy-field-case', 'mta-sts/policy-missing-mode'],
    spans: { 'mta-sts/policy-field-case': 'Mode' },
  },
  {
    spec: '§3.2',
    title: 'wildcard not the whole left label',
    text: 'version: STSv1\nmode: enforce\nmx: *mail.example.com\nmax_age: 604800',
    record: policy('enforce', 604800, []),
    codes: ['mta-sts/policy-bad-mx'],
  },
  {
    spec: '§3.2',
    title: 'two wildcard labels',
    text: 'version: STSv1\nmode: enforce\nmx: *.*.example\nmax_age: 604800',
    record: policy('enforce', 604800, []),
    codes: ['mta-sts/policy-bad-mx'],
  },
  {
    spec: '§3.2',
    title: 'mx with a trailing dot',
    text: 'version: STSv1\nmode: enforce\nmx: mail.example.com.\nmax_age: 604800',
    record: policy('enforce', 604800, []),
    codes: ['mta-sts/policy-bad-mx'],
  },
  {
    spec: '§3.2',
    title: 'U-label mx',
    text: 'version: STSv1\nmode: none\nmax_age: 0\nmx: møx.example',
    record: policy('none', 0, []),
    codes: ['mta-sts/policy-mx-not-ascii', 'mta-sts/mode-none'],
  },
  {
    spec: '§3.2',
    title: 'blank line in the middle',
    text: 'version: STSv1\n\nmode: none\nmax_age: 0\n',
    record: policy('none', 0, []),
    codes: ['mta-sts/policy-empty-line', 'mta-sts/mode-none'],
  },
  {
    spec: '§3.2',
    title: 'two line breaks at the end',
    text: 'version: STSv1\r\nmode: none\r\nmax_age: 0\r\n\r\n',
    record: policy('none', 0, []),
    codes: ['mta-sts/policy-empty-line', 'mta-sts/mode-none'],
  },
  {
    spec: '§3.2',
    title: 'blank before a key',
    text: 'version: STSv1\n mode: none\nmax_age: 0',
    record: null,
    codes: ['mta-sts/policy-malformed-line', 'mta-sts/policy-missing-mode'],
  },
  {
    spec: '§3.2',
    title: 'empty extension value',
    text: 'version: STSv1\nmode: none\nmax_age: 0\next:',
    record: policy('none', 0, []),
    codes: ['mta-sts/policy-bad-extension-value', 'mta-sts/mode-none'],
  },
  {
    spec: '§3.2',
    title: 'extension name starting with "_"',
    text: 'version: STSv1\nmode: none\nmax_age: 0\n_bad: x',
    record: policy('none', 0, []),
    codes: ['mta-sts/policy-malformed-line', 'mta-sts/mode-none'],
  },
  { spec: 'general', title: 'empty body', text: '', record: null, codes: ['record/empty'] },
];

describe('parseMtaStsPolicy', () => {
  for (const row of rows) {
    it(`${row.title} (RFC 8461 ${row.spec})`, () => {
      const result = parseMtaStsPolicy(row.text);
      expect(result.record).toEqual(row.record);
      expect(result.diagnostics.map((d) => d.code).sort()).toEqual([...row.codes].sort());
      for (const [code, covered] of Object.entries(row.spans ?? {})) {
        const d = result.diagnostics.find((x) => x.code === code)!;
        expect(row.text.slice(d.span!.start, d.span!.end)).toBe(covered);
      }
    });
  }
});

describe('formatMtaStsPolicy (RFC 8461 §3.2)', () => {
  for (const row of rows.filter((r) => r.record && !hasErrors(parseMtaStsPolicy(r.text).diagnostics))) {
    it(`parse(format(m)) = m with CRLF and LF: ${row.title}`, () => {
      expect(parseMtaStsPolicy(formatMtaStsPolicy(row.record!)).record).toEqual(row.record);
      expect(parseMtaStsPolicy(formatMtaStsPolicy(row.record!, { lineEnding: '\n' })).record).toEqual(
        row.record,
      );
    });
  }
  it('writes CRLF-separated lines by default', () => {
    expect(formatMtaStsPolicy(policy('enforce', 604800, ['mx1.example.com', '*.example.net']))).toBe(
      'version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n',
    );
  });
});

describe('policyMatchesMx (RFC 8461 §4.1)', () => {
  const cases: Array<[string, string, boolean]> = [
    ['mail.example.com', 'mail.example.com', true],
    ['mail.example.com', 'MAIL.Example.COM.', true],
    ['mail.example.com', 'mail2.example.com', false],
    ['*.example.com', 'mx1.example.com', true],
    ['*.example.com', 'MX1.EXAMPLE.COM.', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.mx1.example.com', false],
    ['*.example.com', 'mx1.example.com.evil.test', false],
    ['*.example.com', 'xexample.com', false],
  ];
  for (const [pattern, host, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${host}`, () => {
      expect(mxPatternMatches(pattern, host)).toBe(expected);
      expect(policyMatchesMx([pattern], host)).toBe(expected);
    });
  }
  it('takes a policy or a pattern list', () => {
    const p = policy('enforce', 604800, ['mxbiz1.qq.com', 'mxbiz2.qq.com']);
    expect(policyMatchesMx(p, 'mxbiz2.qq.com.')).toBe(true);
    expect(policyMatchesMx(p, 'mx3.qq.com')).toBe(false);
  });
  it('policyMxDiagnostics: error in enforce, warning in testing, nothing in none (§5)', () => {
    const hosts = ['mxbiz1.qq.com', 'other.example'];
    const enforce = policyMxDiagnostics(policy('enforce', 604800, ['mxbiz1.qq.com']), hosts);
    expect(enforce.map((d) => [d.code, d.severity, d.params?.host])).toEqual([
      ['mta-sts/mx-not-covered', 'error', 'other.example'],
    ]);
    expect(policyMxDiagnostics(policy('testing', 604800, ['mxbiz1.qq.com']), hosts)[0].severity).toBe(
      'warning',
    );
    expect(policyMxDiagnostics(policy('none', 604800, []), hosts)).toEqual([]);
  });
});
