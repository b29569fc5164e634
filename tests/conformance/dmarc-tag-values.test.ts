// Conformance: ../shared/conformance/dmarc/tag-values.json (101 single tag=value checks from
// Mail::DMARC's setter tests). Each value is placed in an otherwise valid record and judged by the
// record's verdict; where we differ, the case is listed with its RFC 9989 reason.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { hasErrors, parseDmarc } from '../../src/lib/index.ts';

interface TagValue {
  tag: string;
  value: string;
  valid: boolean;
}

const FILE = new URL('../../../shared/conformance/dmarc/tag-values.json', import.meta.url);
const cases: TagValue[] = JSON.parse(readFileSync(FILE, 'utf8'));

const REMOVED =
  'RFC 9989 Appendix C.5.2 removed pct, rf and ri; §4.7: "Only tags defined in that registry are to be ' +
  'processed; unknown tags MUST be ignored". An out-of-range value is a warning ' +
  '(dmarc/removed-tag-invalid-value: RFC 7489 receivers may reject the record), not an invalid record.';
const VERSION_CASE =
  'RFC 9989 §4.8: dmarc-version = "v" equals %s"DMARC1" — case-sensitive (%s); §4.7: otherwise "the entire ' +
  'record MUST be ignored". Mail::DMARC lower-cases it.';
const ANY_URI =
  'RFC 3986 §3.1: ftp:, torrent: and mail: are syntactically valid schemes, and RFC 9989 §4.7 rua/ruf: "Any valid URI can be ' +
  'specified ... URIs involving schemes not supported by Mail Receivers MUST be ignored". We warn ' +
  '(dmarc/uri-not-mailto) rather than reject.';

const EXCEPTIONS: Array<{ index: number; tag: string; value: string; reason: string }> = [
  { index: 7, tag: 'v', value: 'dmarc1', reason: VERSION_CASE },
  { index: 86, tag: 'rua', value: 'ftp://example.com/pub', reason: ANY_URI },
  { index: 87, tag: 'rua', value: 'torrent://piratebay.net/dmarc', reason: ANY_URI },
  { index: 88, tag: 'ruf', value: 'mail:msimerson@cnap.org', reason: ANY_URI },
  { index: 89, tag: 'rf', value: 'iodef2', reason: REMOVED },
  { index: 90, tag: 'rf', value: 'rfrf2', reason: REMOVED },
  { index: 91, tag: 'rf', value: 'rfrf', reason: REMOVED },
  { index: 92, tag: 'ri', value: '-1', reason: REMOVED },
  { index: 93, tag: 'ri', value: 'a', reason: REMOVED },
  { index: 94, tag: 'ri', value: '4294967296', reason: REMOVED },
  { index: 95, tag: 'pct', value: '-1', reason: REMOVED },
  { index: 96, tag: 'pct', value: 'f', reason: REMOVED },
  { index: 97, tag: 'pct', value: '101', reason: REMOVED },
  { index: 98, tag: 'pct', value: '1.1', reason: REMOVED },
  { index: 99, tag: 'pct', value: '1.0', reason: REMOVED },
  { index: 100, tag: 'pct', value: '5.f1', reason: REMOVED },
];

/** The tag under test inside a record that is otherwise valid (p= and a rua= as needed). */
function recordFor(c: TagValue): string {
  if (c.tag === 'v') return `v=${c.value}; p=none; rua=mailto:a@example.com`;
  if (c.tag === 'p') return `v=DMARC1; p=${c.value}; rua=mailto:a@example.com`;
  if (c.tag === 'rua') return `v=DMARC1; p=none; rua=${c.value}`;
  return `v=DMARC1; p=none; rua=mailto:a@example.com; ${c.tag}=${c.value}`;
}

const tally = { agree: 0, exceptions: 0 };

describe('DMARC conformance: tag-values.json', () => {
  it('has the 101 cases SOURCE.md describes, and the exception table names them exactly', () => {
    expect(cases).toHaveLength(101);
    for (const e of EXCEPTIONS) expect(cases[e.index]).toMatchObject({ tag: e.tag, value: e.value });
  });

  cases.forEach((c, index) => {
    const exception = EXCEPTIONS.find((e) => e.index === index);
    const title = `#${index} ${c.tag}=${c.value} is ${c.valid ? 'valid' : 'invalid'} per Mail::DMARC`;
    it(exception ? `${title} — exception (RFC 9989)` : `${title} (RFC 9989 §4.7)`, () => {
      const result = parseDmarc(recordFor(c));
      const valid = result.record !== null && !hasErrors(result.diagnostics);
      if (exception) {
        expect(valid, exception.reason).toBe(!c.valid);
        tally.exceptions++;
      } else {
        expect(valid).toBe(c.valid);
        tally.agree++;
      }
    });
  });

  afterAll(() => {
    console.log(
      `dmarc tag-values.json: ${tally.agree}/${cases.length} verdicts agree, ${tally.exceptions} listed exceptions`,
    );
  });
});
