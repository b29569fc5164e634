// Conformance: ../shared/conformance/dmarc/vectors.json (187 records with verdicts from checkdmarc,
// mail-auth, mailauth, OpenDMARC, Mail::DMARC and mox; see its SOURCE.md). Each verdict is matched, or
// the vector is listed below with the RFC 9989 reason we decide differently. "valid" here is the
// contract of docs/public-api.md: a record and no error diagnostic.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  effectiveDmarcPolicy,
  formatDmarcUri,
  hasErrors,
  parseDmarc,
  type DmarcRecord,
} from '../../src/lib/index.ts';

interface Vector {
  record: string;
  valid: boolean;
  implementation: string;
  expect?: Record<string, unknown>;
}

const FILE = new URL('../../../shared/conformance/dmarc/vectors.json', import.meta.url);
const vectors: Vector[] = JSON.parse(readFileSync(FILE, 'utf8'));

// ── Reasons ────────────────────────────────────────────────────────────────────
const GRAMMAR =
  'RFC 9989 §4.8: "A DMARC Policy Record MUST comply with the formal definition"; a tag-spec without "=" ' +
  '(or with ":" or "-" in its place, or no tag name) is not a dmarc-tag. RFC 9989 receivers ignore it, strict ' +
  'ones (mox) reject the record, Mail::DMARC and mailauth guess; we report an error (dmarc/syntax-error, ' +
  'dmarc/tag-separator with the corrected tag) so the publisher fixes it.';
const REMOVED =
  'RFC 9989 Appendix C.5.2 removed pct, rf and ri, and §4.7 says "Only tags defined in that registry are to ' +
  'be processed; unknown tags MUST be ignored", so their values cannot invalidate the record. We warn ' +
  '(dmarc/removed-tag, dmarc/removed-tag-invalid-value) because RFC 7489 receivers such as OpenDMARC may ' +
  'still reject it.';
const ABBREVIATION =
  'RFC 9989 §4.8: dmarc-request = "none" / "quarantine" / "reject"; OpenDMARC\'s prefix match ("n" for ' +
  '"none") is not in the grammar, so p=n is an invalid policy (and with no rua=, §4.10.1: no DMARC processing).';
const MAILTO_ADDRESS =
  'RFC 6068 §2: a mailto: URI carries an addr-spec; "mailto://abuse.com" has no local part and no "@", so ' +
  'no report can ever be delivered there (dmarc/invalid-mailto).';
const MISSING_SEPARATOR =
  'RFC 9989 §4.8: tags are separated by dmarc-sep (";"). Without it the fo value is ' +
  '"1:s rua=mailto:dmarc-a@abuse.net", which is not dmarc-fo, and the rua= the publisher meant is lost.';
const ESCAPED_VERSION =
  'RFC 9989 §4.7 v: "The tag value is case sensitive, and the only possible value is "DMARC1" ... If ... the ' +
  'value is not "DMARC1", then the entire record MUST be ignored"; here the value is "DMARC1\\" (zone-file ' +
  'escaping leaked into the data).';
const ANY_URI_COUNTS =
  'RFC 9989 §4.10.1: with no valid p, "If a "rua" tag is present and contains at least one syntactically valid ' +
  'reporting URI, the Mail Receiver MUST act as if a record containing "p=none" was retrieved"; §4.7 rua: ' +
  '"Any valid URI can be specified", and ftp://www.example.com is a valid RFC 3986 URI. The record applies ' +
  'as p=none (warnings dmarc/missing-policy, dmarc/uri-not-mailto).';
const POLICY_FALLBACK =
  'RFC 9989 §4.10.1: an invalid sp with a valid rua makes receivers "act as if a record containing "p=none" ' +
  'was retrieved": the record is used, but the published p=reject is silently not applied. A checker must ' +
  'flag that as an error (dmarc/invalid-policy, dmarc/policy-falls-back-to-none).';
const TAG_ORDER =
  'RFC 9989 §4.8: dmarc-record = dmarc-version *(dmarc-sep dmarc-tag) [dmarc-sep]: any tag order after v=. ' +
  'The RFC 7489 rule that p= follows v= is only a warning here (dmarc/policy-not-second).';

