// parseBimi / formatBimi (draft-brand-indicators-for-message-identification-10 §4.3; tag-list
// syntax of RFC 6376 §3.2): one table feeds parsing, spans and the round trip.
import { describe, expect, it } from 'vitest';
import { formatBimi, hasErrors, parseBimi, type BimiRecord } from '../../src/lib/index.ts';

interface Row {
  spec: string;
  title: string;
  text: string;
  record: BimiRecord | null;
  codes: string[];
  spans?: Record<string, string>;
}

const LOGO = 'https://example.com/logo.svg';
const CERT = 'https://example.com/cert.pem';
const rec = (r: Partial<BimiRecord>): BimiRecord => ({
  version: 'BIMI1',
  location: LOGO,
  extensions: [],
  ...r,
});

const rows: Row[] = [
  {
    spec: 'draft §4.3',
    title: 'logo and certificate',
    text: `v=BIMI1; l=${LOGO}; a=${CERT}`,
    record: rec({ authority: CERT }),
    codes: [],
  },
  {
    spec: 'draft §4.3',
    title: 'blanks around "=" and ";" (tag-list FWS)',
    text: `  v = BIMI1 ;  l = ${LOGO}  ;  a = ${CERT}  `,
    record: rec({ authority: CERT }),
    codes: [],
  },
  {
    spec: 'draft §4.3',
    title: 'no a=: it is assumed empty',
    text: `v=BIMI1; l=${LOGO}`,
    record: rec({}),
    codes: ['bimi/no-evidence'],
  },
  {
    spec: 'draft §4.3',
    title: 'empty a=',
    text: `v=BIMI1; l=${LOGO}; a=`,
    record: rec({ authority: '' }),
    codes: ['bimi/no-evidence'],
    spans: { 'bimi/no-evidence': 'a=' },
  },
  {
    spec: 'draft §4.3.1',
    title: 'declination record',
    text: 'v=BIMI1; l=; a=;',
    record: rec({ location: '', authority: '' }),
    codes: ['bimi/declined'],
  },
  {
    spec: 'draft §4.3.1',
    title: 'declination without a=',
    text: 'v=BIMI1; l=;',
    record: rec({ location: '' }),
    codes: ['bimi/declined'],
  },
  {
    spec: 'draft §4.3',
    title: 'certificate without a logo location',
    text: `v=BIMI1; l=; a=${CERT}`,
    record: rec({ location: '', authority: CERT }),
    codes: ['bimi/location-empty'],
  },
  {
    spec: 'draft §4.3',
    title: 'avp and lps',
    text: `v=BIMI1; l=${LOGO}; a=${CERT}; avp=personal; lps=true`,
    record: rec({ authority: CERT, avatarPreference: 'personal', localPartSelector: true }),
    codes: [],
  },
  {
    spec: 'draft §4.3',
    title: 'unknown tags are ignored',
    text: `v=BIMI1; l=${LOGO}; a=${CERT}; x=y z`,
    record: rec({ authority: CERT, extensions: [{ name: 'x', value: 'y z' }] }),
    codes: ['bimi/unknown-tag'],
  },
  {
    spec: 'draft §4.3',
    title: 'avp other than brand/personal is ignored (warning)',
    text: `v=BIMI1; l=${LOGO}; a=${CERT}; avp=bogus`,
    record: rec({ authority: CERT }),
    codes: ['bimi/bad-avp'],
    spans: { 'bimi/bad-avp': 'bogus' },
  },
  {
    spec: 'draft §4.3',
    title: 'lps must be true or false',
    text: `v=BIMI1; l=${LOGO}; a=${CERT}; lps=news,billing`,
    record: null,
    codes: ['bimi/bad-lps'],
  },
  {
    spec: 'draft §4.3',
    title: 'missing l=',
    text: `v=BIMI1; a=${CERT}`,
    record: null,
    codes: ['bimi/missing-location'],
  },
  {
    spec: 'draft §4.3',
    title: 'http logo',
    text: `v=BIMI1; l=http://example.com/logo.svg; a=${CERT}`,
    record: null,
    codes: ['bimi/location-not-https'],
    spans: { 'bimi/location-not-https': 'http://example.com/logo.svg' },
  },
  {
    spec: 'draft §4.3',
    title: 'logo location that is not a URL',
    text: `v=BIMI1; l=logo.svg; a=${CERT}`,
    record: null,
    codes: ['bimi/bad-location'],
  },
  {
    spec: 'draft §4.3',
    title: 'logo host is not fully qualified',
    text: `v=BIMI1; l=https://localhost/logo.svg; a=${CERT}`,
    record: null,
    codes: ['bimi/bad-location'],
  },
  {
    spec: 'draft §4.3',
    title: 'two logo locations',
    text: `v=BIMI1; l=${LOGO},https://b.example.com/l.svg; a=${CERT}`,
    record: null,
    codes: ['bimi/location-multiple'],
  },
  {
    spec: 'draft §4.3.2',
    title: 'a PNG logo',
    text: `v=BIMI1; l=https://example.com/logo.png; a=${CERT}`,
    record: null,
    codes: ['bimi/location-not-svg'],
  },
  {
    spec: 'draft §4.3',
    title: 'http certificate',
    text: `v=BIMI1; l=${LOGO}; a=http://example.com/cert.pem`,
    record: null,
    codes: ['bimi/authority-not-https'],
  },
  {
    spec: 'draft §4.3',
    title: 'certificate location not a URL',
    text: `v=BIMI1; l=${LOGO}; a=cert.pem`,
    record: null,
    codes: ['bimi/bad-authority'],
  },
  {
    spec: 'draft §4.3',
    title: 'version must match precisely',
    text: `v=bimi1; l=${LOGO}; a=${CERT}`,
    record: null,
    codes: ['bimi/bad-version'],
    spans: { 'bimi/bad-version': 'bimi1' },
  },
  {
    spec: 'draft §4.3',
    title: 'BIMI2 is not this version',
    text: `v=BIMI2; l=${LOGO}; a=${CERT}`,
    record: null,
    codes: ['bimi/bad-version'],
  },
  {
    spec: 'draft §4.3',
    title: 'v= must come first',
    text: `l=${LOGO}; v=BIMI1; a=${CERT}`,
    record: null,
    codes: ['bimi/version-not-first'],
  },
  {
    spec: 'draft §4.3',
    title: 'missing v=',
    text: `l=${LOGO}; a=${CERT}`,
    record: null,
    codes: ['bimi/missing-version'],
  },
  {
    spec: 'RFC 6376 §3.2',
    title: 'tag names are case-sensitive',
    text: `V=BIMI1; L=${LOGO}`,
    record: null,
    codes: ['bimi/tag-case', 'bimi/tag-case'],
    spans: { 'bimi/tag-case': 'V' },
  },
  {
    spec: 'RFC 6376 §3.2',
    title: 'duplicate tag',
    text: `v=BIMI1; l=${LOGO}; l=https://b.example.com/b.svg; a=${CERT}`,
    record: rec({ authority: CERT }),
    codes: ['bimi/duplicate-tag'],
  },
  {
    spec: 'RFC 6376 §3.2',
    title: 'a part without "="',
    text: `v=BIMI1; junk; l=${LOGO}; a=${CERT}`,
    record: rec({ authority: CERT }),
    codes: ['bimi/malformed-tag'],
    spans: { 'bimi/malformed-tag': 'junk' },
  },
  {
    spec: 'RFC 6376 §3.2',
    title: 'bad tag name',
    text: `v=BIMI1; a@b=c; l=${LOGO}; a=${CERT}`,
    record: rec({ authority: CERT }),
    codes: ['bimi/bad-tag-name'],
  },
  {
    spec: 'RFC 6376 §3.2',
    title: 'empty tag',
    text: `v=BIMI1;; l=${LOGO}; a=${CERT}`,
    record: rec({ authority: CERT }),
    codes: ['bimi/empty-tag'],
  },
  { spec: 'general', title: 'empty text', text: '', record: null, codes: ['record/empty'] },
];

describe('parseBimi', () => {
  for (const row of rows) {
    it(`${row.title} (${row.spec})`, () => {
      const result = parseBimi(row.text);
      expect(result.record).toEqual(row.record);
      expect(result.diagnostics.map((d) => d.code).sort()).toEqual([...row.codes].sort());
      for (const [code, covered] of Object.entries(row.spans ?? {})) {
        const d = result.diagnostics.find((x) => x.code === code)!;
        expect(row.text.slice(d.span!.start, d.span!.end)).toBe(covered);
      }
    });
  }
});

describe('formatBimi (draft §4.3)', () => {
  for (const row of rows.filter((r) => r.record && !hasErrors(parseBimi(r.text).diagnostics))) {
    it(`parse(format(m)) = m: ${row.title}`, () => {
      expect(parseBimi(formatBimi(row.record!)).record).toEqual(row.record);
    });
  }
  it('writes the declination record as the draft shows it', () => {
    expect(formatBimi(rec({ location: '', authority: '' }))).toBe('v=BIMI1; l=; a=');
  });
});
