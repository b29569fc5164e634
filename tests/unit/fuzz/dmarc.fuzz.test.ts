// Property tests for the DMARC parser (RFC 9989 §4.7, §4.8): it never throws on any string (control
// and invisible characters, 10 KB inputs), its diagnostics are well-formed, and
// parseDmarc(formatDmarc(m)) gives back m for generated valid models. The generators are checked to
// reach the interesting paths, so the properties cannot hold vacuously. FUZZ_RUNS raises the budget.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatDmarc,
  isCode,
  parseDmarc,
  selectDmarcRecord,
  type DmarcRecord,
  type DmarcUri,
} from '../../../src/lib/index.ts';

const numRuns = Number(process.env.FUZZ_RUNS ?? 300);

// ── pieces of real and broken records ──────────────────────────────────────────────────────────
const INVISIBLE = [
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u202e',
  '\u00a0',
  '\u3000',
  '；',
  '＝',
  '\u0000',
  '\u0007',
  '\r\n',
  '\t',
];
const TAGS = [
  'v=DMARC1',
  'V=DMARC1',
  'v=dmarc1',
  'v=DMARC12',
  'p=none',
  'p=quarantine',
  'p=Reject',
  'p=rejekt',
  'p=',
  'sp=none',
  'np=reject',
  'psd=y',
  'psd=maybe',
  't=y',
  'adkim=s',
  'aspf=x',
  'rua=mailto:a@example.com',
  'rua=mailto:a@example.com!10m,mailto:b@example.net',
  'rua=reports@example.com',
  'rua=mailto://example.com',
  'rua=https://example.com/r',
  'rua=mailto:a@example.com!10p',
  'ruf=mailto:f@example.com',
  'fo=0:1:d:s',
  'fo=x',
  'pct=150',
  'rf=afrf',
  'ri=86400',
  'fo:0',
  'sp-none',
  'bogus',
  '=value',
  'rau=mailto:a@example.com',
  'xyz=1',
  '”',
];
const SEPARATORS = [';', '; ', ' ; ', ';;', '\t;', ' ', ''];

const piece = fc.oneof(
  { arbitrary: fc.constantFrom(...TAGS), weight: 8 },
  { arbitrary: fc.constantFrom(...INVISIBLE), weight: 1 },
  { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
);
/** Records built from real tags, separators, invisible characters and junk. */
const nearRecord = fc
  .array(fc.tuple(piece, fc.constantFrom(...SEPARATORS)), { maxLength: 12 })
  .map((parts) => parts.map(([p, s]) => p + s).join(''));

const anyText = fc.oneof(
  { arbitrary: nearRecord, weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }), weight: 1 },
  { arbitrary: fc.string({ minLength: 10_000, maxLength: 10_240 }), weight: 1 },
);

// ── valid models ───────────────────────────────────────────────────────────────────────────────
const policy = fc.constantFrom('none', 'quarantine', 'reject' as const);
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
const host = fc.tuple(label, label, fc.constantFrom('com', 'net', 'cn', 'org')).map((l) => l.join('.'));
const local = fc.stringMatching(/^[a-zA-Z0-9._+-]{1,16}$/);
const uri: fc.Arbitrary<DmarcUri> = fc
  .record(
    {
      uri: fc.oneof(
        fc.tuple(local, host).map(([l, h]) => `mailto:${l}@${h}`),
        host.map((h) => `https://${h}/dmarc`),
      ),
      size: fc.record(
        { value: fc.nat({ max: 100_000 }), unit: fc.constantFrom('k', 'm', 'g', 't' as const) },
        { requiredKeys: ['value'] },
      ),
    },
    { requiredKeys: ['uri'] },
  )
  .map((u) => u as DmarcUri);
/** dmarc-value characters without ";" or leading/trailing whitespace. */
const rawValue = fc.stringMatching(
  /^[\x21-\x3a\x3c-\x7e](?:[\x20-\x3a\x3c-\x7e]{0,14}[\x21-\x3a\x3c-\x7e])?$/,
);

const model: fc.Arbitrary<DmarcRecord> = fc.record(
  {
    p: policy,
    sp: policy,
    np: policy,
    psd: fc.constantFrom('y', 'n', 'u' as const),
    t: fc.constantFrom('y', 'n' as const),
    adkim: fc.constantFrom('r', 's' as const),
    aspf: fc.constantFrom('r', 's' as const),
    rua: fc.array(uri, { minLength: 1, maxLength: 3 }),
    ruf: fc.array(uri, { minLength: 1, maxLength: 2 }),
    fo: fc.uniqueArray(fc.constantFrom('0', '1', 'd', 's' as const), { minLength: 1 }),
    pct: fc.nat({ max: 100 }).map(String),
    rf: fc.constantFrom('afrf', 'iodef', 'afrf:iodef'),
    ri: fc.nat().map(String),
    unknown: fc.uniqueArray(fc.record({ name: fc.stringMatching(/^x[a-z0-9_]{0,8}$/), value: rawValue }), {
      minLength: 1,
      maxLength: 3,
      selector: (t) => t.name,
    }),
  },
  { requiredKeys: [] },
);

describe('parseDmarc properties (RFC 9989 §4.8)', () => {
  it('never throws, and every diagnostic is a catalog code with a span inside the text', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(anyText, (text) => {
        const result = parseDmarc(text);
        for (const d of result.diagnostics) {
          expect(isCode(d.code)).toBe(true);
          expect(['error', 'warning', 'info']).toContain(d.severity);
          if (d.span) {
            expect(0 <= d.span.start && d.span.start <= d.span.end && d.span.end <= text.length).toBe(true);
          }
          seen.set(d.code, (seen.get(d.code) ?? 0) + 1);
        }
        if (result.record) expect(() => formatDmarc(result.record!)).not.toThrow();
        expect(() => selectDmarcRecord([[text], text.split(';')])).not.toThrow();
      }),
      { numRuns },
    );
    // The generated inputs reached the paths under test.
    for (const code of [
      'record/empty',
      'record/invisible-character',
      'dmarc/not-dmarc',
      'dmarc/invalid-version',
      'dmarc/missing-version',
      'dmarc/syntax-error',
      'dmarc/tag-separator',
      'dmarc/duplicate-tag',
      'dmarc/invalid-policy',
      'dmarc/invalid-value',
      'dmarc/invalid-uri',
      'dmarc/removed-tag',
      'dmarc/unknown-tag',
      'dmarc/no-effective-policy',
    ]) {
      expect(seen.get(code) ?? 0, `${code} never reached`).toBeGreaterThan(numRuns / 100);
    }
  });

  it('parseDmarc(formatDmarc(m)) gives back m, without syntax problems', () => {
    let withRua = 0;
    let withUnknown = 0;
    let withSize = 0;
    fc.assert(
      fc.property(model, (m) => {
        const text = formatDmarc(m);
        const result = parseDmarc(text);
        expect(result.record).toEqual(m);
        const syntax = result.diagnostics.filter((d) =>
          /syntax|separator|duplicate|invalid|version|not-dmarc/.test(d.code),
        );
        expect(syntax).toEqual([]);
        if (m.rua) withRua++;
        if (m.unknown) withUnknown++;
        if (m.rua?.some((u) => u.size)) withSize++;
      }),
      { numRuns },
    );
    expect(withRua).toBeGreaterThan(numRuns / 10);
    expect(withUnknown).toBeGreaterThan(numRuns / 10);
    expect(withSize).toBeGreaterThan(numRuns / 20);
  });
});
