// parseDmarc / validateDmarc / effectiveDmarcPolicy (RFC 9989 §4.7, §4.8, §4.10.1): one row per case,
// each with its section; the expected codes are the exact set reported.
import { describe, expect, it } from 'vitest';
import {
  effectiveDmarcPolicy,
  hasErrors,
  parseDmarc,
  type DmarcRecord,
  type EffectiveDmarcPolicy,
} from '../../src/lib/index.ts';

interface Row {
  spec: string;
  name: string;
  text: string;
  valid: boolean;
  codes: string[];
  record?: DmarcRecord | null;
}

const QQ = 'mailto:mailauth-reports@qq.com';

const rows: Row[] = [
  {
    spec: 'RFC 9989 §4.7',
    name: "the user's Tencent Exmail record",
    text: `v=DMARC1; p=none; rua=${QQ}`,
    valid: true,
    codes: ['dmarc/policy-none'],
    record: { p: 'none', rua: [{ uri: QQ }] },
  },
  {
    spec: 'RFC 9989 §4.7',
    name: 'every RFC 9989 tag',
    text: 'v=DMARC1; p=reject; sp=quarantine; np=reject; psd=n; t=n; adkim=s; aspf=r; rua=mailto:a@example.com; ruf=mailto:f@example.com; fo=1:d',
    valid: true,
    codes: ['dmarc/subdomain-policy-weaker'],
    record: {
      p: 'reject',
      sp: 'quarantine',
      np: 'reject',
      psd: 'n',
      t: 'n',
      adkim: 's',
      aspf: 'r',
      rua: [{ uri: 'mailto:a@example.com' }],
      ruf: [{ uri: 'mailto:f@example.com' }],
      fo: ['1', 'd'],
    },
  },
  {
    spec: 'RFC 9989 §4.8',
    name: 'tag names and keyword values are case-insensitive',
    text: 'V=DMARC1; P=Reject; ADKIM=S',
    valid: true,
    codes: ['dmarc/no-aggregate-reports'],
    record: { p: 'reject', adkim: 's' },
  },
  {
    spec: 'RFC 9989 §4.8',
    name: 'whitespace around "=" and ";" (equals, dmarc-sep)',
    text: 'v = DMARC1 ;\tp = quarantine ;',
    valid: true,
    codes: ['dmarc/no-aggregate-reports'],
    record: { p: 'quarantine' },
  },
  {
    spec: 'RFC 9989 §4.7',
    name: 'v=dmarc1: the version value is case-sensitive',
    text: 'v=dmarc1; p=reject',
    valid: false,
    codes: ['dmarc/invalid-version', 'dmarc/no-aggregate-reports'],
  },
  {
    spec: 'RFC 9989 §4.7',
    name: 'v=DMARC1 without ";" swallows the next tag',
    text: 'v=DMARC1 p=none',
    valid: false,
    codes: ['dmarc/invalid-version', 'dmarc/no-effective-policy', 'dmarc/no-aggregate-reports'],
  },
  {
    spec: 'RFC 9989 §4.7',
    name: 'v= not first',
    text: 'p=none; v=DMARC1; rua=mailto:a@example.com',
    valid: false,
    codes: ['dmarc/version-not-first', 'dmarc/policy-none'],
  },
  {
    spec: 'RFC 9989 §4.8',
    name: 'whitespace before v=DMARC1 (as spf/version for SPF)',
    text: ` v=DMARC1; p=reject; rua=mailto:a@example.com`,
    valid: false,
    codes: ['dmarc/leading-whitespace'],
  },
  {
    spec: 'RFC 9989 §4.8',
    name: 'a tab before v=DMARC1',
    text: `\tv=DMARC1; p=reject; rua=mailto:a@example.com`,
    valid: false,
    codes: ['dmarc/leading-whitespace'],
  },
  {
    spec: 'RFC 9989 §4.7',
    name: 'v= missing but DMARC tags present',
    text: 'p=reject; rua=mailto:a@example.com',
    valid: false,
    codes: ['dmarc/missing-version'],
  },
  {
    spec: 'RFC 9989 §4.7',
    name: 'an SPF record is not a DMARC record',
    text: 'v=spf1 include:spf.mail.qq.com ~all',
    valid: false,
    codes: ['dmarc/not-dmarc'],
    record: null,
  },
  {
    spec: 'RFC 9989 §4.7',
    name: 'free text is not a DMARC record',
    text: 'google-site-verification',
    valid: false,
    codes: ['dmarc/not-dmarc'],
    record: null,
  },
  {
    spec: 'RFC 9989 §4.7',
    name: 'empty text',
    text: '  ',
    valid: false,
    codes: ['record/empty'],
    record: null,
  },
  {
    spec: 'RFC 9989 §4.10.1',
    name: 'no p= but a valid rua=: read as p=none',
    text: 'v=DMARC1; rua=mailto:a@example.com',
    valid: true,
    codes: ['dmarc/missing-policy'],
    record: { rua: [{ uri: 'mailto:a@example.com' }] },
  },
  {
    spec: 'RFC 9989 §4.10.1',
    name: 'no p= and no rua=: no DMARC processing',
    text: 'v=DMARC1; adkim=s',
    valid: false,
    codes: ['dmarc/no-effective-policy', 'dmarc/no-aggregate-reports'],
  },
  {
    spec: 'RFC 9989 §4.10.1, §5.2',
    name: 'a PSD record with only psd=y marks the boundary (warning, not error)',
    text: 'v=DMARC1; psd=y',
    valid: true,
    codes: ['dmarc/no-effective-policy', 'dmarc/no-aggregate-reports', 'dmarc/psd-set'],
  },
  {
    spec: 'RFC 9989 §4.10.1',
    name: 'invalid sp= with a valid rua=: the whole record reads as p=none',
    text: 'v=DMARC1; p=reject; sp=invalid; rua=mailto:a@example.com',
    valid: false,
    codes: ['dmarc/invalid-policy', 'dmarc/policy-falls-back-to-none'],
  },
  {
    spec: 'RFC 9989 §4.7',
    name: 'invalid p= and no rua=',
    text: 'v=DMARC1; p=foo',
    valid: false,
    codes: ['dmarc/invalid-policy', 'dmarc/no-effective-policy', 'dmarc/no-aggregate-reports'],
    record: { invalid: [{ name: 'p', value: 'foo' }] },
  },
  {
    spec: 'RFC 9989 §4.7',
    name: 'unknown tags are ignored (warning)',
    text: 'v=DMARC1; p=reject; xyz=foo; rua=mailto:a@example.com',
    valid: true,
    codes: ['dmarc/unknown-tag'],
    record: { p: 'reject', rua: [{ uri: 'mailto:a@example.com' }], unknown: [{ name: 'xyz', value: 'foo' }] },
  },
  {
    spec: 'RFC 9989 §4.7',
    name: 'a misspelt rua= is an unknown tag with a suggestion',
    text: 'v=DMARC1; p=none; rau=mailto:a@example.com',
    valid: true,
    codes: ['dmarc/unknown-tag-typo', 'dmarc/policy-none', 'dmarc/no-aggregate-reports'],
  },
  {
    spec: 'RFC 6376 §3.2',
    name: 'a duplicate tag invalidates the list; the first value is kept',
    text: 'v=DMARC1; p=reject; p=none; rua=mailto:a@example.com',
    valid: false,
    codes: ['dmarc/duplicate-tag'],
    record: { p: 'reject', rua: [{ uri: 'mailto:a@example.com' }] },
  },
  {
    spec: 'RFC 9989 §4.8',
    name: '"fo:0" (":" instead of "=")',
    text: 'v=DMARC1; p=reject; fo:0; rua=mailto:a@example.com',
    valid: false,
    codes: ['dmarc/tag-separator'],
  },
  {
    spec: 'RFC 9989 §4.8',
    name: 'a tag without "="',
    text: 'v=DMARC1; p=none; bogus; rua=mailto:a@example.com',
    valid: false,
    codes: ['dmarc/syntax-error', 'dmarc/policy-none'],
  },
  {
    spec: 'RFC 9989 §4.8',
    name: 'an empty entry ";;" (warning)',
    text: 'v=DMARC1; p=reject;; rua=mailto:a@example.com',
    valid: true,
    codes: ['dmarc/empty-tag'],
  },
  {
    spec: 'RFC 9989 Appendix C.5.2',
    name: 'pct= is removed (warning, kept as written)',
    text: 'v=DMARC1; p=reject; pct=100; rua=mailto:a@example.com',
    valid: true,
    codes: ['dmarc/removed-tag'],
    record: { p: 'reject', pct: '100', rua: [{ uri: 'mailto:a@example.com' }] },
  },
  {
    spec: 'RFC 7489 §6.3',
    name: 'pct=150 is invalid for RFC 7489 receivers (warning)',
    text: 'v=DMARC1; p=reject; pct=150; rua=mailto:a@example.com',
    valid: true,
    codes: ['dmarc/removed-tag', 'dmarc/removed-tag-invalid-value'],
  },
  {
    spec: 'RFC 9989 §4.7',
    name: 'fo=0:1: mutually exclusive (warning)',
    text: 'v=DMARC1; p=reject; rua=mailto:a@example.com; ruf=mailto:f@example.com; fo=0:1',
    valid: true,
    codes: ['dmarc/fo-conflict'],
  },
  {
    spec: 'RFC 9989 §4.8',
    name: 'fo=x is invalid',
    text: 'v=DMARC1; p=reject; rua=mailto:a@example.com; ruf=mailto:f@example.com; fo=x',
    valid: false,
    codes: ['dmarc/invalid-value'],
  },
  {
    spec: 'RFC 9989 §4.7',
    name: 'fo= without ruf= has no effect',
    text: 'v=DMARC1; p=reject; rua=mailto:a@example.com; fo=1',
    valid: true,
    codes: ['dmarc/fo-without-ruf'],
  },
  {
    spec: 'RFC 9989 §4.8',
    name: 'a rua= entry without a scheme',
    text: 'v=DMARC1; p=none; rua=reports@example.com,mailto:b@example.com',
    valid: false,
    codes: ['dmarc/invalid-uri', 'dmarc/policy-none'],
  },
  {
    spec: 'RFC 9989 §4.7',
    name: 'an https: report URI is valid but rarely supported',
    text: 'v=DMARC1; p=none; rua=https://reports.example.com/dmarc',
    valid: true,
    codes: ['dmarc/uri-not-mailto', 'dmarc/policy-none'],
  },
  {
    spec: 'RFC 6068 §2',
    name: 'mailto:// has no address',
    text: 'v=DMARC1; p=none; rua=mailto://example.com',
    valid: false,
    codes: ['dmarc/invalid-mailto', 'dmarc/policy-none', 'dmarc/no-aggregate-reports'],
  },
  {
    spec: 'RFC 9989 §4.8',
    name: 'the obsolete !size suffix is parsed (k, m, g, t; spaces tolerated)',
    text: 'v=DMARC1; p=reject; rua=mailto:a@example.com!10m, mailto:b@example.com ! 2 G',
    valid: true,
    codes: ['dmarc/report-size-obsolete', 'dmarc/report-size-obsolete'],
    record: {
      p: 'reject',
      rua: [
        { uri: 'mailto:a@example.com', size: { value: 10, unit: 'm' } },
        { uri: 'mailto:b@example.com', size: { value: 2, unit: 'g' } },
      ],
    },
  },
  {
    spec: 'RFC 9989 §4.8',
    name: 'a size with an unknown unit',
    text: 'v=DMARC1; p=reject; rua=mailto:a@example.com!10p',
    valid: false,
    codes: ['dmarc/invalid-report-size', 'dmarc/no-aggregate-reports'],
  },
  {
    spec: 'RFC 9989 §4.7',
    name: 't=y on p=reject applies quarantine',
    text: 'v=DMARC1; p=reject; t=y; rua=mailto:a@example.com',
    valid: true,
    codes: ['dmarc/test-mode'],
  },
  {
    spec: 'RFC 9989 §4.7',
    name: 't=y has no effect on p=none',
    text: 'v=DMARC1; p=none; t=y; rua=mailto:a@example.com',
    valid: true,
    codes: ['dmarc/policy-none'],
  },
  {
    spec: 'RFC 9989 §4.8',
    name: 'psd=yes is not y/n/u',
    text: 'v=DMARC1; p=reject; psd=yes; rua=mailto:a@example.com',
    valid: false,
    codes: ['dmarc/invalid-value'],
  },
  {
    spec: 'RFC 7489 §6.4',
    name: 'p= not right after v= (allowed by RFC 9989, warned)',
    text: 'v=DMARC1; sp=none; p=reject; rua=mailto:a@example.com',
    valid: true,
    codes: ['dmarc/policy-not-second', 'dmarc/subdomain-policy-weaker'],
  },
  {
    spec: 'RFC 9989 §4.8',
    name: 'a zero-width space glued to the policy',
    text: 'v=DMARC1; p=reject\u200b; rua=mailto:a@example.com',
    valid: false,
    codes: ['record/invisible-character', 'dmarc/invalid-policy', 'dmarc/policy-falls-back-to-none'],
  },
  {
    spec: 'RFC 9989 §4.8',
    name: 'a full-width semicolon from a Chinese input method',
    text: 'v=DMARC1；p=none',
    valid: false,
    codes: [
      'record/invisible-character',
      'dmarc/invalid-version',
      'dmarc/no-effective-policy',
      'dmarc/no-aggregate-reports',
    ],
  },
  {
    spec: 'RFC 9989 §4.8',
    name: 'a typographic quote pasted after the last ";"',
    text: 'v=DMARC1;p=none;rua=mailto:a@example.com;”',
    valid: false,
    codes: ['dmarc/syntax-error', 'dmarc/policy-none'],
  },
];

