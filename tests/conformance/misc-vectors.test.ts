// MTA-STS, TLS-RPT and BIMI vectors from other implementations (../shared/conformance/misc,
// pinned by its SOURCE.md), read in place. Every vector's verdict must match ours, or be listed in
// EXCEPTIONS with the RFC/draft text that decides it; vectors where the source itself notes a
// disagreement between implementations and we side with `valid` are listed in SIDES with why.
// "valid" here means: record !== null and no diagnostic of severity error (docs/public-api.md).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  hasErrors,
  joinTxt,
  parseBimi,
  parseMtaStsPolicy,
  parseMtaStsTxt,
  parseTlsRpt,
  type Diagnostic,
} from '../../src/lib/index.ts';

interface Vector {
  type: 'mta-sts' | 'mta-sts-policy' | 'tlsrpt' | 'bimi';
  record: string;
  valid: boolean;
  expect?: Record<string, unknown>;
  txtStrings?: string[];
  implementation: string;
  disagreement?: string;
}

const vectors: Vector[] = JSON.parse(
  readFileSync(resolve(process.cwd(), '../shared/conformance/misc/vectors.json'), 'utf8'),
);

type Parsed = { record: unknown; diagnostics: Diagnostic[] };
const PARSERS: Record<Vector['type'], (text: string) => Parsed> = {
  'mta-sts': parseMtaStsTxt,
  'mta-sts-policy': parseMtaStsPolicy,
  tlsrpt: parseTlsRpt,
  bimi: parseBimi,
};

const BIMI = 'draft-brand-indicators-for-message-identification-10';
const LPS_REASON = `${BIMI} §4.3: l= is REQUIRED (bimi-record = bimi-version (bimi-sep bimi-location) …) and "If a required tag is missing … it is an error"; also lps is %s "true"/"false" there (checkdmarc reads lps as the local-part list of an earlier draft)`;

