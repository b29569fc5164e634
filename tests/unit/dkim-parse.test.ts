// parseDkimKey / validateDkimKey (RFC 6376 §3.2, §3.6.1; RFC 8301; RFC 8463): one row per case with
// its section; the expected codes are the exact set reported.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hasErrors, parseDkimKey, type DkimKeyRecord } from '../../src/lib/index.ts';

/** RFC 8463 Appendix A.2 (selector "brisbane"). */
const ED25519 = '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';
/** RFC 8463 Appendix A.2, selector "test": 1024-bit RSA, SubjectPublicKeyInfo. */
const RSA_2048 = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ type: 'spki', format: 'der' })
  .toString('base64');
const RSA =
  'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB';

interface Row {
  spec: string;
  name: string;
  text: string;
  valid: boolean;
  codes: string[];
  record?: DkimKeyRecord | null;
}

const rows: Row[] = [
  {
    spec: 'RFC 6376 §3.6.1',
    name: 'the Tencent Exmail shape',
    text: `v=DKIM1; k=rsa; p=${RSA}`,
    valid: true,
    codes: [],
    record: { v: 'DKIM1', k: 'rsa', p: RSA },
  },
  {
    spec: 'RFC 8463 §4.2',
    name: 'an ed25519 key',
    text: `v=DKIM1; k=ed25519; p=${ED25519}`,
    valid: true,
    codes: [],
    record: { v: 'DKIM1', k: 'ed25519', p: ED25519 },
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: 'v= is optional',
    text: `p=${RSA}`,
    valid: true,
    codes: [],
    record: { p: RSA },
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: 'whitespace inside p= is ignored',
    text: `v=DKIM1; p=${RSA.slice(0, 20)} \r\n\t${RSA.slice(20)}`,
    valid: true,
    codes: [],
    record: { v: 'DKIM1', p: RSA },
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: 'empty p= means revoked (warning)',
    text: 'v=DKIM1; p=',
    valid: true,
    codes: ['dkim/key-revoked'],
    record: { v: 'DKIM1', p: '' },
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: 'p= missing',
    text: 'v=DKIM1; k=rsa',
    valid: false,
    codes: ['dkim/missing-key'],
    record: null,
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: 'empty text',
    text: '',
    valid: false,
    codes: ['record/empty'],
    record: null,
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: 'v= must be first',
    text: `p=${RSA}; v=DKIM1`,
    valid: false,
    codes: ['dkim/version-not-first'],
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: 'v=dkim1: the value is exact',
    text: `v=dkim1; p=${RSA}`,
    valid: false,
    codes: ['dkim/invalid-version'],
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: '"v=DKIM1:" (colon for semicolon) swallows the next tag',
    text: `v=DKIM1: k=rsa; p=${RSA}`,
    valid: false,
    codes: ['dkim/invalid-version'],
  },
  {
    spec: 'RFC 6376 §3.2',
    name: 'tag names are case-sensitive: V= is an unknown tag',
    text: 'V=DKIM2; p=',
    valid: true,
    codes: ['dkim/tag-name-case', 'dkim/key-revoked'],
    record: { p: '', unknown: [{ name: 'V', value: 'DKIM2' }] },
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: 'k=ed25519-sha256 is an algorithm, not a key type',
    text: `v=DKIM1; k=ed25519-sha256; p=${ED25519}`,
    valid: false,
    codes: ['dkim/unknown-key-type'],
    record: { v: 'DKIM1', p: ED25519, invalid: [{ name: 'k', value: 'ed25519-sha256' }] },
  },
  {
    spec: 'RFC 8301 §3.1',
    name: 'h=sha1:sha256 still allows SHA-1 (warning)',
    text: `v=DKIM1; h=sha1:sha256; p=${RSA}`,
    valid: true,
    codes: ['dkim/hash-sha1'],
    record: { v: 'DKIM1', h: ['sha1', 'sha256'], p: RSA },
  },
  {
    spec: 'RFC 8301 §3.1',
    name: 'h=sha1 alone verifies nothing',
    text: `v=DKIM1; h=sha1; p=${RSA}`,
    valid: false,
    codes: ['dkim/hash-sha256-missing'],
  },
  {
    spec: 'RFC 6376 §3.2',
    name: '"sha 256" is not sha256 (WSP inside a value is significant)',
    text: `v=DKIM1; h=sha1:sha 256; p=${RSA}`,
    valid: false,
    codes: ['dkim/unknown-hash', 'dkim/hash-sha256-missing'],
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: 'h= with spaces around ":" and upper case',
    text: `v=DKIM1; h = sha256 : SHA1 ; p=${RSA}`,
    valid: true,
    codes: ['dkim/hash-sha1'],
    record: { v: 'DKIM1', h: ['sha256', 'SHA1'], p: RSA },
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: 's=tlsrpt only: not for mail (warning)',
    text: `v=DKIM1; s=tlsrpt; p=${RSA}`,
    valid: true,
    codes: ['dkim/not-for-email'],
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: 's=*:email',
    text: `v=DKIM1; s=*:email; p=${RSA}`,
    valid: true,
    codes: [],
    record: { v: 'DKIM1', s: ['*', 'email'], p: RSA },
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: 't=y: test mode (info); unknown flags ignored (info)',
    text: `v=DKIM1; t=y:s:x; p=${RSA}`,
    valid: true,
    codes: ['dkim/test-mode', 'dkim/unknown-flag'],
    record: { v: 'DKIM1', t: ['y', 's', 'x'], p: RSA },
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: 'n= notes kept as written; g= (RFC 4871) is an unknown tag',
    text: `v=DKIM1; g=*; n=rotated 2026; p=${RSA}`,
    valid: true,
    codes: ['dkim/unknown-tag'],
    record: { v: 'DKIM1', n: 'rotated 2026', p: RSA, unknown: [{ name: 'g', value: '*' }] },
  },
  {
    spec: 'RFC 6376 §3.2',
    name: 'duplicate p=',
    text: 'v=DKIM1; p=; p=',
    valid: false,
    codes: ['dkim/duplicate-tag', 'dkim/key-revoked'],
  },
  {
    spec: 'RFC 6376 §3.2',
    name: 'a tag-spec without "="',
    text: 'v=DKIM1; k=rsa; omgwhatsgoingon',
    valid: false,
    codes: ['dkim/syntax-error', 'dkim/missing-key'],
    record: null,
  },
  {
    spec: 'RFC 6376 §3.2',
    name: 'an empty entry ";;" (warning)',
    text: `v=DKIM1;; p=${RSA}`,
    valid: true,
    codes: ['dkim/empty-tag'],
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: 'literal quotes pasted into the key',
    text: `v=DKIM1; p=${RSA.slice(0, 30)}""${RSA.slice(30)}`,
    valid: false,
    codes: ['dkim/key-damaged'],
  },
  {
    spec: 'RFC 6376 §2.4',
    name: 'a character that is not base64',
    text: `v=DKIM1; p=${RSA.slice(0, 30)}-${RSA.slice(30)}`,
    valid: false,
    codes: ['dkim/key-damaged'],
  },
  {
    spec: 'RFC 6376 §3.6.1',
    // RFC 4648 §3.3: characters outside the alphabet make the encoding invalid; verifiers that
    // decode strictly cannot read the key (the invisible character is its own warning too).
    name: 'a zero-width space inside the key',
    text: `v=DKIM1; p=${RSA.slice(0, 30)}\u200b${RSA.slice(30)}`,
    valid: false,
    codes: ['record/invisible-character', 'dkim/key-damaged'],
  },
];