describe('parseDmarc', () => {
  it('whitespace before v=DMARC1 has the span and parameter spf/version has for v=spf1 (RFC 9989 §4.8)', async () => {
    const { parseSpf } = await import('../../src/lib/index.ts');
    const dmarc = parseDmarc(' v=DMARC1; p=reject').diagnostics.find(
      (d) => d.code === 'dmarc/leading-whitespace',
    );
    const spf = parseSpf(' v=spf1 -all').diagnostics.find((d) => d.code === 'spf/version');
    expect(dmarc?.span).toEqual({ start: 0, end: ' v=DMARC1; p=reject'.length });
    expect(spf?.span).toEqual({ start: 0, end: ' v=spf1 -all'.length });
    expect(dmarc?.params).toEqual({ found: ' v=DMARC1; p=reject' });
  });

  for (const row of rows) {
    it(`${row.name} (${row.spec})`, () => {
      const result = parseDmarc(row.text);
      expect(result.diagnostics.map((d) => d.code).sort()).toEqual([...row.codes].sort());
      expect(result.record !== null && !hasErrors(result.diagnostics)).toBe(row.valid);
      if (row.record !== undefined) {
        if (row.record === null) expect(result.record).toBeNull();
        else expect(result.record).toMatchObject(row.record);
      }
      for (const d of result.diagnostics) {
        if (!d.span) continue;
        expect(d.span.start).toBeGreaterThanOrEqual(0);
        expect(d.span.end).toBeLessThanOrEqual(row.text.length);
        expect(d.span.start).toBeLessThanOrEqual(d.span.end);
      }
    });
  }

  it('puts spans on the offending text (RFC 9989 §4.7)', () => {
    const text = 'v=DMARC1; p=foo; rua=bogus,mailto:a@example.com; xyz=1';
    const { diagnostics } = parseDmarc(text);
    const at = (code: string) => {
      const d = diagnostics.find((x) => x.code === code);
      return d?.span ? text.slice(d.span.start, d.span.end) : undefined;
    };
    expect(at('dmarc/invalid-policy')).toBe('foo');
    expect(at('dmarc/invalid-uri')).toBe('bogus');
    expect(at('dmarc/unknown-tag')).toBe('xyz');
  });

  it('reports every problem, not just the first (STYLE: parsers recover)', () => {
    const { diagnostics } = parseDmarc('v=DMARC1; p=foo; adkim=x; aspf=y; fo=q; t=maybe; psd=no');
    expect(diagnostics.filter((d) => d.code === 'dmarc/invalid-value').map((d) => d.params?.tag)).toEqual([
      'adkim',
      'aspf',
      'fo',
      't',
      'psd',
    ]);
    expect(diagnostics.some((d) => d.code === 'dmarc/invalid-policy')).toBe(true);
  });

  it('names the tag and the suggestion in params (RFC 9989 §4.8)', () => {
    const d = parseDmarc('v=DMARC1; p=none; sp-none; rua=mailto:a@example.com').diagnostics.find(
      (x) => x.code === 'dmarc/tag-separator',
    );
    expect(d?.params).toEqual({ text: 'sp-none', suggestion: 'sp=none' });
    expect(d?.severity).toBe('error');
  });
});

