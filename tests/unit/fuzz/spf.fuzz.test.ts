// Property tests for SPF: parseSpf never throws and reports in-range spans (RFC 7208 §4.6: every
// problem, with positions); parse(format(m)) round-trips; checkHost always terminates within the
// §4.6.4 limits. FUZZ_RUNS raises the budget (`npm run fuzz`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkHost,
  CODES,
  DEFAULT_MAX_QUERIES,
  formatSpf,
  isSpfRecordText,
  isSyntaxError,
  parseSpf,
  zoneResolver,
  type MacroPart,
  type SpfRecord,
  type SpfTerm,
  type Zone,
} from '../../../src/lib/index.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const RESULTS = ['pass', 'fail', 'softfail', 'neutral', 'none', 'permerror', 'temperror'];

function withoutSpans(record: SpfRecord | null): unknown {
  return record && JSON.parse(JSON.stringify(record, (k, v) => (k === 'span' ? undefined : v)));
}

// ── text generators ──────────────────────────────────────────────────────────
const SPF_PIECES = [
  'v=spf1',
  ' ',
  '  ',
  '+',
  '-',
  '~',
  '?',
  'all',
  'include:',
  'a',
  'mx',
  'ptr',
  'ip4:',
  'ip6:',
  'exists:',
  'redirect=',
  'exp=',
  'A',
  'MX',
  'Include:',
  ':',
  '/',
  '//',
  '24',
  '0',
  '032',
  '129',
  '33',
  '1.2.3.4',
  '::1',
  'cafe::',
  'example.com',
  '.com',
  '.',
  '..',
  '%',
  '%%',
  '%_',
  '%-',
  '%{',
  '}',
  '%{d}',
  '%{ir}',
  '%{L2r-}',
  '%{p}',
  '%{c}',
  '%{x}',
  '=',
  'foo=',
  '\r',
  '\n',
  '\t',
  '\0',
  '\u200b',
  '\u00a0',
  '\ufeff',
  '\u0080',
  '\u00ef',
  '中',
  '\u{1f600}',
  'xn--zckzah',
  '-',
];
const spfish = fc.array(fc.constantFrom(...SPF_PIECES), { maxLength: 40 }).map((p) => p.join(''));
const recordish = spfish.map((s) => `v=spf1 ${s}`);

const KNOWN_CODES = new Set(Object.keys(CODES));

function checkParse(text: string, seen: Map<string, number>) {
  const r = parseSpf(text);
  expect(Array.isArray(r.diagnostics)).toBe(true);
  expect(r.record === null).toBe(!isSpfRecordText(text));
  for (const d of r.diagnostics) {
    expect(KNOWN_CODES.has(d.code), d.code).toBe(true);
    if (d.span) {
      expect(d.span.start).toBeGreaterThanOrEqual(0);
      expect(d.span.start).toBeLessThanOrEqual(d.span.end);
      expect(d.span.end).toBeLessThanOrEqual(text.length);
    }
    seen.set(d.code, (seen.get(d.code) ?? 0) + 1);
  }
  if (r.record && !r.diagnostics.some(isSyntaxError)) seen.set('(valid)', (seen.get('(valid)') ?? 0) + 1);
  for (const t of r.record?.terms ?? []) {
    if (t.span) expect(t.span.end).toBeLessThanOrEqual(text.length);
  }
}