/** Vectors whose verdict we do not share; each must still disagree (checked), so the list stays true. */
const VERDICT_EXCEPTIONS: Array<{ index: number; record: string; reason: string }> = [
  { index: 52, record: 'v=DMARC1; p=reject; tagonly', reason: GRAMMAR },
  { index: 53, record: 'v=DMARC1; p=reject; =value', reason: GRAMMAR },
  { index: 74, record: 'v=DMARC1; p=n;', reason: ABBREVIATION },
  { index: 81, record: 'v=DMARC1; p=none; rf=bob;', reason: REMOVED },
  { index: 82, record: 'v=DMARC1; p=none; ri=bob;', reason: REMOVED },
  { index: 83, record: 'v=DMARC1; p=none; pct=500;', reason: REMOVED },
  { index: 86, record: 'v=DMARC1; p=none; ruf=mailto://abuse.com', reason: MAILTO_ADDRESS },
  {
    index: 87,
    record: 'v=DMARC1; p=none; ruf=mailto://abuse.com; foo=bar; buzz=happy;',
    reason: MAILTO_ADDRESS,
  },
  { index: 88, record: 'v=DMARC1; p=none; rf=000000000000000000000000000000000', reason: REMOVED },
  {
    index: 89,
    record: 'v=DMARC1; p=none; rf=afrf; fo=1:s rua=mailto:dmarc-a@abuse.net; ruf=mailto:dmarc-f@abuse.net',
    reason: MISSING_SEPARATOR,
  },
  { index: 95, record: 'v=DMARC1\\; p=reject\\;', reason: ESCAPED_VERSION },
  { index: 99, record: 'v=DMARC1; rua=ftp://www.example.com', reason: ANY_URI_COUNTS },
  {
    index: 103,
    record: 'v=DMARC1; p=reject; sp=invalid; rua=mailto:rua@example.com',
    reason: POLICY_FALLBACK,
  },
  {
    index: 110,
    record: 'v=DMARC1;p=none;fo:0;adkim=r;aspf=r;sp=none;rua=mailto:accu_postmaster@accuquote.com',
    reason: GRAMMAR,
  },
  {
    index: 111,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@targetselect.net;ruf=mailto:postmaster@targetselect.net;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 112,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@1105insight.com;ruf=mailto:postmaster@1105insight.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 113,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@borsheims.net;ruf=mailto:postmaster@borsheims.net;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 114,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@consumersilver.com;ruf=mailto:postmaster@consumersilver.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 115,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@coppermail-usa.com;ruf=mailto:postmaster@coppermail-usa.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 116,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@eglancesender.com;ruf=mailto:postmaster@eglancesender.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 117,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@egroupconsumer.com;ruf=mailto:postmaster@egroupconsumer.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 118,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@eselectsender.com;ruf=mailto:postmaster@eselectsender.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 119,
    record: 'v=DMARC1;p=none;rua=mailto:admin@filemail.com;ruf=mailto:admin@filemail.com;fo:0;adkim=r;aspf=r',
    reason: GRAMMAR,
  },
  {
    index: 120,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@fisherprograms.com;ruf=mailto:postmaster@fisherprograms.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 121,
    record:
      'v=DMARC1;p=none;rua=mailto:umesh@force24.co.uk;ruf=mailto:umesh@force24.co.uk;fo:0;adkim=r;aspf=r;pct=100;rf=afrf;ri=86000;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 122,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@sendergroup.com;ruf=mailto:postmaster@sendergroup.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 123,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@targetselection.com;ruf=mailto:postmaster@targetselection.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 124,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@trondheim-redcross.no;ruf=mailto:johess@trondheim-redcross.no;fo:0;adkim=r;aspf=r;pct=100;rf=afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 125,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@vsender-2.com;ruf=mailto:postmaster@vsender-2.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 126,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@vsender-3.com;ruf=mailto:postmaster@vsender-3.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 127,
    record:
      'v=DMARC1;p=none;rua=mailto:dmarc1630@wfyi.org;ruf=mailto:dmarc1630@wfyi.org;fo:0;adkim=r;aspf=r;pct=100;rf=afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 128,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@wk1business.com;ruf=mailto:postmaster@wk1business.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 129,
    record:
      'v=DMARC1;p=quarantine;rua=mailto:retorno@teogenes.com.br;fo:1:d;adkim=r;aspf=r;rf=afrf;sp=quarantine',
    reason: GRAMMAR,
  },
  {
    index: 130,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@wkcplatnium.com;ruf=mailto:postmaster@wkcplatnium.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  { index: 131, record: 'v=DMARC1;p=none;0;adkim=r;aspf=r', reason: GRAMMAR },
  {
    index: 132,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@bronzemail-usa.com;ruf=mailto:postmaster@bronzemail-usa.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 133,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@driveconsumer.com;ruf=mailto:postmaster@driveconsumer.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 134,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@econnect1.com;ruf=mailto:postmaster@econnect1.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 135,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@esender1.com;ruf=mailto:postmaster@esender1.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 136,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@esender3.com;ruf=mailto:postmaster@esender3.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 137,
    record:
      'v=DMARC1;p=none;rua=mailto:dmarc@lns.com;ruf=mailto:dmarc@lns.com;0;adkim=r;aspf=r;pct=100;rf=afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 138,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@my-dear-lady.com;ruf=mailto:postmaster@my-dear-lady.com;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 140,
    record:
      'v=DMARC1;p=none;rua=mailto:postmaster@newsletter.ironpony.net;ruf=mailto:postmaster@newsletter.ironpony.net;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none',
    reason: GRAMMAR,
  },
  {
    index: 142,
    record:
      'v=DMARC1;p=quarantine;rua=mailto:dan@darau.com;ruf=mailto:dan@darau.com;1:d:s;adkim=r;aspf=r;rf=afrf;sp=quarantine',
    reason: GRAMMAR,
  },
  {
    index: 143,
    record:
      'v=DMARC1;p=none;sp-none;rua=mailto:postmaster@genetex.com!1m;ruf=mailto:postmaster@genetex.com!1m;rf=afrf;pct=100;ri=86400',
    reason: GRAMMAR,
  },
  { index: 154, record: 'v=DMARC1; sp=reject; p=reject', reason: TAG_ORDER },
  {
    index: 182,
    record: 'v=DMARC1; p=reject; sp=invalid; rua=mailto:mjl@mox.example',
    reason: POLICY_FALLBACK,
  },
];

/** Vectors whose verdict we share but whose `expect` we do not, per key. */
const EXPECT_EXCEPTIONS: Array<{ index: number; key: string; reason: string }> = [
  {
    index: 45,
    key: 'rua',
    reason:
      'RFC 3986 §2.1: percent-encoding is part of the URI; mail-auth decodes "user%20@" and drops the space, we ' +
      'keep the URI as published ("mailto:user%20@example.com").',
  },
  {
    index: 51,
    key: 'pct',
    reason:
      'RFC 9989 Appendix C.5.2: pct is removed and kept as written ("invalid"); mailauth coerces it to 0.',
  },
];

const EFFECTIVE_KEYS = new Set(['p', 'sp', 'np', 'psd', 't', 'adkim', 'aspf', 'fo']);

/** Our value for a key of `expect`: effective values for policy tags (defaults, §4.10.1 fallback). */
function ours(record: DmarcRecord, key: string): unknown {
  const effective = effectiveDmarcPolicy(record);
  if (key === 'v') return 'DMARC1';
  if (EFFECTIVE_KEYS.has(key))
    return effective ? effective[key as keyof typeof effective] : record[key as keyof DmarcRecord];
  if (key === 'rua' || key === 'ruf') return record[key]?.map(formatDmarcUri);
  if (key === 'rf') return record.rf?.split(':').map((f) => f.trim().toLowerCase());
  return record[key as keyof DmarcRecord];
}

/** Vectors mix single values and lists, numbers and strings; fo is a set (order is free, §4.7). */
function normalize(key: string, value: unknown): unknown {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    const list = value.map(String);
    if (key === 'fo') list.sort();
    return list.length === 1 ? list[0] : list;
  }
  return String(value);
}

