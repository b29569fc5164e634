// inspectDkimKey (RFC 6376 §3.6.1, RFC 8301 §3.2, RFC 8463 §4.2): algorithm and size from the DER,
// damage with a reason, WebCrypto confirmation. Keys are the RFC 8463 examples, fixtures from the
// conformance sources, and keys generated here.
import { describe, expect, it } from 'vitest';
import {
  generateDkimKey,
  inspectDkimKey,
  parseDkimKey,
  type DkimKeyInspection,
} from '../../src/lib/index.ts';
import { encodeBase64, decodeBase64 } from '../../src/lib/dkim/base64.ts';

/** RFC 8463 Appendix A.2, selector "test": 1024-bit RSA, SubjectPublicKeyInfo. */
const RSA_1024 =
  'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB';
/** RFC 8463 Appendix A.2, selector "brisbane". */
const ED25519 = '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';
/** A 512-bit key (go-msgauth / stalwart fixtures). */
const RSA_512 =
  'MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBANmBe10IgY+u7h3enWTukkqtUD5PR52Tb/mPfjC0QJTocVBq6Za/PlzfV+Py92VaCak19F4WrbVTK5Gg5tW220MCAwEAAQ==';
/** A bare PKCS#1 RSAPublicKey (go-msgauth "newengland"). */
const PKCS1_1024 =
  'MIGJAoGBALVI635dLK4cJJAH3Lx6upo3X/Lm1tQz3mezcWTA3BUBnyIsdnRf57aD5BtNmhPrYYDlWlzw3UgnKisIxktkk5+iMQMlFtAS10JB8L3YadXNJY+JBcbeSi5TgJe4WFzNgW95FWDAuSTRXSWZfA/8xjflbTLDx0euFZOM7C4T0GwLAgMBAAE=';
/** The RFC 8463 Ed25519 key wrapped in SubjectPublicKeyInfo (RFC 8410), which DKIM does not allow. */
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

async function inspect(text: string): Promise<DkimKeyInspection> {
  const { record } = parseDkimKey(text);
  expect(record).not.toBeNull();
  return inspectDkimKey(record!);
}

const codes = (i: DkimKeyInspection) => i.diagnostics.map((d) => d.code);
const reason = (i: DkimKeyInspection) =>
  i.diagnostics.find((d) => d.code === 'dkim/key-damaged')?.params?.reason;