describe('effectiveDmarcPolicy (RFC 9989 §4.7 defaults, §4.10.1 fallback)', () => {
  const cases: Array<{ spec: string; text: string; expected: Partial<EffectiveDmarcPolicy> | null }> = [
    {
      spec: '§4.7',
      text: 'v=DMARC1; p=reject',
      expected: {
        p: 'reject',
        sp: 'reject',
        np: 'reject',
        psd: 'u',
        t: 'n',
        adkim: 'r',
        aspf: 'r',
        fo: ['0'],
      },
    },
    {
      spec: '§4.7 np',
      text: 'v=DMARC1; p=reject; sp=quarantine',
      expected: { sp: 'quarantine', np: 'quarantine' },
    },
    { spec: '§4.7 np', text: 'v=DMARC1; p=none; np=reject', expected: { sp: 'none', np: 'reject' } },
    {
      spec: '§4.10.1',
      text: 'v=DMARC1; rua=mailto:a@example.com',
      expected: { p: 'none', fellBackToNone: true },
    },
    {
      spec: '§4.10.1',
      text: 'v=DMARC1; sp=reject; rua=mailto:a@example.com',
      expected: { p: 'none', sp: 'reject', np: 'reject', fellBackToNone: true },
    },
    {
      spec: '§4.10.1',
      text: 'v=DMARC1; p=reject; np=bogus; rua=mailto:a@example.com',
      expected: { p: 'none', sp: 'none', np: 'none', fellBackToNone: true },
    },
    { spec: '§4.10.1', text: 'v=DMARC1; adkim=s', expected: null },
    { spec: '§4.10.1', text: 'v=DMARC1; p=bogus', expected: null },
  ];
  for (const c of cases) {
    it(`${c.text} (RFC 9989 ${c.spec})`, () => {
      const { record } = parseDmarc(c.text);
      expect(record).not.toBeNull();
      const effective = effectiveDmarcPolicy(record!);
      if (c.expected === null) expect(effective).toBeNull();
      else expect(effective).toMatchObject(c.expected);
    });
  }
});
