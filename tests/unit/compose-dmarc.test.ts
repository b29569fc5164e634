// DMARC builder (RFC 9989 §4.7): tags, report addresses, and the authorization record an external
// report destination must publish (RFC 9990 §4, "Verifying External Destinations").
import { describe, expect, it } from 'vitest';
import { buildDmarc, type DmarcBuilderInput } from '../../src/lib/index.ts';
import { isExternalDestination } from '../../src/lib/compose/dmarc-builder.ts';
import { checkReportAddress } from '../../src/lib/compose/report-address.ts';
import { parseDmarc } from '../../src/lib/dmarc/parse.ts';

describe('buildDmarc: records (RFC 9989 §4.7)', () => {
  const cases: Array<{ name: string; input: DmarcBuilderInput; record: string }> = [
    {
      name: 'monitoring with the user’s own report address',
      input: { domain: 'chiqio.com', p: 'none', rua: ['dmarc@chiqio.com'] },
      record: 'v=DMARC1; p=none; rua=mailto:dmarc@chiqio.com',
    },
    { name: 'policy only', input: { p: 'reject' }, record: 'v=DMARC1; p=reject' },
    {
      name: 'sp and np written only where they differ from what they inherit',
      input: { p: 'quarantine', sp: 'quarantine', np: 'reject' },
      record: 'v=DMARC1; p=quarantine; np=reject',
    },
    {
      name: 'np equal to sp is left out',
      input: { p: 'reject', sp: 'none', np: 'none' },
      record: 'v=DMARC1; p=reject; sp=none',
    },
    {
      name: 'strict alignment written, relaxed (the default) left out',
      input: { p: 'none', adkim: 's', aspf: 'r' },
      record: 'v=DMARC1; p=none; adkim=s',
    },
    {
      name: 'several addresses, mailto: optional, failure options, test mode',
      input: {
        p: 'quarantine',
        rua: ['mailto:a@example.com', 'B@Example.NET'],
        ruf: ['forensic@example.com'],
        fo: ['1', 'd'],
        t: true,
      },
      record:
        'v=DMARC1; p=quarantine; rua=mailto:a@example.com,mailto:B@example.net; ruf=mailto:forensic@example.com; fo=1:d; t=y',
    },
    { name: 'fo=0 (the default) is left out', input: { p: 'none', fo: ['0'] }, record: 'v=DMARC1; p=none' },
    {
      name: 'characters DMARC reserves in a local part are %-encoded',
      input: { p: 'none', rua: ['a!b@example.com', 'c%21d@example.com'] },
      record: 'v=DMARC1; p=none; rua=mailto:a%21b@example.com,mailto:c%21d@example.com',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const built = buildDmarc(c.input);
      expect(built.content).toBe(c.record);
      expect(built.fieldDiagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(parseDmarc(built.content!).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    });
  }

  it('names the record _dmarc.<domain> (RFC 9989 §4.10)', () => {
    const built = buildDmarc({ domain: 'Chiqio.com.', p: 'none' });
    expect(built.name).toBe('_dmarc.chiqio.com');
    expect(built.suggestion).toEqual({ type: 'TXT', name: '_dmarc.chiqio.com', content: 'v=DMARC1; p=none' });
    expect(buildDmarc({ p: 'none' }).suggestion).toBeNull();
  });
});

describe('buildDmarc: external report destinations (RFC 9990 §4)', () => {
  it('Tencent’s default rua at qq.com needs chiqio.com._report._dmarc.qq.com TXT v=DMARC1', () => {
    const built = buildDmarc({ domain: 'chiqio.com', p: 'none', rua: ['mailauth-reports@qq.com'] });
    expect(built.content).toBe('v=DMARC1; p=none; rua=mailto:mailauth-reports@qq.com');
    expect(built.authorizations).toEqual([
      {
        destination: 'qq.com',
        uris: ['mailto:mailauth-reports@qq.com'],
        record: { type: 'TXT', name: 'chiqio.com._report._dmarc.qq.com', content: 'v=DMARC1' },
      },
    ]);
    expect(built.fieldDiagnostics).toContainEqual(
      expect.objectContaining({ code: 'composer/external-destination', severity: 'info', field: 'rua' }),
    );
  });

  it('one authorization per destination, listing each address there', () => {
    const built = buildDmarc({
      domain: 'example.com',
      p: 'none',
      rua: ['a@rep.example.net'],
      ruf: ['b@rep.example.net'],
    });
    expect(built.authorizations.map((a) => [a.record.name, a.uris])).toEqual([
      [
        'example.com._report._dmarc.rep.example.net',
        ['mailto:a@rep.example.net', 'mailto:b@rep.example.net'],
      ],
    ]);
  });

  const scope: Array<[string, string, boolean]> = [
    ['example.com', 'example.com', false],
    ['example.com', 'reports.example.com', false],
    ['mail.example.com', 'example.com', false],
    ['example.com', 'qq.com', true],
    ['example.com', 'notexample.com', true],
    ['a.example.com', 'b.example.com', true], // same organization, but without the PSL we cannot tell: a harmless extra record
  ];
  for (const [domain, destination, external] of scope) {
    it(`${destination} is ${external ? 'external' : 'internal'} for ${domain}`, () => {
      expect(isExternalDestination(domain, destination)).toBe(external);
    });
  }

  it('without a domain, no destination is judged', () => {
    expect(buildDmarc({ p: 'none', rua: ['x@qq.com'] }).authorizations).toEqual([]);
  });
});

describe('buildDmarc: per-field errors', () => {
  const cases: Array<{
    name: string;
    input: DmarcBuilderInput;
    code: string;
    field: string;
    index?: number;
  }> = [
    {
      name: 'no @',
      input: { p: 'none', rua: ['reports.example.com'] },
      code: 'composer/invalid-address',
      field: 'rua',
      index: 0,
    },
    {
      name: 'single-label host',
      input: { p: 'none', rua: ['a@localhost'] },
      code: 'composer/invalid-address',
      field: 'rua',
      index: 0,
    },
    {
      name: 'IP literal host',
      input: { p: 'none', ruf: ['a@192.0.2.1'] },
      code: 'composer/invalid-address',
      field: 'ruf',
      index: 0,
    },
    {
      name: 'space in the local part',
      input: { p: 'none', rua: ['ok@example.com', 'a b@example.com'] },
      code: 'composer/invalid-address',
      field: 'rua',
      index: 1,
    },
    {
      name: 'comma list typed into one field',
      input: { p: 'none', rua: ['a@example.com,b@example.com'] },
      code: 'composer/invalid-address',
      field: 'rua',
      index: 0,
    },
    {
      name: 'zero-width space',
      input: { p: 'none', rua: ['a@exa\u200bmple.com'] },
      code: 'composer/invalid-address',
      field: 'rua',
      index: 0,
    },
    {
      name: 'double dot in the local part',
      input: { p: 'none', rua: ['a..b@example.com'] },
      code: 'composer/invalid-address',
      field: 'rua',
      index: 0,
    },
    {
      name: 'bare mailto:',
      input: { p: 'none', rua: ['mailto:'] },
      code: 'composer/invalid-address',
      field: 'rua',
      index: 0,
    },
    { name: 'unknown policy', input: { p: 'block' as never }, code: 'composer/invalid-value', field: 'p' },
    { name: 'missing policy', input: {} as DmarcBuilderInput, code: 'composer/missing-value', field: 'p' },
    {
      name: 'unknown alignment',
      input: { p: 'none', adkim: 'x' as never },
      code: 'composer/invalid-value',
      field: 'adkim',
    },
    {
      name: 'unknown failure option',
      input: { p: 'none', fo: ['2' as never] },
      code: 'composer/invalid-value',
      field: 'fo',
    },
    {
      name: 'invalid domain',
      input: { domain: 'http://', p: 'none' },
      code: 'composer/invalid-domain',
      field: 'domain',
    },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.code} (RFC 9989 §4.7)`, () => {
      const built = buildDmarc(c.input);
      expect(built.content).toBeNull();
      const d = built.fieldDiagnostics.find((x) => x.code === c.code)!;
      expect(d).toMatchObject({ field: c.field, severity: 'error' });
      if (c.index !== undefined) expect(d.index).toBe(c.index);
      expect(parseDmarc(built.draft).diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    });
  }

  it('duplicate addresses are dropped with a note', () => {
    const built = buildDmarc({ p: 'none', rua: ['a@example.com', 'mailto:a@EXAMPLE.com'] });
    expect(built.content).toBe('v=DMARC1; p=none; rua=mailto:a@example.com');
    expect(built.fieldDiagnostics).toContainEqual(
      expect.objectContaining({ code: 'composer/duplicate-term', field: 'rua', index: 1 }),
    );
  });
});

describe('report addresses (RFC 6068 mailto, RFC 5322 addr-spec)', () => {
  const cases: Array<[string, string | null]> = [
    ['dmarc@chiqio.com', 'mailto:dmarc@chiqio.com'],
    ['MAILTO:Dmarc@Chiqio.COM', 'mailto:Dmarc@chiqio.com'],
    ['  dmarc@chiqio.com  ', 'mailto:dmarc@chiqio.com'],
    ['first.last+tag@example.com', 'mailto:first.last+tag@example.com'],
    ['a?b#c@example.com', 'mailto:a%3Fb%23c@example.com'],
    ['报告@例子.中国', null], // non-ASCII local parts are not offered
    ['dmarc@例子.中国', 'mailto:dmarc@xn--fsqu00a.xn--fiqs8s'],
    [`${'a'.repeat(65)}@example.com`, null],
    ['.a@example.com', null],
    ['a@_dmarc.example.com', null],
    ['%E0%A4%A@example.com', null],
  ];
  for (const [input, uri] of cases) {
    it(`${JSON.stringify(input)} → ${uri}`, () => {
      const check = checkReportAddress(input);
      expect(check.ok ? check.uri : null).toBe(uri);
    });
  }
});
