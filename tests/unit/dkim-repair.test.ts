// repairDkimKey: pasted damage undone and listed (docs/cloudflare.md, Cloudflare mistake 4; RFC 1035 §5.1 zone
// file strings; RFC 7468 PEM; RFC 6376 §3.6.1 "whitespace is ignored" in p=).
import { describe, expect, it } from 'vitest';
import { inspectDkimKey, parseDkimKey, repairDkimKey } from '../../src/lib/index.ts';
import { decodeBase64, encodeBase64 } from '../../src/lib/dkim/base64.ts';

const RSA =
  'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB';
const PKCS1 =
  'MIGJAoGBALVI635dLK4cJJAH3Lx6upo3X/Lm1tQz3mezcWTA3BUBnyIsdnRf57aD5BtNmhPrYYDlWlzw3UgnKisIxktkk5+iMQMlFtAS10JB8L3YadXNJY+JBcbeSi5TgJe4WFzNgW95FWDAuSTRXSWZfA/8xjflbTLDx0euFZOM7C4T0GwLAgMBAAE=';
const ED25519 = '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';
const ED25519_SPKI = encodeBase64(
  Uint8Array.from([
    0x30,
    0x2a,
    0x30,
    0x05,
    0x06,
    0x03,
    0x2b,
    0x65,
    0x70,
    0x03,
    0x21,
    0x00,
    ...(decodeBase64(ED25519) as { bytes: Uint8Array }).bytes,
  ]),
);
const RECORD = `v=DKIM1; k=rsa; p=${RSA}`;
const pem = (label: string, key: string) =>
  `-----BEGIN ${label}-----\n${key.match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;

const rows: Array<{ spec: string; name: string; input: string; record: string | null; repairs: string[] }> = [
  {
    spec: 'RFC 6376 §3.6.1',
    name: 'a clean record is left alone',
    input: RECORD,
    record: RECORD,
    repairs: [],
  },
  {
    spec: 'RFC 1035 §5.1',
    name: 'one quoted string',
    input: `"${RECORD}"`,
    record: RECORD,
    repairs: ['surrounding-quotes'],
  },
  {
    spec: 'RFC 1035 §5.1',
    name: 'a zone file\'s "…" "…" split',
    input: `"v=DKIM1; k=rsa; p=${RSA.slice(0, 100)}" "${RSA.slice(100)}"`,
    record: RECORD,
    repairs: ['joined-strings'],
  },
  {
    spec: 'RFC 1035 §5.1',
    name: 'a whole BIND line with parentheses and escapes',
    input: `lokg123._domainkey IN TXT ( "v=DKIM1\\; k=rsa\\; "\n\t"p=${RSA.slice(0, 120)}"\n\t"${RSA.slice(120)}" )`,
    record: RECORD,
    repairs: ['joined-strings', 'unescaped'],
  },
  {
    spec: 'docs/cloudflare.md (Cloudflare mistake 4)',
    name: 'quotes stored inside the key by a web form (SendGrid case)',
    input: `k=rsa; t=s; p=${RSA.slice(0, 60)}""${RSA.slice(60)}`,
    record: `k=rsa; t=s; p=${RSA}`,
    repairs: ['removed-quotes'],
  },
  {
    spec: 'docs/cloudflare.md (Cloudflare mistake 4)',
    name: 'a `" "` split stored as data',
    input: `v=DKIM1; k=rsa; p=${RSA.slice(0, 60)}" "${RSA.slice(60)}`,
    record: RECORD,
    repairs: ['removed-quotes'],
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: 'line breaks and spaces in the key',
    input: `v=DKIM1; k=rsa;\np=${RSA.slice(0, 64)}\n${RSA.slice(64, 128)} ${RSA.slice(128)}`,
    record: RECORD,
    repairs: ['whitespace-in-key'],
  },
  {
    spec: 'RFC 7468 §2',
    name: 'a PEM public key becomes a record',
    input: pem('PUBLIC KEY', RSA),
    record: RECORD,
    repairs: ['pem-armour', 'wrapped-bare-key'],
  },
  {
    spec: 'RFC 8017 §A.1.1',
    name: 'a PEM PKCS#1 key is wrapped into SubjectPublicKeyInfo',
    input: pem('RSA PUBLIC KEY', PKCS1),
    record: null, // checked below: the key changes form
    repairs: ['pem-armour', 'pkcs1-wrapped', 'wrapped-bare-key'],
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: 'a bare key becomes a record',
    input: `  ${RSA}\n`,
    record: RECORD,
    repairs: ['wrapped-bare-key'],
  },
  {
    spec: 'RFC 8463 §4.2',
    name: 'a bare Ed25519 key becomes a k=ed25519 record',
    input: ED25519,
    record: `v=DKIM1; k=ed25519; p=${ED25519}`,
    repairs: ['wrapped-bare-key'],
  },
  {
    spec: 'RFC 8463 §4.2',
    name: 'an SPKI-wrapped Ed25519 key is unwrapped',
    input: `v=DKIM1; k=ed25519; p=${ED25519_SPKI}`,
    record: `v=DKIM1; k=ed25519; p=${ED25519}`,
    repairs: ['ed25519-unwrapped'],
  },
  {
    spec: 'docs/cloudflare.md (invisible characters)',
    name: 'a zero-width space and a full-width semicolon',
    input: `v=DKIM1； k=rsa; p=${RSA.slice(0, 10)}\u200b${RSA.slice(10)}`,
    record: RECORD,
    repairs: ['invisible-characters'],
  },
  {
    spec: 'RFC 6376 §3.6.1',
    name: 'text that is no DKIM record at all',
    input: 'hello world',
    record: null,
    repairs: [],
  },
];

describe('repairDkimKey', () => {
  for (const row of rows) {
    it(`${row.name} (${row.spec})`, () => {
      const result = repairDkimKey(row.input);
      expect(result.repairs.map((r) => r.kind)).toEqual(row.repairs);
      if (row.record !== null || row.repairs.length === 0) expect(result.record).toBe(row.record);
      if (result.record !== null) {
        const parsed = parseDkimKey(result.record);
        expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(result.key).toBe(parsed.record?.p);
      }
    });
  }

  it('the PKCS#1 key becomes SubjectPublicKeyInfo of the same 1024-bit key (RFC 6376 §3.6.1)', async () => {
    const result = repairDkimKey(pem('RSA PUBLIC KEY', PKCS1));
    const { record } = parseDkimKey(result.record!);
    const info = await inspectDkimKey(record!);
    expect(info).toMatchObject({ algorithm: 'rsa', bits: 1024, encoding: 'spki', importedByWebCrypto: true });
  });

  it('never throws on odd input', () => {
    for (const input of [
      '',
      '"',
      '""',
      '"unterminated',
      '-----BEGIN PUBLIC KEY-----',
      '\\',
      '(',
      'p=',
      '=====',
    ]) {
      expect(() => repairDkimKey(input)).not.toThrow();
    }
  });
});