describe('inspectDkimKey', () => {
  it('reads a 1024-bit RSA SubjectPublicKeyInfo: weak (RFC 8301 §3.2)', async () => {
    const i = await inspect(`v=DKIM1; k=rsa; p=${RSA_1024}`);
    expect(i).toMatchObject({
      algorithm: 'rsa',
      bits: 1024,
      revoked: false,
      encoding: 'spki',
      importedByWebCrypto: true,
    });
    expect(codes(i)).toEqual(['dkim/key-weak']);
    expect(i.diagnostics[0].params).toEqual({ bits: 1024 });
  });

  it('reads a 2048-bit key as fine (RFC 8301 §3.2)', async () => {
    const { record } = await generateDkimKey({ algorithm: 'rsa', bits: 2048 });
    const i = await inspect(record);
    expect(i).toMatchObject({ algorithm: 'rsa', bits: 2048, importedByWebCrypto: true });
    expect(codes(i)).toEqual([]);
  });

  it('a 512-bit key is too short (error, RFC 8301 §3.2)', async () => {
    const i = await inspect(`k=rsa; p=${RSA_512}`);
    expect(i.bits).toBe(512);
    expect(codes(i)).toEqual(['dkim/key-too-short']);
    expect(i.diagnostics[0].severity).toBe('error');
  });

  it('a bare PKCS#1 RSAPublicKey decodes, with a warning (RFC 6376 §3.6.1)', async () => {
    const i = await inspect(`v=DKIM1; p=${PKCS1_1024}`);
    expect(i).toMatchObject({ algorithm: 'rsa', bits: 1024, encoding: 'pkcs1', importedByWebCrypto: true });
    expect(codes(i)).toEqual(['dkim/key-pkcs1', 'dkim/key-weak']);
  });

  it('an Ed25519 key is 32 raw octets (RFC 8463 §4.2)', async () => {
    const i = await inspect(`v=DKIM1; k=ed25519; p=${ED25519}`);
    expect(i).toMatchObject({ algorithm: 'ed25519', bits: 256, encoding: 'raw', importedByWebCrypto: true });
    expect(codes(i)).toEqual([]);
  });

  it('an Ed25519 key wrapped in SPKI is an error (RFC 8463 §4.2)', async () => {
    const i = await inspect(`v=DKIM1; k=ed25519; p=${ED25519_SPKI}`);
    expect(i.encoding).toBe('spki-ed25519');
    expect(codes(i)).toEqual(['dkim/ed25519-key-wrapped']);
  });

  it('k=rsa (the default) with an Ed25519 key is a type mismatch (RFC 6376 §3.6.1)', async () => {
    const i = await inspect(`v=DKIM1; p=${ED25519}`);
    expect(codes(i)).toEqual(['dkim/key-type-mismatch']);
    expect(i.diagnostics[0].params).toEqual({ k: 'rsa', found: 'ed25519' });
  });

  it('k=ed25519 with an RSA key is a type mismatch', async () => {
    const i = await inspect(`v=DKIM1; k=ed25519; p=${RSA_1024}`);
    expect(i.diagnostics[0].params).toEqual({ k: 'ed25519', found: 'rsa' });
  });

  it('an empty p= is revoked (RFC 6376 §3.6.1)', async () => {
    const i = await inspect('v=DKIM1; p=');
    expect(i).toMatchObject({ algorithm: 'rsa', revoked: true });
    expect(codes(i)).toEqual(['dkim/key-revoked']);
  });

  it('an unknown k= cannot be inspected', async () => {
    const i = await inspect(`v=DKIM1; k=dsa; p=${RSA_1024}`);
    expect(i.algorithm).toBe('dsa');
    expect(codes(i)).toEqual(['dkim/unknown-key-type']);
  });

  const damaged: Array<{ name: string; p: string; reason: string }> = [
    {
      name: 'literal quotes pasted inside',
      p: `${RSA_1024.slice(0, 50)}""${RSA_1024.slice(50)}`,
      reason: 'quotes',
    },
    {
      name: 'a character outside base64',
      p: `${RSA_1024.slice(0, 50)}_${RSA_1024.slice(50)}`,
      reason: 'not-base64',
    },
    { name: '"=" in the middle', p: `${RSA_1024.slice(0, 50)}=${RSA_1024.slice(51)}`, reason: 'bad-padding' },
    { name: 'the last character lost', p: RSA_1024.slice(0, -1), reason: 'truncated' },
    {
      name: 'the last four characters lost (DER length runs past the data)',
      p: RSA_1024.slice(0, -4),
      reason: 'truncated',
    },
    { name: '"…IDAQA=" instead of "…IDAQAB"', p: `${RSA_1024.slice(0, -1)}=`, reason: 'truncated' },
    {
      name: 'bytes after the key',
      p: encodeBase64(Uint8Array.from([...(decodeBase64(RSA_1024) as { bytes: Uint8Array }).bytes, 0, 0, 0])),
      reason: 'trailing-data',
    },
    { name: 'base64 of plain text', p: 'bm90LWEta2V5', reason: 'not-a-key' },
  ];
  for (const row of damaged) {
    it(`damage: ${row.name} → reason ${row.reason} (RFC 6376 §3.6.1)`, async () => {
      const record = { v: 'DKIM1' as const, k: 'rsa' as const, p: row.p };
      const i = await inspectDkimKey(record);
      expect(codes(i)).toEqual(['dkim/key-damaged']);
      expect(reason(i)).toBe(row.reason);
    });
  }

  it('an Ed25519 key of 16 octets has the wrong length (RFC 8463 §4.2)', async () => {
    const i = await inspect('v=DKIM1; k=ed25519; p=HbawiMnQXTCopHTkR0jlKQ==');
    expect(reason(i)).toBe('ed25519-length');
  });

  it('a non-RSA SubjectPublicKeyInfo (an EC key) names its algorithm', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
    const i = await inspectDkimKey({ k: 'rsa', p: encodeBase64(spki) });
    expect(reason(i)).toBe('unknown-algorithm');
    expect(i.diagnostics[0].params?.oid).toBe('1.2.840.10045.2.1');
  });
});