describe('parseSpf never throws (RFC 7208 §4.6)', () => {
  it('on arbitrary strings, including control and invisible characters', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), recordish, spfish), (text) =>
        checkParse(text, seen),
      ),
      { numRuns: Math.max(RUNS, 1500) },
    );
    // The generator must reach the interesting paths, or this test proves nothing.
    const reached = [
      'spf/version',
      'spf/invalid-character',
      'spf/invalid-macro',
      'spf/unknown-mechanism',
      '(valid)',
    ];
    for (const code of reached) expect(seen.get(code) ?? 0, code).toBeGreaterThan(0);
    expect(seen.size).toBeGreaterThan(10);
  });
  it('on 10 KB inputs', () => {
    const seen = new Map<string, number>();
    // A random run of pieces, repeated up to 10 KB (cheap to generate and to shrink).
    const big = fc
      .array(fc.constantFrom(...SPF_PIECES), { minLength: 20, maxLength: 200 })
      .map((p) =>
        `v=spf1 ${p.join('').repeat(Math.ceil(10240 / Math.max(1, p.join('').length)))}`.slice(0, 10240),
      );
    fc.assert(
      fc.property(big, (text) => {
        expect(text.length).toBe(10240);
        checkParse(text, seen);
      }),
      { numRuns: Math.max(5, Math.floor(RUNS / 20)) },
    );
  });
});

// ── model generators ─────────────────────────────────────────────────────────
const literalText = fc.string({
  unit: fc.constantFrom(...'abcxyz0189-_.:+=,!~'),
  minLength: 1,
  maxLength: 8,
});
const letter = fc.constantFrom('s', 'l', 'o', 'd', 'i', 'p', 'h', 'v');
const macroPart: fc.Arbitrary<MacroPart> = fc.oneof(
  literalText.map((text) => ({ kind: 'literal' as const, text })),
  fc
    .constantFrom('%%', '%_', '%-')
    .map((escape) => ({ kind: 'escape' as const, escape: escape as '%%' | '%_' | '%-' })),
  fc
    .record({
      letter,
      urlEscape: fc.boolean(),
      digits: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
      reverse: fc.boolean(),
      delimiters: fc.string({ unit: fc.constantFrom(...'.-+,/_='), maxLength: 3 }),
    })
    .map(({ digits, ...m }) => ({
      kind: 'macro' as const,
      ...m,
      ...(digits === undefined ? {} : { digits }),
    })),
);

/** Adjacent literal text is one part in the model. */
function merge(parts: MacroPart[]): MacroPart[] {
  const out: MacroPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.kind === 'literal' && last?.kind === 'literal')
      out[out.length - 1] = { kind: 'literal', text: last.text + p.text };
    else out.push(p);
  }
  return out;
}

const macroString = fc.array(macroPart, { maxLength: 5 }).map(merge);
/** A domain-spec that ends in a macro-expand or in "." toplabel (§7.1). */
const domainSpec = fc
  .tuple(
    macroString,
    fc.oneof(
      fc.constantFrom('.com', '.example.', '.xn--zckzah', '.a1', '.b-2'),
      macroPart.filter((p) => p.kind !== 'literal'),
    ),
  )
  .map(([parts, end]) => merge([...parts, typeof end === 'string' ? { kind: 'literal', text: end } : end]));
const qualifier = fc.option(fc.constantFrom('+', '-', '~', '?') as fc.Arbitrary<'+' | '-' | '~' | '?'>, {
  nil: undefined,
});
const q = (qual: string | undefined) => (qual ? { qualifier: qual } : {});

