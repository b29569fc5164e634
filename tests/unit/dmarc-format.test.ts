// formatDmarc and parseDmarc from one table (docs/decisions.md: one table feeds both directions):
// formatDmarc(model) gives the text, parseDmarc(text).record gives the model back (RFC 9989 §4.8).
import { describe, expect, it } from 'vitest';
import { formatDmarc, parseDmarc, type DmarcRecord } from '../../src/lib/index.ts';

const rows: Array<{ spec: string; model: DmarcRecord; text: string }> = [
  {
    spec: 'RFC 9989 §4.7',
    model: { p: 'none', rua: [{ uri: 'mailto:mailauth-reports@qq.com' }] },
    text: 'v=DMARC1; p=none; rua=mailto:mailauth-reports@qq.com',
  },
  {
    spec: 'RFC 9989 §4.7',
    model: {
      p: 'reject',
      sp: 'quarantine',
      np: 'reject',
      psd: 'n',
      t: 'y',
      adkim: 's',
      aspf: 's',
      rua: [{ uri: 'mailto:a@example.com' }, { uri: 'mailto:b@example.net' }],
      ruf: [{ uri: 'mailto:f@example.com' }],
      fo: ['1', 'd', 's'],
    },
    text: 'v=DMARC1; p=reject; sp=quarantine; np=reject; psd=n; t=y; adkim=s; aspf=s; rua=mailto:a@example.com,mailto:b@example.net; ruf=mailto:f@example.com; fo=1:d:s',
  },
  {
    spec: 'RFC 9989 §4.8 (obs-dmarc-report-size)',
    model: {
      p: 'quarantine',
      rua: [
        { uri: 'mailto:a@example.com', size: { value: 10, unit: 'm' } },
        { uri: 'mailto:b@example.com', size: { value: 5 } },
      ],
    },
    text: 'v=DMARC1; p=quarantine; rua=mailto:a@example.com!10m,mailto:b@example.com!5',
  },
  {
    spec: 'RFC 9989 Appendix C.5.2 (removed tags kept as written)',
    model: { p: 'reject', pct: '50', rf: 'afrf', ri: '86400' },
    text: 'v=DMARC1; p=reject; pct=50; rf=afrf; ri=86400',
  },
  {
    spec: 'RFC 9989 §4.7 (unknown tags last, as written)',
    model: { p: 'none', unknown: [{ name: 'Future', value: 'x y' }] },
    text: 'v=DMARC1; p=none; Future=x y',
  },
  {
    spec: 'RFC 9989 §4.10.1 (no p=)',
    model: { rua: [{ uri: 'mailto:a@example.com' }] },
    text: 'v=DMARC1; rua=mailto:a@example.com',
  },
  {
    spec: 'RFC 9989 §4.8 (an invalid value is written back as typed)',
    model: { invalid: [{ name: 'p', value: 'rejekt' }], rua: [{ uri: 'mailto:a@example.com' }] },
    text: 'v=DMARC1; p=rejekt; rua=mailto:a@example.com',
  },
];

describe('formatDmarc ⇄ parseDmarc', () => {
  for (const row of rows) {
    it(`formats ${row.text} (${row.spec})`, () => {
      expect(formatDmarc(row.model)).toBe(row.text);
    });
    it(`parses ${row.text} back to the model (${row.spec})`, () => {
      expect(parseDmarc(row.text).record).toEqual(row.model);
    });
  }

  it('always writes v=DMARC1 first and p= second (RFC 9989 §4.7, RFC 7489 §6.4)', () => {
    const text = formatDmarc({ ruf: [{ uri: 'mailto:f@example.com' }], fo: ['1'], aspf: 's', p: 'reject' });
    expect(text.startsWith('v=DMARC1; p=reject;')).toBe(true);
    expect(parseDmarc(text).diagnostics.some((d) => d.code === 'dmarc/policy-not-second')).toBe(false);
  });
});
