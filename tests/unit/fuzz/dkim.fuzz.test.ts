// Property tests for DKIM key records (RFC 6376 §3.2, §3.6.1; RFC 8463): parseDkimKey and
// repairDkimKey never throw on any string (control and invisible characters, 10 KB inputs),
// inspectDkimKey always resolves whatever the bytes of p=, and parseDkimKey(formatDkimKey(m)) gives
// back m. Generators are checked to reach the interesting paths. FUZZ_RUNS raises the budget.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatDkimKey,
  inspectDkimKey,
  isCode,
  parseDkimKey,
  repairDkimKey,
  type DkimKeyRecord,
} from '../../../src/lib/index.ts';
import { decodeBase64, encodeBase64 } from '../../../src/lib/dkim/base64.ts';

const numRuns = Number(process.env.FUZZ_RUNS ?? 300);

/** RFC 8463 Appendix A.2 keys: a 1024-bit RSA SubjectPublicKeyInfo and an Ed25519 key. */
const RSA =
  'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB';
const ED25519 = '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';
const RSA_BYTES = (decodeBase64(RSA) as { bytes: Uint8Array }).bytes;

const INVISIBLE = ['\u200b', '\ufeff', '\u202e', '\u00a0', '；', '\u0000', '\r\n', '\t', '"', '" "', '\\;'];
const TAGS = [
  'v=DKIM1',
  'v=dkim1',
  'V=DKIM1',
  'k=rsa',
  'k=ed25519',
  'k=ed25519-sha256',
  'h=sha256',
  'h=sha1',
  'h=sha1:sha 256',
  's=email',
  's=tlsrpt',
  't=y',
  't=s:x',
  'n=notes',
  `p=${RSA}`,
  `p=${RSA.slice(0, 80)} ${RSA.slice(80)}`,
  `p=${RSA.slice(0, 80)}""${RSA.slice(80)}`,
  `p=${RSA.slice(0, -4)}`,
  `p=${ED25519}`,
  'p=',
  'p=bm90LWEta2V5',
  'g=*',
  'omgwhatsgoingon',
];
const piece = fc.oneof(
  { arbitrary: fc.constantFrom(...TAGS), weight: 8 },
  { arbitrary: fc.constantFrom(...INVISIBLE), weight: 1 },
  { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
);
const nearRecord = fc
  .array(fc.tuple(piece, fc.constantFrom(';', '; ', ';;', ' ', '')), { maxLength: 10 })
  .map((parts) => parts.map(([p, s]) => p + s).join(''));
const anyText = fc.oneof(
  { arbitrary: nearRecord, weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 300 }), weight: 2 },
  { arbitrary: fc.string({ minLength: 10_000, maxLength: 10_240 }), weight: 1 },
);

// ── valid models ───────────────────────────────────────────────────────────────────────────────
const word = fc.stringMatching(/^[A-Za-z0-9*][A-Za-z0-9*-]{0,9}$/);
const note = fc.stringMatching(/^[\x21-\x3a\x3c-\x7e](?:[\x20-\x3a\x3c-\x7e]{0,20}[\x21-\x3a\x3c-\x7e])?$/);
const key = fc.oneof(
  fc.constant(''),
  fc.constantFrom(RSA, ED25519),
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map(encodeBase64),
);
const model: fc.Arbitrary<DkimKeyRecord> = fc.record(
  {
    v: fc.constant('DKIM1' as const),
    k: fc.constantFrom('rsa', 'ed25519' as const),
    h: fc.array(word, { minLength: 1, maxLength: 3 }),
    s: fc.array(word, { minLength: 1, maxLength: 3 }),
    t: fc.array(word, { minLength: 1, maxLength: 3 }),
    n: note,
    p: key,
    unknown: fc.uniqueArray(fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9_]{1,8}$/), value: note }), {
      minLength: 1,
      maxLength: 3,
      selector: (t) => t.name,
    }),
  },
  { requiredKeys: ['p'] },
);