/** Vectors whose verdict we do not share: ours is the opposite of `valid`, with the code that says why. */
const EXCEPTIONS: Array<{ type: Vector['type']; record: string; code: string; reason: string }> = [
  {
    type: 'mta-sts',
    record: 'v=STSv1; id=foo; id=bar',
    code: 'mta-sts/duplicate-field',
    reason:
      'RFC 8461 §3.1 sts-text-record = sts-version 1*(sts-sep sts-field) allows repeated fields, and §3.2 has senders use the first instance of a repeated non-mx field (mox applies this to the TXT record too): valid with id=foo, warned (checkdmarc rejects)',
  },
  {
    type: 'mta-sts',
    record: 'v=STSv1;        id=20160831085700Z   ',
    code: 'mta-sts/unexpected-space',
    reason:
      'RFC 8461 §3.1: blanks may only surround ";" (sts-sep = *WSP %x3B *WSP); trailing blanks without ";" make the record syntactically invalid, and then senders "MUST assume the recipient domain does not have an available MTA-STS Policy" (mox rejects it too; postfix-mta-sts-resolver trims)',
  },
  {
    type: 'mta-sts',
    record: 'v=STSv1; id=20160831085700Z;;;',
    code: 'mta-sts/empty-field',
    reason:
      'RFC 8461 §3.1 allows one optional trailing sts-sep ([sts-sep]); ";;" is an empty field outside the grammar (mox rejects "id=a;;"; postfix-mta-sts-resolver ignores empty fields)',
  },
  {
    type: 'mta-sts-policy',
    record: 'version: STSv1\r\nmode: enforce\r\nmode: testing\r\nmax_age: 86400\r\nmx: mail.example.com\r\n',
    code: 'mta-sts/duplicate-field',
    reason:
      'RFC 8461 §3.2: of a repeated field other than mx, senders use the first instance and ignore the rest, so the policy is valid with mode enforce (warned; mox does the same, checkdmarc rejects)',
  },
  {
    type: 'mta-sts-policy',
    record:
      'version: STSv1\r\nmode: enforce\r\nmax_age: 86400\r\nmx: mail.example.com\r\nbadkey: badvalue\r\n',
    code: 'mta-sts/unknown-field',
    reason:
      'RFC 8461 §3.2 grammar has sts-policy-extension for additional keys and unknown fields are ignored (the vector itself notes the disagreement; mox accepts "more: …")',
  },
  {
    type: 'tlsrpt',
    record: 'v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com',
    code: 'tls-rpt/duplicate-field',
    reason:
      'RFC 8460 §3 tlsrpt-record = tlsrpt-version 1*(field-delim tlsrpt-field) allows several rua fields and no text forbids it; all URIs are kept (mox keeps both lists; checkdmarc rejects). Warned, since one field with a comma list is clearer',
  },
  {
    type: 'tlsrpt',
    record: 'v=TLSRPTv1; rua=mailto:tlsrpt@mox.example , \t\t https://mox.example/tlsrpt  ',
    code: 'tls-rpt/unexpected-space',
    reason:
      'RFC 8460 §3: tlsrpt-rua = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri) and blanks elsewhere only in field-delim (*WSP ";" *WSP); the trailing blanks without ";" are outside the grammar (mox\'s TLS-RPT parser trims them; its MTA-STS parser rejects the same shape)',
  },
  {
    type: 'bimi',
    record: 'v=BIMI1; lps=news,billing,support',
    code: 'bimi/missing-location',
    reason: LPS_REASON,
  },
  {
    type: 'bimi',
    record: 'v=BIMI1; lps=news, billing, support',
    code: 'bimi/missing-location',
    reason: LPS_REASON,
  },
  { type: 'bimi', record: 'v=BIMI1; lps=News,Billing', code: 'bimi/missing-location', reason: LPS_REASON },
  {
    type: 'bimi',
    record: 'v=BIMI1; lps=sales-team,help-desk,info123',
    code: 'bimi/missing-location',
    reason: LPS_REASON,
  },
  { type: 'bimi', record: 'v=BIMI1; lps=news', code: 'bimi/missing-location', reason: LPS_REASON },
  {
    type: 'bimi',
    record: 'v=BIMI1; l=; avp=bogus',
    code: 'bimi/bad-avp',
    reason: `${BIMI} §4.3 on avp: "Any other values MUST be ignored"; a provider "MAY choose to treat an invalid preference value as a failing record", hence a warning, not an error (checkdmarc rejects)`,
  },
  {
    type: 'bimi',
    record: 'v=BIMI1; avp=brand',
    code: 'bimi/missing-location',
    reason: `${BIMI} §4.3: l= is REQUIRED and a missing required tag is an error (checkdmarc accepts)`,
  },
  {
    type: 'bimi',
    record: 'V=BIMI1; L=https://example.com/logo.svg',
    code: 'bimi/tag-case',
    reason: `Assertion Records use the DKIM tag-value syntax, whose tags "MUST be interpreted in a case-sensitive manner" (RFC 6376 §3.2), and ${BIMI} §4.3: "Mail receivers MUST NOT attempt to fix syntactical or capitalization errors" (mailauth lower-cases tag names)`,
  },
  {
    type: 'bimi',
    record: 'v=BIMI1; v=BIMI2; l=https://example.com/logo.svg',
    code: 'bimi/duplicate-tag',
    reason:
      'RFC 6376 §3.2: "Tags with duplicate names MUST NOT occur within a single tag-list; if a tag name does occur more than once, the entire tag-list is invalid" (mailauth keeps both with a warning)',
  },
  {
    type: 'bimi',
    record: 'v=bimi1; l=https://example.com/logo.svg; a=https://example.com/cert.pem',
    code: 'bimi/bad-version',
    reason: `${BIMI} §4.3: v= "MUST have the value of "BIMI1" … The value of this tag MUST match precisely" and receivers "MUST NOT attempt to fix … capitalization errors" (mailauth compares without case)`,
  },
  {
    type: 'bimi',
    record: 'v=BiMi1; l=https://example.com/logo.svg; a=https://example.com/cert.pem',
    code: 'bimi/bad-version',
    reason: `${BIMI} §4.3: the version value "MUST match precisely" (mailauth compares without case)`,
  },
  {
    type: 'bimi',
    record: 'v=BIMI1; l=https://example.com/logo.svg; a=',
    code: 'bimi/no-evidence',
    reason: `${BIMI} §4.3: a= "MUST have an empty value or its value MUST be a single URI"; empty means no evidence to disclose. Valid, with an info that many providers need a mark certificate (mailauth's strict validator rejects an empty a=)`,
  },
];

/** Vectors the source marks as disputed between implementations, where we side with `valid`. */
const SIDES: Array<{ type: Vector['type']; record: string; reason: string }> = [
  {
    type: 'mta-sts',
    record: 'v=STSv1; id=a; more=a; ext=2',
    reason: 'RFC 8461 §3.1 sts-extension: extension fields are valid (checkdmarc rejects unknown tags)',
  },
  { type: 'mta-sts', record: 'v=STSv1; id=a;;', reason: 'RFC 8461 §3.1: only one optional trailing sts-sep' },
  {
    type: 'tlsrpt',
    record: 'v=TLSRPTv1 ; rua=mailto:x@x.example; rua=mailto:y@x.example',
    reason: 'RFC 8460 §3: repeated rua fields fit the grammar',
  },
  {
    type: 'bimi',
    record: 'v=BIMI1; l=;',
    reason: `${BIMI} §4.3: l= "is either empty indicating declination to publish, or a single URI" (mailauth rejects an empty l=)`,
  },
  {
    type: 'bimi',
    record: 'v=BIMI1; xyz=foo',
    reason: `invalid because l= is missing (§4.3), not because of xyz: "unknown tags MUST be ignored"`,
  },
  {
    type: 'bimi',
    record: 'v=BIMI1; l=https://a.example/a.svg; l=https://b.example/b.svg',
    reason: 'RFC 6376 §3.2: duplicate tags invalidate the tag-list',
  },
  {
    type: 'bimi',
    record: 'v=BIMI1; l=https://example.com/logo.svg',
    reason: `${BIMI} §4.3: "If the a= tag is not present, it is assumed to have an empty value" (mailauth's strict validator requires a=)`,
  },
  {
    type: 'bimi',
    record: 'v=BIMI1; l=; a=https://example.com/cert.pem',
    reason: `${BIMI} §4.3: an empty l= is allowed; only both empty is a declination`,
  },
];

