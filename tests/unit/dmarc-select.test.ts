// selectDmarcRecord: the whole TXT answer at _dmarc (RFC 9989 §4.10 steps 2 and 6).
import { describe, expect, it } from 'vitest';
import { selectDmarcRecord } from '../../src/lib/index.ts';

const rows: Array<{
  spec: string;
  name: string;
  txt: string[][];
  record: string | null;
  codes: string[];
  severity?: Record<string, string>;
}> = [
  {
    spec: '§4.10 step 2',
    name: 'one record',
    txt: [['v=DMARC1; p=reject']],
    record: 'v=DMARC1; p=reject',
    codes: [],
  },
  { spec: '§4.10 step 2', name: 'no TXT at all', txt: [], record: null, codes: [] },
  {
    spec: '§4.10 step 2',
    name: 'non-DMARC TXT records are discarded',
    txt: [['google-site-verification=abc'], ['v=DMARC1; p=none'], ['v=spf1 -all']],
    record: 'v=DMARC1; p=none',
    codes: [],
  },
  {
    spec: '§4.10 step 2',
    name: 'two DMARC records: all discarded',
    txt: [['v=DMARC1; p=reject'], ['v=DMARC1; p=none']],
    record: null,
    codes: ['dmarc/multiple-records'],
  },
  {
    spec: 'RFC 7208 §3.3 (strings joined without separator)',
    name: 'one record in several character-strings',
    txt: [['v=DMARC1; p=re', 'ject; rua=mailto:a@example.com']],
    record: 'v=DMARC1; p=reject; rua=mailto:a@example.com',
    codes: [],
  },
  {
    spec: '§4.8 dmarc-version',
    name: 'upper-case tag name V is still DMARC',
    txt: [['V=DMARC1; p=none']],
    record: 'V=DMARC1; p=none',
    codes: [],
  },
  {
    spec: '§4.10 step 2',
    name: 'leading whitespace: not identified (error when it is the only one)',
    txt: [[' v=DMARC1; p=reject']],
    record: null,
    codes: ['dmarc/not-identified'],
    severity: { 'dmarc/not-identified': 'error' },
  },
  {
    spec: '§4.8 %s"DMARC1"',
    name: 'v=dmarc1 beside a proper record: warning',
    txt: [['v=DMARC1; p=reject'], ['v=dmarc1; p=none']],
    record: 'v=DMARC1; p=reject',
    codes: ['dmarc/not-identified'],
    severity: { 'dmarc/not-identified': 'warning' },
  },
  {
    spec: '§4.10 step 2',
    name: 'v=DMARC12 is another version',
    txt: [['v=DMARC12; p=reject']],
    record: null,
    codes: ['dmarc/not-identified'],
  },
];

describe('selectDmarcRecord (RFC 9989)', () => {
  for (const row of rows) {
    it(`${row.name} (RFC 9989 ${row.spec})`, () => {
      const s = selectDmarcRecord(row.txt, { name: '_dmarc.example.com' });
      expect(s.record).toBe(row.record);
      expect(s.diagnostics.map((d) => d.code)).toEqual(row.codes);
      for (const [code, severity] of Object.entries(row.severity ?? {})) {
        expect(s.diagnostics.find((d) => d.code === code)?.severity).toBe(severity);
      }
      expect(s.records.length + s.ignored.length).toBe(row.txt.length);
    });
  }

  it('names the record set in the multiple-records diagnostic (RFC 9989 §4.10)', () => {
    const s = selectDmarcRecord([['v=DMARC1; p=reject'], ['v=DMARC1; p=none'], ['v=DMARC1; p=quarantine']], {
      name: '_dmarc.chiqio.com',
    });
    expect(s.diagnostics[0].params).toEqual({ name: '_dmarc.chiqio.com', count: 3 });
    expect(s.records).toHaveLength(3);
  });
});
