// Property tests for the DoH decoders: TXT decoding, JSON and wire answer parsing never throw on
// hostile input (DNS text is hostile: docs/decisions.md "Shape"), and TXT written the way
// Cloudflare and Google write it decodes back to the same character-strings (RFC 1035 §5.1).
// FUZZ_RUNS raises the budget (`npm run fuzz`).
import * as packet from '@leichtgewicht/dns-packet';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonAnswer } from '../../../src/lib/dns/doh-json.ts';
import { parseWireAnswer } from '../../../src/lib/dns/doh-wire.ts';
import type { RRType } from '../../../src/lib/dns/model.ts';
import { decodeTxtData } from '../../../src/lib/dns/txt-decode.ts';
import { cloudflareTxt, googleTxt } from '../../support/doh-presentation.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const TYPES: RRType[] = ['A', 'AAAA', 'MX', 'TXT', 'CNAME', 'PTR', 'NS', 'SOA', 'CAA', 'TLSA'];

const TXT_PIECES = [
  '"',
  '\\',
  '\\"',
  '\\\\',
  '\\0',
  '\\05',
  '\\059',
  '\\255',
  '\\256',
  '\\999',
  ' ',
  '\t',
  '""',
  '" "',
  'v=spf1',
  'p=MIGf',
  '\\#',
  '\\# 2 01 61',
  'é',
  '中',
  '\u200b',
  '\u0000',
  '\u{1f600}',
  'a',
  ';',
];
const txtish = fc.array(fc.constantFrom(...TXT_PIECES), { maxLength: 30 }).map((p) => p.join(''));
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  txtish,
  fc.string({ maxLength: 10_000 }),
);
/** Character-strings as a record holds them: any code points, quotes, backslashes, controls. */
const strings = fc.array(
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    txtish.map((s) => s.slice(0, 60)),
  ),
  { minLength: 1, maxLength: 4 },
);

describe('TXT decoding (RFC 1035 §5.1)', () => {
  it('never throws and always returns strings, on any text up to 10 KB', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = decodeTxtData(text);
        expect(out.length).toBeGreaterThan(0);
        expect(out.every((s) => typeof s === 'string')).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('Cloudflare’s and Google’s presentations decode back to the same strings', () => {
    const reached = { escapes: 0, octets: 0, several: 0, unquoted: 0 };
    fc.assert(
      fc.property(strings, (s) => {
        const cf = cloudflareTxt(s);
        const google = googleTxt(s);
        if (/\\["\\]/.test(cf)) reached.escapes++;
        if (/\\\d{3}/.test(cf)) reached.octets++;
        if (s.length > 1) reached.several++;
        if (!google.startsWith('"')) reached.unquoted++;
        expect(decodeTxtData(cf)).toEqual(s);
        expect(decodeTxtData(google)).toEqual(s);
      }),
      { numRuns: RUNS },
    );
    // The generators must have reached each path, or the property proves little.
    for (const [path, n] of Object.entries(reached)) expect(n, path).toBeGreaterThan(RUNS / 20);
  });
});

describe('answer parsers never throw (RFC 8484 §4.2.1)', () => {
  const rr = fc.record({
    name: fc.oneof(fc.constant('example.com.'), fc.string({ maxLength: 30 })),
    type: fc.oneof(
      fc.constantFrom(1, 5, 6, 15, 16, 28, 46, 52, 257),
      fc.string({ maxLength: 5 }),
      fc.integer(),
    ),
    TTL: fc.oneof(fc.nat(), fc.string({ maxLength: 4 })),
    data: fc.oneof(txtish, fc.string({ maxLength: 60 }), fc.constant('10 mx.example.com.')),
  });
  const body = fc.oneof(
    fc.jsonValue(),
    fc.record(
      {
        Status: fc.oneof(fc.integer({ min: -1, max: 30 }), fc.string()),
        AD: fc.anything(),
        Answer: fc.array(rr),
        Authority: fc.anything(),
      },
      { requiredKeys: [] },
    ),
  );

  it('parseJsonAnswer on any JSON value or near-miss answer', () => {
    fc.assert(
      fc.property(body, fc.constantFrom(...TYPES), (b, type) => {
        const r = parseJsonAnswer(b, 'example.com', type, 'fuzz');
        expect(['NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED', 'ERROR']).toContain(r.status);
      }),
      { numRuns: RUNS },
    );
  });

  it('parseJsonAnswer on TXT answers with hostile data keeps one record per answer', () => {
    const txt = fc.array(
      fc.record({
        name: fc.constant('example.com.'),
        type: fc.constantFrom(16, 'TXT'),
        TTL: fc.nat(),
        data: anyText,
      }),
      { minLength: 1, maxLength: 5 },
    );
    fc.assert(
      fc.property(txt, (answers) => {
        const r = parseJsonAnswer({ Status: 0, Answer: answers }, 'example.com', 'TXT', 'fuzz');
        expect(r.answers).toHaveLength(answers.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('parseWireAnswer on random bytes and on every prefix of a real response', () => {
    const real = packet.encode({
      type: 'response',
      id: 0,
      flags: packet.RECURSION_DESIRED,
      questions: [{ type: 'TXT', name: 'example.com' }],
      answers: [
        { type: 'TXT', name: 'example.com', ttl: 1, data: ['v=spf1 -all', 'x'] },
        { type: 'MX', name: 'example.com', ttl: 1, data: { preference: 1, exchange: 'mx.example.com' } },
      ],
    });
    for (let cut = 0; cut < real.length; cut++) {
      expect(parseWireAnswer(real.subarray(0, cut), 'example.com', 'TXT', 'fuzz').status).toBe('ERROR');
    }
    expect(parseWireAnswer(real, 'example.com', 'TXT', 'fuzz').answers).toHaveLength(1);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(...TYPES), (bytes, type) => {
        parseWireAnswer(bytes, 'example.com', type, 'fuzz');
      }),
      { numRuns: RUNS },
    );
  });
});