const key = (type: string, record: string) => `${type}\u0000${record}`;
const exceptions = new Map(EXCEPTIONS.map((e) => [key(e.type, e.record), e]));
const sides = new Map(SIDES.map((s) => [key(s.type, s.record), s]));
const tally: Record<string, { total: number; matched: number; exceptions: number }> = {};

function verdict(p: Parsed): boolean {
  return p.record !== null && !hasErrors(p.diagnostics);
}

/** The vector's `expect` fields in our model's terms (only for vectors we agree are valid). */
function checkExpect(v: Vector, record: Record<string, unknown>): void {
  const e = v.expect ?? {};
  const ext = (record.extensions as Array<{ name: string; value: string }>) ?? [];
  if ('extensions' in e) expect(Object.fromEntries(ext.map((x) => [x.name, x.value]))).toEqual(e.extensions);
  if ('v' in e) expect(record.version).toBe(e.v);
  if ('id' in e) expect(record.id).toBe(e.id);
  if ('mode' in e) expect(record.mode).toBe(e.mode);
  if ('max_age' in e) expect(record.maxAge).toBe(e.max_age);
  if ('mx' in e) expect(record.mx).toEqual(e.mx);
  if ('rua' in e) expect(record.rua).toEqual((e.rua as unknown[]).flat());
  if ('l' in e) expect(record.location).toBe(e.l);
  if ('a' in e) expect(record.authority).toBe(e.a);
  if ('avp' in e) expect(record.avatarPreference).toBe(e.avp);
}

describe('misc conformance vectors (MTA-STS RFC 8461, TLS-RPT RFC 8460, BIMI draft)', () => {
  it('reads the 144 vectors of SOURCE.md', () => {
    const counts = vectors.reduce<Record<string, number>>(
      (c, v) => ({ ...c, [v.type]: (c[v.type] ?? 0) + 1 }),
      {},
    );
    expect(counts).toEqual({ 'mta-sts': 32, 'mta-sts-policy': 47, tlsrpt: 29, bimi: 36 });
  });

  vectors.forEach((v, i) => {
    const ex = exceptions.get(key(v.type, v.record));
    const title = `#${i} ${v.type} ${JSON.stringify(v.record).slice(0, 70)} (${v.implementation})`;
    it(ex ? `${title}: exception, ours ${!v.valid}` : `${title}: ${v.valid ? 'valid' : 'invalid'}`, () => {
      const parsed = PARSERS[v.type](v.record);
      const ours = verdict(parsed);
      const t = (tally[v.type] ??= { total: 0, matched: 0, exceptions: 0 });
      t.total++;
      if (ex) {
        // A listed exception must be a real disagreement, for the stated reason.
        expect(ours).toBe(!v.valid);
        expect(parsed.diagnostics.map((d) => d.code)).toContain(ex.code);
        t.exceptions++;
        return;
      }
      expect(ours, parsed.diagnostics.map((d) => `${d.code}:${d.severity}`).join(' ')).toBe(v.valid);
      t.matched++;
      if (ours) checkExpect(v, parsed.record as Record<string, unknown>);
      if (v.txtStrings) expect(joinTxt(v.txtStrings)).toBe(v.record);
      // Every diagnostic points into the vector's text.
      for (const d of parsed.diagnostics) {
        if (d.span)
          expect(d.span.start >= 0 && d.span.end <= v.record.length && d.span.start <= d.span.end).toBe(true);
      }
    });
  });

  it('every exception and side note names an existing vector; disputed vectors all have a side', () => {
    const all = new Set(vectors.map((v) => key(v.type, v.record)));
    for (const k of [...exceptions.keys(), ...sides.keys()]) expect(all.has(k), k).toBe(true);
    for (const v of vectors.filter((x) => x.disagreement)) {
      const k = key(v.type, v.record);
      expect(exceptions.has(k) || sides.has(k), k).toBe(true);
    }
    for (const s of SIDES) {
      const v = vectors.find((x) => key(x.type, x.record) === key(s.type, s.record))!;
      expect(verdict(PARSERS[v.type](v.record))).toBe(v.valid);
    }
  });

  afterAll(() => {
    const lines = Object.entries(tally).map(
      ([type, t]) => `${type}: ${t.matched}/${t.total} agree, ${t.exceptions} exceptions`,
    );
    console.log(`misc vectors — ${lines.join('; ')}`);
  });
});
