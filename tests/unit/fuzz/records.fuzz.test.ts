// Property tests for the MX, MTA-STS, TLS-RPT and BIMI parsers: they never throw on any string
// (control and invisible characters, 10 KB inputs), report in-range spans and catalog codes, and
// parse(format(m)) round-trips models built from the grammars (RFC 1035 §3.3.9, RFC 8461 §3,
// RFC 8460 §3, draft-brand-indicators-for-message-identification-10 §4.3). FUZZ_RUNS raises the
// budget (`npm run fuzz`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CODES,
  formatBimi,
  formatMtaStsPolicy,
  formatMtaStsTxt,
  formatMx,
  formatTlsRpt,
  hasErrors,
  parseBimi,
  parseMtaStsPolicy,
  parseMtaStsTxt,
  parseMx,
  parseTlsRpt,
  validateMxSet,
  type BimiRecord,
  type Diagnostic,
  type MtaStsPolicy,
  type MtaStsRecord,
  type MxRecord,
  type TlsRptRecord,
} from '../../../src/lib/index.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

type Parse = (text: string) => { record: unknown; diagnostics: Diagnostic[] };
const PARSERS: Record<string, Parse> = {
  mx: (t) => parseMx(t),
  'mta-sts': parseMtaStsTxt,
  'mta-sts-policy': parseMtaStsPolicy,
  'tls-rpt': parseTlsRpt,
  bimi: parseBimi,
};

// ── model generators from the grammars ───────────────────────────────────────
const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
const ldhLabel = fc
  .tuple(
    alnum,
    fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), { maxLength: 12 }),
    alnum,
  )
  .map(([a, mid, z]) => (mid.length ? `${a}${mid.join('')}${z}` : `${a}`));
// The last label is alphabetic: a numeric top-level label makes URL parsers read an IPv4 address.
const tld = fc
  .array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), { minLength: 2, maxLength: 6 })
  .map((c) => c.join(''));
const host = fc
  .tuple(fc.array(ldhLabel, { minLength: 1, maxLength: 3 }), tld)
  .map(([l, t]) => [...l, t].join('.'));
// RFC 8461 §3.1 sts-ext-name / sts-ext-value
const extName = fc
  .tuple(alnum, fc.array(fc.constantFrom(...'abcXYZ019_-.'), { maxLength: 31 }))
  .map(([a, rest]) => a + rest.join(''))
  .filter((n) => !['id', 'rua', 'v'].includes(n.toLowerCase()));
const extValue = fc
  .array(fc.constantFrom(...'aZ9!:<>~%,/'), { minLength: 1, maxLength: 12 })
  .map((c) => c.join(''));
const extensions = fc.uniqueArray(fc.record({ name: extName, value: extValue }), {
  selector: (e) => e.name,
  maxLength: 3,
});

const mxRecord: fc.Arbitrary<MxRecord> = fc.oneof(
  fc.record({ preference: fc.integer({ min: 0, max: 65535 }), exchange: host }),
  fc.constant({ preference: 0, exchange: '.' }),
);
const stsRecord: fc.Arbitrary<MtaStsRecord> = fc.record({
  version: fc.constant('STSv1' as const),
  id: fc.array(alnum, { minLength: 1, maxLength: 32 }).map((c) => c.join('')),
  extensions,
});
const policyExtName = extName.filter((n) => !['version', 'mode', 'max_age', 'mx'].includes(n.toLowerCase()));
const policyExtValue = fc
  .tuple(
    fc.constantFrom('a', '中', '!', 'Z'),
    fc.array(fc.constantFrom('a', ' ', '中', '=', ';', '😀'), { maxLength: 10 }),
    fc.constantFrom('b', '9', 'é'),
  )
  .map(([a, mid, z]) => a + mid.join('') + z);
