// Property tests for the message-analysis parsers (RFC 5321 §4.4 Received, RFC 8601
// Authentication-Results, RFC 7208 §9.1 Received-SPF, RFC 5322 §3.3 dates, explainBounce) and for
// analyzeMessage: none throws on any string, diagnostics use catalog codes, and the generated
// inputs are checked to reach the interesting paths. FUZZ_RUNS raises the budget.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyzeMessage,
  explainBounce,
  isCode,
  zoneResolver,
  type Diagnostic,
} from '../../../src/lib/index.ts';
import { parseAuthenticationResults } from '../../../src/lib/message/authentication-results.ts';
import { parseDateTime } from '../../../src/lib/message/date-time.ts';
import { parseReceived } from '../../../src/lib/message/received.ts';
import { parseReceivedSpf } from '../../../src/lib/message/received-spf.ts';

const numRuns = Number(process.env.FUZZ_RUNS ?? 300);

const PIECES = [
  'from',
  'by',
  'with',
  'id',
  'for',
  'via',
  ' ',
  ' ',
  '(',
  ')',
  '[',
  ']',
  ';',
  ';',
  '=',
  '.',
  '"',
  '\\',
  '<',
  '>',
  '@',
  ',',
  '\r\n ',
  '\t',
  '\u0000',
  '\u200b',
  '\ufeff',
  '\u00a0',
  '\u3000',
  '密',
  'mail.example.com',
  '[192.0.2.1]',
  '[IPv6:2001:db8::1]',
  '::ffff:192.0.2.7',
  'helo=x.example',
  'Tue, 1 Dec 2026 10:00:00 +0000',
  '31 Feb 99 25:61 XYZ',
  'spf=pass',
  'dkim=fail',
  'header.d=example.com',
  'smtp.mailfrom=a@b.example',
  'sender IP is 40.107.1.2',
  'i=1',
  'none',
  'pass',
  'client-ip=192.0.2.3',
  'designates 192.0.2.4 as',
  '550-5.7.26 ',
  '550 5.7.26 ',
  '421-4.7.28 ',
  'Status: 5.7.1',
  'Diagnostic-Code: smtp; ',
  '> ',
  '\n',
  'gsmtp',
  'SPF [example.com] with ip: [192.0.2.1]',
];
const junk = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((a) => a.join('')),
);
// Junk inside the shapes the parsers look for, so their clause and result paths are reached.
const text = fc.oneof(
  junk,
  fc.tuple(junk, junk).map(([a, b]) => `from ${a} by mx.example ${b}; Tue, 1 Dec 2026 10:00:00 +0000`),
  fc.tuple(junk, junk).map(([a, b]) => `mx.example; spf=${a} ${b}; dkim=pass ${a}`),
);

function wellFormed(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) expect(isCode(d.code), d.code).toBe(true);
}

describe('message-analysis parsers never throw (fast-check)', () => {
  it('RFC 5321 §4.4 parseReceived, RFC 5322 §3.3 parseDateTime', () => {
    let withBy = 0;
    fc.assert(
      fc.property(text, (s) => {
        const r = parseReceived(s);
        wellFormed(r.diagnostics);
        if (r.by) withBy++;
        const t = parseDateTime(s);
        expect(t === undefined || Number.isFinite(t)).toBe(true);
      }),
      { numRuns },
    );
    expect(withBy).toBeGreaterThan(numRuns / 20);
  });

  it('RFC 8601 §2.2 parseAuthenticationResults and RFC 7208 §9.1 parseReceivedSpf', () => {
    let results = 0;
    fc.assert(
      fc.property(text, fc.boolean(), (s, arc) => {
        const r = parseAuthenticationResults(s, { arc });
        wellFormed(r.diagnostics);
        results += r.results.length;
        wellFormed(parseReceivedSpf(s).diagnostics);
      }),
      { numRuns },
    );
    expect(results).toBeGreaterThan(numRuns / 10);
  });

  it('RFC 3464 explainBounce: every explanation has a catalog code', () => {
    let explained = 0;
    fc.assert(
      fc.property(text, (s) => {
        for (const e of explainBounce(s)) {
          expect(isCode(e.code), e.code).toBe(true);
          explained++;
        }
      }),
      { numRuns },
    );
    expect(explained).toBeGreaterThan(numRuns / 20);
  });

  it('analyzeMessage resolves with a done report on any header block', async () => {
    const resolver = zoneResolver({ 'example.com': [{ TXT: 'v=spf1 -all' }] });
    const header = fc
      .tuple(
        fc.constantFrom('Received', 'Authentication-Results', 'Received-SPF', 'From', 'Return-Path'),
        text,
      )
      .map(([n, v]) => `${n}: ${v}`);
    const message = fc.array(header, { maxLength: 6 }).map((h) => `${h.join('\r\n')}\r\n\r\nbody\r\n`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(message, text), async (s) => {
        const r = await analyzeMessage(s, { resolver, now: new Date('2026-12-02T00:00:00Z') });
        expect(r.done).toBe(true);
        wellFormed(r.diagnostics);
      }),
      { numRuns: 60 },
    );
  });
});