/** Real keys with bytes flipped, cut, or appended: the DER reader's hard cases. */
const damagedKey = fc
  .tuple(
    fc.nat({ max: RSA_BYTES.length - 1 }),
    fc.integer({ min: 0, max: 255 }),
    fc.constantFrom('flip', 'cut', 'append'),
  )
  .map(([at, byte, how]) => {
    const bytes = Uint8Array.from(RSA_BYTES);
    if (how === 'flip') bytes[at] = byte;
    if (how === 'cut') return encodeBase64(bytes.subarray(0, at));
    if (how === 'append') return encodeBase64(Uint8Array.from([...bytes, byte]));
    return encodeBase64(bytes);
  });

describe('DKIM key record properties (RFC 6376 §3.6.1)', () => {
  it('parseDkimKey and repairDkimKey never throw; diagnostics are catalog codes with spans inside the text', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(anyText, (text) => {
        const result = parseDkimKey(text);
        for (const d of result.diagnostics) {
          expect(isCode(d.code)).toBe(true);
          if (d.span)
            expect(0 <= d.span.start && d.span.start <= d.span.end && d.span.end <= text.length).toBe(true);
          seen.set(d.code, (seen.get(d.code) ?? 0) + 1);
        }
        if (result.record) expect(() => formatDkimKey(result.record!)).not.toThrow();
        const repaired = repairDkimKey(text);
        if (repaired.record !== null) {
          // A repaired record never keeps quotes or whitespace inside its key.
          expect(repaired.key ?? '').not.toMatch(/["\s]/);
          if (repaired.repairs.length > 0) seen.set('repaired', (seen.get('repaired') ?? 0) + 1);
        }
      }),
      { numRuns },
    );
    for (const code of [
      'record/empty',
      'record/invisible-character',
      'dkim/syntax-error',
      'dkim/duplicate-tag',
      'dkim/missing-key',
      'dkim/invalid-version',
      'dkim/unknown-key-type',
      'dkim/key-damaged',
      'dkim/key-revoked',
      'dkim/tag-name-case',
      'repaired',
    ]) {
      expect(seen.get(code) ?? 0, `${code} never reached`).toBeGreaterThan(numRuns / 100);
    }
  });

  it('inspectDkimKey resolves for any p= bytes, and names a reason for every damaged key', async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          damagedKey,
          fc.uint8Array({ maxLength: 600 }).map(encodeBase64),
          fc.string({ maxLength: 60 }),
        ),
        fc.constantFrom('rsa', 'ed25519' as const),
        async (p, k) => {
          const info = await inspectDkimKey({ k, p });
          for (const d of info.diagnostics) {
            expect(isCode(d.code)).toBe(true);
            if (d.code === 'dkim/key-damaged') expect(typeof d.params?.reason).toBe('string');
          }
          const outcome = info.diagnostics[0]?.params?.reason ?? info.diagnostics[0]?.code ?? 'clean';
          outcomes.set(String(outcome), (outcomes.get(String(outcome)) ?? 0) + 1);
        },
      ),
      { numRuns },
    );
    for (const outcome of ['truncated', 'trailing-data', 'not-a-key', 'not-base64', 'dkim/key-weak']) {
      expect(outcomes.get(outcome) ?? 0, `${outcome} never reached`).toBeGreaterThan(0);
    }
  });

  it('parseDkimKey(formatDkimKey(m)) gives back m', () => {
    let revoked = 0;
    let withUnknown = 0;
    fc.assert(
      fc.property(model, (m) => {
        const result = parseDkimKey(formatDkimKey(m));
        expect(result.record).toEqual(m);
        expect(
          result.diagnostics.filter((d) =>
            /syntax|duplicate|version|missing-key|unknown-key-type/.test(d.code),
          ),
        ).toEqual([]);
        if (m.p === '') revoked++;
        if (m.unknown) withUnknown++;
      }),
      { numRuns },
    );
    expect(revoked).toBeGreaterThan(numRuns / 20);
    expect(withUnknown).toBeGreaterThan(numRuns / 10);
  });
});