const stsPolicy: fc.Arbitrary<MtaStsPolicy> = fc
  .record({
    version: fc.constant('STSv1' as const),
    mode: fc.constantFrom('enforce' as const, 'testing' as const, 'none' as const),
    maxAge: fc.integer({ min: 0, max: 31557600 }),
    mx: fc.array(
      fc.oneof(
        host,
        host.map((h) => `*.${h}`),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    extensions: fc.uniqueArray(fc.record({ name: policyExtName, value: policyExtValue }), {
      selector: (e) => e.name,
      maxLength: 3,
    }),
  })
  .map((p) => (p.mode === 'none' && p.maxAge % 2 === 0 ? { ...p, mx: [] } : p));
const path = fc
  .array(fc.constantFrom('a', 'b', '1', '-', '%2C', '_'), { minLength: 1, maxLength: 8 })
  .map((c) => c.join(''));
const tlsRpt: fc.Arbitrary<TlsRptRecord> = fc.record({
  version: fc.constant('TLSRPTv1' as const),
  rua: fc.array(
    fc.oneof(
      fc.tuple(path, host).map(([l, h]) => `mailto:${l}@${h}`),
      fc.tuple(host, path).map(([h, p]) => `https://${h}/${p}`),
    ),
    {
      minLength: 1,
      maxLength: 3,
    },
  ),
  extensions,
});
const bimiTagName = fc
  .tuple(
    fc.constantFrom(...'bcdefghijkmnoqrstuwxyz'),
    fc.array(fc.constantFrom(...'abc019_'), { maxLength: 6 }),
  )
  .map(([a, r]) => a + r.join(''))
  .filter((n) => !['avp', 'lps'].includes(n));
const bimiValue = fc
  .tuple(
    fc.constantFrom('a', '=', 'Z', '/'),
    fc.array(fc.constantFrom('a', ' ', '=', ':', '9'), { maxLength: 8 }),
    fc.constantFrom('b', '9', '='),
  )
  .map(([a, mid, z]) => a + mid.join('') + z);
const bimi: fc.Arbitrary<BimiRecord> = fc
  .record(
    {
      version: fc.constant('BIMI1' as const),
      location: fc.oneof(
        fc.constant(''),
        fc.tuple(host, path).map(([h, p]) => `https://${h}/${p}.svg`),
      ),
      authority: fc.oneof(
        fc.constant(''),
        fc.tuple(host, path).map(([h, p]) => `https://${h}/${p}.pem`),
      ),
      avatarPreference: fc.constantFrom('brand' as const, 'personal' as const),
      localPartSelector: fc.boolean(),
      extensions: fc.uniqueArray(fc.record({ name: bimiTagName, value: bimiValue }), {
        selector: (e) => e.name,
        maxLength: 3,
      }),
    },
    { requiredKeys: ['version', 'location', 'extensions'] },
  )
  .map((r) => r as BimiRecord);

// ── text generators: pieces of each grammar, glued with hostile characters ───
const HOSTILE = [
  '\r',
  '\n',
  '\r\n',
  '\t',
  '\0',
  '\u0007',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u200e',
  '\u00a0',
  '\u3000',
  '\ufeff',
  '；',
  '＝',
  '中',
  '😀',
  '\ud800',
  'é',
];
const PIECES: Record<string, string[]> = {
  mx: [
    '0',
    '10',
    '65535',
    '65536',
    '-1',
    ' ',
    '  ',
    '.',
    'mx',
    'MX',
    'IN',
    '3600',
    'example.com',
    'mx.example.com.',
    'a_b',
    '-x',
    '192.0.2.1',
    '[192.0.2.1]',
    '::1',
    'https://',
    ';',
  ],
  'mta-sts': [
    'v=STSv1',
    'v=',
    'STSv1',
    'STSv2',
    'V',
    ';',
    '; ',
    ' ;',
    ';;',
    'id=',
    'id',
    'ID=',
    '20240101',
    'a'.repeat(33),
    'ext=',
    'x',
    '=',
    '==',
    '-',
    '_',
    '.',
    ' ',
    '\t',
  ],
  'mta-sts-policy': [
    'version',
    'version:',
    ' STSv1',
    'STSv1',
    'mode:',
    'enforce',
    'testing',
    'none',
    'Mode',
    'max_age:',
    '86400',
    '31557601',
    '01234567890',
    'mx:',
    ' mail.example.com',
    '*.example.com',
    '*.*.x',
    'møx',
    'ext: v a l',
    ':',
    ' ',
    '\t',
    '\n',
    '\r\n',
    '\n\n',
  ],
  'tls-rpt': [
    'v=TLSRPTv1',
    'v=',
    'TLSRPTv2',
    ';',
    '; ',
    ';;',
    'rua=',
    'RUA=',
    'mailto:',
    'a@example.com',
    'https://',
    'r.example.com/x',
    'http://',
    ',',
    ' , ',
    '%',
    '%2C',
    '%zz',
    '!',
    'ext=1',
    '=',
    ' ',
    '\t',
  ],
  bimi: [
    'v=BIMI1',
    'v=',
    'bimi1',
    'BIMI2',
    'V=',
    ';',
    '; ',
    ';;',
    'l=',
    'L=',
    'a=',
    'https://',
    'http://',
    'example.com',
    '/logo.svg',
    '/logo.png',
    '/cert.pem',
    ',',
    'avp=',
    'brand',
    'personal',
    'bogus',
    'lps=',
    'true',
    'news',
    'x=y',
    '=',
    ' ',
    '@',
  ],
};
/** Valid records of each kind as text, to be used whole and mutated. */
const VALID: Record<string, fc.Arbitrary<string>> = {
  mx: mxRecord.map((m) => formatMx(m)),
  'mta-sts': stsRecord.map(formatMtaStsTxt),
  'mta-sts-policy': stsPolicy.map((p) => formatMtaStsPolicy(p)),
  'tls-rpt': tlsRpt.map(formatTlsRpt),
  bimi: bimi.map(formatBimi),
};
/** A valid record with a piece inserted or a span deleted somewhere. */
const mutated = (kind: string) =>
  fc
    .tuple(VALID[kind], fc.nat(), fc.nat({ max: 4 }), fc.constantFrom('', ...PIECES[kind], ...HOSTILE))
    .map(([text, at, cut, piece]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + piece + text.slice(i + cut);
    });
const textFor = (kind: string) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .array(fc.constantFrom(...PIECES[kind], ...HOSTILE), { maxLength: 30 })
        .map((p) => p.join('')),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 100 }) },
    { weight: 1, arbitrary: VALID[kind] },
    { weight: 3, arbitrary: mutated(kind) },
  );