describe('parseDkimKey', () => {
  for (const row of rows) {
    it(`${row.name} (${row.spec})`, () => {
      const result = parseDkimKey(row.text);
      expect(result.diagnostics.map((d) => d.code).sort()).toEqual([...row.codes].sort());
      expect(result.record !== null && !hasErrors(result.diagnostics)).toBe(row.valid);
      if (row.record === null) expect(result.record).toBeNull();
      else if (row.record) expect(result.record).toEqual(row.record);
      for (const d of result.diagnostics) {
        if (!d.span) continue;
        expect(d.span.start).toBeGreaterThanOrEqual(0);
        expect(d.span.end).toBeLessThanOrEqual(row.text.length);
      }
    });
  }

  // RFC 6376 §6.1.2: a p= that cannot be decoded as a key of k='s type fails every signature, so
  // the record is not valid. Each row: the damage, the reason reported, and the text under the span.
  const damage: Array<{
    name: string;
    spec: string;
    text: string;
    code: string;
    reason?: string;
    under: string;
  }> = [
    {
      // A 2048-bit key record is ~410 characters; pasted as one string into a form that keeps only
      // the first 255-octet character-string (RFC 1035 §3.3.14), the rest is lost.
      name: 'a key cut at the 255-octet string boundary',
      spec: 'RFC 6376 §3.6.1',
      text: `v=DKIM1; k=rsa; p=${RSA_2048}`.slice(0, 255),
      code: 'dkim/key-damaged',
      reason: 'truncated',
      // 237 key characters = 59 groups of four and one lone character, which cannot decode.
      under: RSA_2048[255 - 'v=DKIM1; k=rsa; p='.length - 1],
    },
    {
      // 215 characters decode to 161 octets where the DER header declares 162.
      name: 'one character lost',
      spec: 'RFC 6376 §3.6.1',
      text: `v=DKIM1; p=${RSA.slice(0, 100)}${RSA.slice(101)}`,
      code: 'dkim/key-damaged',
      reason: 'truncated',
      under: RSA.slice(0, 100) + RSA.slice(101),
    },
    {
      // 217 characters: one left over after 54 groups of four carries only 6 bits.
      name: 'a base64 length that cannot decode',
      spec: 'RFC 4648 §4',
      text: `v=DKIM1; p=${RSA.slice(0, 212)}${RSA.slice(212, 216).replace('AQAB', 'AQABA')}`,
      code: 'dkim/key-damaged',
      reason: 'truncated',
      under: 'A',
    },
    {
      name: 'padding inside the key',
      spec: 'RFC 4648 §3.2',
      text: `v=DKIM1; p=${RSA.slice(0, 40)}=${RSA.slice(41)}`,
      code: 'dkim/key-damaged',
      reason: 'bad-padding',
      under: '=',
    },
    {
      name: 'an Ed25519 key of 31 octets',
      spec: 'RFC 8463 §4.2',
      text: `v=DKIM1; k=ed25519; p=${'A'.repeat(40)}`,
      code: 'dkim/key-damaged',
      reason: 'ed25519-length',
      under: 'A'.repeat(40),
    },
    {
      name: 'k=ed25519 over an RSA key',
      spec: 'RFC 6376 §3.6.1',
      text: `v=DKIM1; k=ed25519; p=${RSA}`,
      code: 'dkim/key-type-mismatch',
      under: RSA,
    },
  ];
  for (const row of damage) {
    it(`${row.name}: ${row.code}${row.reason ? ` (${row.reason})` : ''} with a span on p= (${row.spec})`, () => {
      const result = parseDkimKey(row.text);
      expect(hasErrors(result.diagnostics)).toBe(true);
      const found = result.diagnostics.filter((d) => d.code === row.code);
      expect(found).toHaveLength(1);
      if (row.reason) expect(found[0].params?.reason).toBe(row.reason);
      const span = found[0].span!;
      expect(row.text.slice(span.start, span.end)).toBe(row.under);
    });
  }

  it('points key damage at the offending character (RFC 6376 §3.6.1)', () => {
    const text = `k=rsa; t=s; p=${RSA.slice(0, 10)}""${RSA.slice(10)}`;
    const d = parseDkimKey(text).diagnostics.find((x) => x.code === 'dkim/key-damaged');
    expect(d?.params).toEqual({ reason: 'quotes', char: '"' });
    expect(text.slice(d!.span!.start, d!.span!.end)).toBe('"');
  });
});