function isValid(text: string): boolean {
  const result = parseDmarc(text);
  return result.record !== null && !hasErrors(result.diagnostics);
}

const tally = { agree: 0, exceptions: 0 };

describe('DMARC conformance: vectors.json', () => {
  it('has the 187 vectors SOURCE.md describes, and the exception tables name them exactly', () => {
    expect(vectors).toHaveLength(187);
    for (const e of VERDICT_EXCEPTIONS) expect(vectors[e.index].record).toBe(e.record);
    for (const e of EXPECT_EXCEPTIONS) expect(vectors[e.index].expect).toHaveProperty(e.key);
  });

  vectors.forEach((v, index) => {
    const exception = VERDICT_EXCEPTIONS.find((e) => e.index === index);
    const title = `#${index} ${v.valid ? 'valid' : 'invalid'} per ${v.implementation}: ${JSON.stringify(v.record)}`;
    it(exception ? `${title} — exception (RFC 9989)` : title, () => {
      const valid = isValid(v.record);
      if (exception) {
        expect(valid, exception.reason).toBe(!v.valid);
        tally.exceptions++;
      } else {
        expect(valid).toBe(v.valid);
        tally.agree++;
      }
      const record = parseDmarc(v.record).record;
      for (const [key, expected] of Object.entries(v.expect ?? {})) {
        const skip = EXPECT_EXCEPTIONS.find((e) => e.index === index && e.key === key);
        const actual = normalize(key, record ? ours(record, key) : undefined);
        if (skip) expect(actual, skip.reason).not.toEqual(normalize(key, expected));
        else expect(actual, `expect.${key}`).toEqual(normalize(key, expected));
      }
    });
  });

  afterAll(() => {
    // Recorded for the report: how many verdicts we share, how many differ by RFC 9989.
    console.log(
      `dmarc vectors.json: ${tally.agree}/${vectors.length} verdicts agree, ${tally.exceptions} listed exceptions`,
    );
  });
});