function check(parse: Parse, text: string, seen: Map<string, number>): void {
  const r = parse(text);
  expect(Array.isArray(r.diagnostics)).toBe(true);
  for (const d of r.diagnostics) {
    // Plain checks first: one expect per diagnostic is too slow for 10 KB inputs.
    const inRange = !d.span || (d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length);
    if (!Object.hasOwn(CODES, d.code) || !inRange)
      expect({ code: d.code, span: d.span, length: text.length }).toBe(
        'a catalog code with an in-range span',
      );
    seen.set(d.code, (seen.get(d.code) ?? 0) + 1);
  }
  if (r.record !== null && !hasErrors(r.diagnostics)) seen.set('(valid)', (seen.get('(valid)') ?? 0) + 1);
}

/** `npm run fuzz` raises RUNS a hundredfold; the time limit grows with it. */
const TIMEOUT = Math.max(20000, RUNS * 30);

describe('record parsers never throw', () => {
  for (const [kind, parse] of Object.entries(PARSERS)) {
    it(`${kind}: arbitrary strings with control and invisible characters`, { timeout: TIMEOUT }, () => {
      const seen = new Map<string, number>();
      fc.assert(
        fc.property(textFor(kind), (text) => check(parse, text, seen)),
        { numRuns: RUNS },
      );
      // The generator reached both valid records and a spread of distinct problems.
      expect(seen.get('(valid)') ?? 0, kind).toBeGreaterThan(0);
      expect([...seen.keys()].filter((k) => k !== '(valid)').length, kind).toBeGreaterThanOrEqual(5);
    });
    it(`${kind}: 10 KB inputs`, { timeout: TIMEOUT }, () => {
      const seen = new Map<string, number>();
      const big = fc
        .array(fc.constantFrom(...PIECES[kind], ...HOSTILE), { minLength: 2000, maxLength: 4000 })
        .map((p) => p.join('').slice(0, 10240));
      fc.assert(
        fc.property(big, (text) => {
          expect(text.length).toBeGreaterThan(2000);
          check(parse, text, seen);
        }),
        { numRuns: Math.max(10, Math.floor(RUNS / 10)) },
      );
    });
  }
  it('validateMxSet: arbitrary record sets', { timeout: TIMEOUT }, () => {
    const entry = fc.record({
      preference: fc.integer({ min: -5, max: 70000 }),
      exchange: fc.oneof(
        fc.constantFrom('.', '', 'a.example', 'A.example.', '192.0.2.1', 'x_y'),
        fc.string(),
      ),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (set) => {
        for (const d of validateMxSet(set)) expect(Object.hasOwn(CODES, d.code)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('parse(format(m)) = m', () => {
  const cases: Array<[string, fc.Arbitrary<unknown>, (m: never) => string, Parse, (m: never) => boolean]> = [
    [
      'mx (RFC 1035 §5.1)',
      mxRecord,
      formatMx as never,
      (t) => parseMx(t),
      (m: MxRecord) => m.exchange === '.',
    ],
    [
      'mta-sts TXT (RFC 8461 §3.1)',
      stsRecord,
      formatMtaStsTxt as never,
      parseMtaStsTxt,
      (m: MtaStsRecord) => m.extensions.length > 0,
    ],
    [
      'mta-sts policy (RFC 8461 §3.2)',
      stsPolicy,
      formatMtaStsPolicy as never,
      parseMtaStsPolicy,
      (m: MtaStsPolicy) => m.mx.some((x) => x.startsWith('*.')),
    ],
    [
      'tls-rpt (RFC 8460 §3)',
      tlsRpt,
      formatTlsRpt as never,
      parseTlsRpt,
      (m: TlsRptRecord) => m.rua.length > 1,
    ],
    [
      'bimi (draft §4.3)',
      bimi,
      formatBimi as never,
      parseBimi,
      (m: BimiRecord) => m.location === '' || m.authority !== undefined,
    ],
  ];
  for (const [title, arb, format, parse, interesting] of cases) {
    it(title, { timeout: TIMEOUT }, () => {
      let hits = 0;
      fc.assert(
        fc.property(arb, (m) => {
          const text = format(m as never);
          const r = parse(text);
          expect(hasErrors(r.diagnostics), `${text} → ${r.diagnostics.map((d) => d.code).join(' ')}`).toBe(
            false,
          );
          expect(r.record).toEqual(m);
          if (interesting(m as never)) hits++;
        }),
        { numRuns: RUNS },
      );
      // The generator reached the interesting shapes (null MX, extensions, wildcards, lists, declinations).
      expect(hits).toBeGreaterThan(RUNS / 20);
    });
  }
});
