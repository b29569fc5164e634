// validateMxSet and mxTargetDiagnostics: checks over a whole MX RRset (RFC 5321 §5.1, RFC 7505 §3)
// and per target with DNS answers (RFC 2181 §10.3).
import { describe, expect, it } from 'vitest';
import { mxTargetDiagnostics, validateMxSet, type MxEntry } from '../../src/lib/index.ts';

const set: Array<{ spec: string; title: string; records: MxEntry[]; codes: string[] }> = [
  { spec: 'RFC 5321 §5.1', title: 'no MX at all is mx/missing', records: [], codes: ['mx/missing'] },
  {
    spec: 'RFC 5321 §5.1',
    title: 'the chiqio.com pair is clean',
    records: [
      { preference: 5, exchange: 'mxbiz1.qq.com' },
      { preference: 10, exchange: 'mxbiz2.qq.com.' },
    ],
    codes: [],
  },
  {
    spec: 'RFC 7505 §3',
    title: 'a lone null MX is info',
    records: [{ preference: 0, exchange: '.' }],
    codes: ['mx/null'],
  },
  {
    spec: 'RFC 7505 §3',
    title: 'DNS answers give the root as an empty name',
    records: [{ preference: 0, exchange: '' }],
    codes: ['mx/null'],
  },
  {
    spec: 'RFC 7505 §3',
    title: 'a null MX next to another MX is an error',
    records: [
      { preference: 0, exchange: '.' },
      { preference: 10, exchange: 'mx.example.com' },
    ],
    codes: ['mx/null-with-others'],
  },
  {
    spec: 'RFC 7505 §3',
    title: 'null MX with preference 10',
    records: [{ preference: 10, exchange: '.' }],
    codes: ['mx/null', 'mx/null-preference'],
  },
  {
    spec: 'RFC 1035 §3.3.9',
    title: 'an IP literal target',
    records: [{ preference: 10, exchange: '[192.0.2.1]' }],
    codes: ['mx/target-ip'],
  },
  {
    spec: 'RFC 5321 §2.3.5',
    title: 'an invalid host name',
    records: [{ preference: 10, exchange: 'mail server.example' }],
    codes: ['mx/invalid-target'],
  },
  {
    spec: 'RFC 1035 §3.3.9',
    title: 'preference out of range',
    records: [{ preference: 70000, exchange: 'mx.example.com' }],
    codes: ['mx/bad-preference'],
  },
  {
    spec: 'RFC 5321 §5.1',
    title: 'equal preferences are info (random choice among them)',
    records: [
      { preference: 10, exchange: 'a.example.com' },
      { preference: 10, exchange: 'b.example.com' },
    ],
    codes: ['mx/duplicate-preference'],
  },
  {
    spec: 'RFC 5321 §5.1',
    title: 'the same target twice (case and trailing dot ignored)',
    records: [
      { preference: 10, exchange: 'MX.example.com.' },
      { preference: 20, exchange: 'mx.example.com' },
    ],
    codes: ['mx/duplicate-target'],
  },
];

describe('validateMxSet', () => {
  for (const row of set) {
    it(`${row.title} (${row.spec})`, () => {
      expect(
        validateMxSet(row.records)
          .map((d) => d.code)
          .sort(),
      ).toEqual([...row.codes].sort());
    });
  }
  it('severities follow the catalog: null info, null-with-others error (RFC 7505 §3)', () => {
    expect(validateMxSet([{ preference: 0, exchange: '.' }])[0].severity).toBe('info');
    const mixed = validateMxSet([
      { preference: 0, exchange: '.' },
      { preference: 1, exchange: 'a.example' },
    ]);
    expect(mixed.find((d) => d.code === 'mx/null-with-others')?.severity).toBe('error');
    expect(mixed.find((d) => d.code === 'mx/null-with-others')?.params).toEqual({ count: 1 });
  });
});

describe('mxTargetDiagnostics', () => {
  const rows: Array<{
    spec: string;
    title: string;
    exchange: string;
    lookup?: Parameters<typeof mxTargetDiagnostics>[1];
    codes: string[];
  }> = [
    {
      spec: 'RFC 2181 §10.3',
      title: 'a CNAME target',
      exchange: 'mail.example.com',
      lookup: { cname: 'ghs.example.net.', addresses: 1 },
      codes: ['mx/target-cname'],
    },
    {
      spec: 'RFC 5321 §5.1',
      title: 'a target without addresses',
      exchange: 'mail.example.com',
      lookup: { addresses: 0 },
      codes: ['mx/target-no-address'],
    },
    {
      spec: 'RFC 5321 §5.1',
      title: 'a good target',
      exchange: 'mail.example.com',
      lookup: { cname: null, addresses: 2 },
      codes: [],
    },
    { spec: 'RFC 5321 §5.1', title: 'not looked up yet', exchange: 'mail.example.com', codes: [] },
    {
      spec: 'RFC 1035 §3.3.9',
      title: 'an IP literal, no lookup needed',
      exchange: '192.0.2.1',
      codes: ['mx/target-ip'],
    },
    { spec: 'RFC 7505 §3', title: 'the null MX has no target to check', exchange: '.', codes: [] },
  ];
  for (const row of rows) {
    it(`${row.title} (${row.spec})`, () => {
      expect(mxTargetDiagnostics(row.exchange, row.lookup).map((d) => d.code)).toEqual(row.codes);
    });
  }
  it('names the alias target in params (RFC 2181 §10.3)', () => {
    expect(mxTargetDiagnostics('mail.example.com.', { cname: 'ghs.example.net.' })[0].params).toEqual({
      target: 'mail.example.com',
      cname: 'ghs.example.net',
    });
  });
});
