// parseMtaStsTxt / formatMtaStsTxt (RFC 8461 §3.1): one table feeds parsing, spans and the
// format round trip.
import { describe, expect, it } from 'vitest';
import { formatMtaStsTxt, hasErrors, parseMtaStsTxt, type MtaStsRecord } from '../../src/lib/index.ts';

interface Row {
  spec: string;
  title: string;
  text: string;
  record: MtaStsRecord | null;
  codes: string[];
  spans?: Record<string, string>;
}

const ok = (id: string, extensions: MtaStsRecord['extensions'] = []): MtaStsRecord => ({
  version: 'STSv1',
  id,
  extensions,
});

const rows: Row[] = [
  {
    spec: '§3.1',
    title: 'the RFC example',
    text: 'v=STSv1; id=20160831085700Z;',
    record: ok('20160831085700Z'),
    codes: [],
  },
  { spec: '§3.1', title: 'no blanks, no trailing ";"', text: 'v=STSv1;id=1', record: ok('1'), codes: [] },
  {
    spec: '§3.1',
    title: 'tabs and spaces around ";" (sts-sep)',
    text: 'v=STSv1 \t; \tid=abc \t;\t',
    record: ok('abc'),
    codes: [],
  },
  {
    spec: '§3.1',
    title: 'id of 32 characters',
    text: `v=STSv1; id=${'a'.repeat(32)}`,
    record: ok('a'.repeat(32)),
    codes: [],
  },
  {
    spec: '§3.1',
    title: 'extension fields are allowed and reported as ignored',
    text: 'v=STSv1; id=a; more=a; e.x_t-2=%2C',
    record: ok('a', [
      { name: 'more', value: 'a' },
      { name: 'e.x_t-2', value: '%2C' },
    ]),
    codes: ['mta-sts/unknown-field', 'mta-sts/unknown-field'],
    spans: { 'mta-sts/unknown-field': 'more=a' },
  },
  {
    spec: '§3.1',
    title: 'id of 33 characters',
    text: `v=STSv1; id=${'a'.repeat(33)}`,
    record: null,
    codes: ['mta-sts/bad-id'],
  },
  {
    spec: '§3.1',
    title: 'hyphen in the id',
    text: 'v=STSv1; id=2024-01-01',
    record: null,
    codes: ['mta-sts/bad-id'],
    spans: { 'mta-sts/bad-id': '2024-01-01' },
  },
  {
    spec: '§3.1',
    title: 'empty id',
    text: 'v=STSv1; id=',
    record: null,
    codes: ['mta-sts/bad-id'],
    spans: { 'mta-sts/bad-id': 'id=' },
  },
  { spec: '§3.1', title: 'missing id', text: 'v=STSv1;', record: null, codes: ['mta-sts/missing-id'] },
  {
    spec: '§3.1',
    title: 'wrong version',
    text: 'v=STSv2; id=1',
    record: null,
    codes: ['mta-sts/bad-version'],
    spans: { 'mta-sts/bad-version': 'STSv2' },
  },
  {
    spec: '§3.1',
    title: 'version is case-sensitive (%s"v=STSv1")',
    text: 'v=stsv1; id=1',
    record: null,
    codes: ['mta-sts/bad-version'],
  },
  {
    spec: '§3.1',
    title: 'upper-case field name V',
    text: 'V=STSv1; id=1',
    record: null,
    codes: ['mta-sts/field-case'],
  },
  {
    spec: '§3.1',
    title: 'upper-case ID is not the id field',
    text: 'v=STSv1; ID=1',
    record: null,
    codes: ['mta-sts/field-case'],
    spans: { 'mta-sts/field-case': 'ID' },
  },
  {
    spec: '§3.1',
    title: 'version not first',
    text: 'id=1; v=STSv1',
    record: null,
    codes: ['mta-sts/version-not-first'],
  },
  {
    spec: '§3.1',
    title: 'no version at all',
    text: 'id=1',
    record: null,
    codes: ['mta-sts/missing-version'],
  },
  {
    spec: '§3.1',
    title: 'an SPF record in the wrong place',
    text: 'v=spf1 -all',
    record: null,
    codes: ['mta-sts/bad-version', 'mta-sts/missing-id'],
  },
  {
    spec: '§3.1',
    title: 'blank before the record',
    text: ' v=STSv1; id=1',
    record: ok('1'),
    codes: ['mta-sts/unexpected-space'],
    spans: { 'mta-sts/unexpected-space': ' ' },
  },
  {
    spec: '§3.1',
    title: 'blanks around "="',
    text: 'v=STSv1; id = 1',
    record: ok('1'),
    codes: ['mta-sts/unexpected-space', 'mta-sts/unexpected-space'],
  },
  {
    spec: '§3.1',
    title: 'trailing blanks without ";"',
    text: 'v=STSv1; id=1  ',
    record: ok('1'),
    codes: ['mta-sts/unexpected-space'],
    spans: { 'mta-sts/unexpected-space': '  ' },
  },
  {
    spec: '§3.1',
    title: 'line break as separator blank',
    text: 'v=STSv1;\nid=1',
    record: ok('1'),
    codes: ['mta-sts/unexpected-space'],
  },
  {
    spec: '§3.1',
    title: 'empty field ";;"',
    text: 'v=STSv1; id=1;;',
    record: ok('1'),
    codes: ['mta-sts/empty-field'],
  },
  {
    spec: '§3.1',
    title: 'a part without "="',
    text: 'v=STSv1; id=1; junk',
    record: ok('1'),
    codes: ['mta-sts/malformed-field'],
    spans: { 'mta-sts/malformed-field': 'junk' },
  },
  {
    spec: '§3.1',
    title: 'extension name of 33 characters',
    text: `v=STSv1; id=1; a${'b'.repeat(32)}=1`,
    record: ok('1'),
    codes: ['mta-sts/bad-extension-name'],
  },
  {
    spec: '§3.1',
    title: 'extension name starting with "_"',
    text: 'v=STSv1; id=1; _x=1',
    record: ok('1'),
    codes: ['mta-sts/bad-extension-name'],
  },
  {
    spec: '§3.1',
    title: 'extension value with "="',
    text: 'v=STSv1; id=1; x==',
    record: ok('1'),
    codes: ['mta-sts/bad-extension-value'],
  },
  {
    spec: '§3.1',
    title: 'empty extension value',
    text: 'v=STSv1; id=1; x=',
    record: ok('1'),
    codes: ['mta-sts/bad-extension-value'],
  },
  {
    spec: '§3.2',
    title: 'a repeated id: the first counts',
    text: 'v=STSv1; id=foo; id=bar',
    record: ok('foo'),
    codes: ['mta-sts/duplicate-field'],
    spans: { 'mta-sts/duplicate-field': 'id=bar' },
  },
  { spec: 'general', title: 'empty text', text: '', record: null, codes: ['record/empty'] },
];