const mechanism: fc.Arbitrary<SpfTerm> = fc.oneof(
  qualifier.map((x) => ({ kind: 'all', ...q(x) }) as SpfTerm),
  fc.tuple(qualifier, domainSpec).map(([x, domain]) => ({ kind: 'include', ...q(x), domain }) as SpfTerm),
  fc.tuple(qualifier, domainSpec).map(([x, domain]) => ({ kind: 'exists', ...q(x), domain }) as SpfTerm),
  fc
    .tuple(
      qualifier,
      fc.constantFrom('a', 'mx'),
      fc.option(domainSpec, { nil: undefined }),
      fc.option(fc.integer({ min: 0, max: 32 }), { nil: undefined }),
      fc.option(fc.integer({ min: 0, max: 128 }), { nil: undefined }),
    )
    .map(
      ([x, kind, domain, ip4Prefix, ip6Prefix]) =>
        ({
          kind,
          ...q(x),
          ...(domain ? { domain } : {}),
          ...(ip4Prefix === undefined ? {} : { ip4Prefix }),
          ...(ip6Prefix === undefined ? {} : { ip6Prefix }),
        }) as SpfTerm,
    ),
  fc
    .tuple(qualifier, fc.option(domainSpec, { nil: undefined }))
    .map(([x, domain]) => ({ kind: 'ptr', ...q(x), ...(domain ? { domain } : {}) }) as SpfTerm),
  fc
    .tuple(qualifier, fc.ipV4(), fc.option(fc.integer({ min: 0, max: 32 }), { nil: undefined }))
    .map(
      ([x, address, prefix]) =>
        ({ kind: 'ip4', ...q(x), address, ...(prefix === undefined ? {} : { prefix }) }) as SpfTerm,
    ),
  fc
    .tuple(qualifier, fc.ipV6(), fc.option(fc.integer({ min: 0, max: 128 }), { nil: undefined }))
    .map(
      ([x, address, prefix]) =>
        ({ kind: 'ip6', ...q(x), address, ...(prefix === undefined ? {} : { prefix }) }) as SpfTerm,
    ),
);
const unknownModifier: fc.Arbitrary<SpfTerm> = fc
  .tuple(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9._-]{0,8}$/), macroString)
  .filter(([name]) => !['redirect', 'exp'].includes(name.toLowerCase()))
  .map(([name, value]) => ({ kind: 'modifier', name, value }));
const INVALID = [
  'bogus',
  '-all.',
  '1up=foo',
  'ip4',
  'a/24/64',
  'all:x',
  '=x',
  'include:',
  'exists',
  '%%',
  'a:%{z}',
  'ptr/0',
  'redirect=',
];
const invalidTerm: fc.Arbitrary<SpfTerm> = fc
  .constantFrom(...INVALID)
  .map((text) => ({ kind: 'invalid', text }));

/** Valid records: mechanisms, unknown modifiers, at most one redirect and one exp (§6). */
const validRecord: fc.Arbitrary<SpfRecord> = fc
  .tuple(
    fc.array(fc.oneof({ weight: 5, arbitrary: mechanism }, { weight: 1, arbitrary: unknownModifier }), {
      maxLength: 12,
    }),
    fc.option(domainSpec, { nil: undefined }),
    fc.option(domainSpec, { nil: undefined }),
  )
  .map(([terms, redirect, exp]) => ({
    terms: [
      ...terms,
      ...(redirect ? [{ kind: 'redirect', domain: redirect } as SpfTerm] : []),
      ...(exp ? [{ kind: 'exp', domain: exp } as SpfTerm] : []),
    ],
  }));
const anyRecord: fc.Arbitrary<SpfRecord> = fc
  .tuple(validRecord, fc.array(invalidTerm, { maxLength: 3 }), fc.nat())
  .map(([r, bad, at]) => {
    const terms = [...r.terms];
    for (const t of bad) terms.splice(at % (terms.length + 1), 0, t);
    return { terms };
  });