describe('parseMtaStsTxt', () => {
  for (const row of rows) {
    it(`${row.title} (RFC 8461 ${row.spec})`, () => {
      const result = parseMtaStsTxt(row.text);
      expect(result.record).toEqual(row.record);
      expect(result.diagnostics.map((d) => d.code).sort()).toEqual([...row.codes].sort());
      for (const [code, covered] of Object.entries(row.spans ?? {})) {
        const d = result.diagnostics.find((x) => x.code === code)!;
        expect(row.text.slice(d.span!.start, d.span!.end)).toBe(covered);
      }
    });
  }
});

describe('formatMtaStsTxt (RFC 8461 §3.1)', () => {
  for (const row of rows.filter((r) => r.record && !hasErrors(parseMtaStsTxt(r.text).diagnostics))) {
    it(`parse(format(m)) = m: ${row.title}`, () => {
      const text = formatMtaStsTxt(row.record!);
      const again = parseMtaStsTxt(text);
      expect(again.record).toEqual(row.record);
      expect(hasErrors(again.diagnostics)).toBe(false);
    });
  }
  it('writes the canonical form', () => {
    expect(formatMtaStsTxt(ok('20160831085700Z', [{ name: 'ext', value: '1' }]))).toBe(
      'v=STSv1; id=20160831085700Z; ext=1',
    );
  });
});