describe('formatSpf / parseSpf round trip (RFC 7208 §4.6.1)', () => {
  it('the invalid samples really are invalid terms', () => {
    for (const text of INVALID)
      expect(parseSpf(`v=spf1 ${text}`).record!.terms.map((t) => t.kind)).toEqual(['invalid']);
  });
  it('parse(format(m)) gives back m for valid records, with no syntax errors', () => {
    const reached = { macro: 0, transformers: 0, escape: 0, upper: 0, dualCidr: 0, modifier: 0, ip6: 0 };
    fc.assert(
      fc.property(validRecord, (m) => {
        const text = formatSpf(m);
        const r = parseSpf(text);
        expect(r.diagnostics.filter(isSyntaxError)).toEqual([]);
        expect(withoutSpans(r.record)).toEqual(m);
        const json = JSON.stringify(m);
        if (json.includes('"kind":"macro"')) reached.macro++;
        if (/"digits":\d+[^}]*"reverse":true/.test(json) || /"delimiters":"[^"]+"/.test(json))
          reached.transformers++;
        if (json.includes('"escape"')) reached.escape++;
        if (json.includes('"urlEscape":true')) reached.upper++;
        if (
          m.terms.some(
            (t) =>
              (t.kind === 'a' || t.kind === 'mx') && t.ip4Prefix !== undefined && t.ip6Prefix !== undefined,
          )
        )
          reached.dualCidr++;
        if (m.terms.some((t) => t.kind === 'modifier')) reached.modifier++;
        if (m.terms.some((t) => t.kind === 'ip6')) reached.ip6++;
      }),
      { numRuns: RUNS },
    );
    for (const [path, n] of Object.entries(reached)) expect(n, path).toBeGreaterThan(0);
  });
  it('parse(format(m)) gives back m with invalid terms too, and format is a fixed point', () => {
    fc.assert(
      fc.property(anyRecord, (m) => {
        const text = formatSpf(m);
        const r = parseSpf(text);
        expect(withoutSpans(r.record)).toEqual(m);
        expect(formatSpf(r.record!)).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });
});

// ── checkHost on random zones ────────────────────────────────────────────────
const NAMES = ['a.test', 'b.test', 'c.test', 'd.test'];
const zoneTerm = fc.oneof(
  fc.constantFrom(...NAMES).map((n) => `include:${n}`),
  fc.constantFrom(...NAMES).map((n) => `redirect=${n}`),
  fc.constantFrom(...NAMES, 'nx.test').map((n) => `a:${n}`),
  fc.constantFrom(...NAMES, 'nx.test').map((n) => `mx:${n}/24`),
  fc.constantFrom(
    'ptr',
    'exists:%{ir}.%{d}',
    'ip4:192.0.2.0/24',
    'ip6:2001:db8::/32',
    '-all',
    '~all',
    'exp=e.test',
    'a:%{l}.%{d}',
  ),
  spfish.filter((s) => !s.includes(' ')),
);
const zone: fc.Arbitrary<Zone> = fc
  .tuple(fc.array(fc.array(zoneTerm, { maxLength: 8 }), { minLength: 4, maxLength: 4 }), fc.boolean())
  .map(([records, timeout]) => {
    const z: Zone = { 'e.test': [{ TXT: 'explained %{i} %{p}' }] };
    NAMES.forEach((name, i) => {
      z[name] = [
        { TXT: `v=spf1 ${records[i].join(' ')}` },
        { A: `192.0.2.${i + 1}` },
        { MX: [10, NAMES[(i + 1) % NAMES.length]] },
      ];
    });
    if (timeout) z['d.test'] = ['TIMEOUT'];
    z['3.2.0.192.in-addr.arpa'] = [{ PTR: 'a.test' }, { PTR: 'b.test' }];
    return z;
  });

describe('checkHost always terminates within the limits (RFC 7208 §4.6.4)', () => {
  it('on random policies with loops, timeouts and junk', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(zone, fc.constantFrom('192.0.2.3', '2001:db8::1', '198.51.100.7'), async (z, ip) => {
        const resolver = zoneResolver(z);
        const r = await checkHost({ ip, domain: 'a.test', sender: 'x@a.test', helo: 'h.test' }, resolver);
        expect(RESULTS).toContain(r.result);
        expect(r.lookups).toBeLessThanOrEqual(11);
        expect(r.voidLookups).toBeLessThanOrEqual(3);
        expect(resolver.log.length).toBeLessThanOrEqual(DEFAULT_MAX_QUERIES);
        seen.add(r.result);
      }),
      // At least 1,000 runs so the reach check below cannot miss a result by chance (150 runs did once).
      { numRuns: Math.max(1000, Math.floor(RUNS / 2)) },
    );
    for (const result of ['pass', 'fail', 'neutral', 'permerror']) expect(seen).toContain(result);
  });
});
