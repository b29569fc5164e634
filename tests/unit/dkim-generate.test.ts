// generateDkimKey (RFC 8301 §3.1–3.2, RFC 8463 §4.2): the record parses cleanly, the key inspects at
// the requested size, and the PEM private key signs what the published key verifies.
import { describe, expect, it } from 'vitest';
import { generateDkimKey, inspectDkimKey, parseDkimKey } from '../../src/lib/index.ts';
import { decodeBase64 } from '../../src/lib/dkim/base64.ts';

function pemBody(pem: string): Uint8Array {
  expect(pem).toMatch(
    /^-----BEGIN PRIVATE KEY-----\n(?:[A-Za-z0-9+/=]{1,64}\n)+-----END PRIVATE KEY-----\n$/,
  );
  const decoded = decodeBase64(pem.replace(/-----[^-]+-----|\s/g, ''));
  if (!decoded.ok) throw new Error('PEM body is not base64');
  return decoded.bytes;
}

const data = new TextEncoder().encode('DKIM-Signature test');

describe('generateDkimKey', () => {
  for (const bits of [1024, 2048, 4096] as const) {
    it(`RSA ${bits}: v=DKIM1; k=rsa; p=<SubjectPublicKeyInfo> (RFC 8301 §3.2)`, async () => {
      const { privateKeyPem, record } = await generateDkimKey({ algorithm: 'rsa', bits });
      expect(record).toMatch(/^v=DKIM1; k=rsa; p=[A-Za-z0-9+/]+=*$/);
      const parsed = parseDkimKey(record);
      expect(parsed.diagnostics).toEqual([]);
      const info = await inspectDkimKey(parsed.record!);
      expect(info).toMatchObject({ algorithm: 'rsa', bits, encoding: 'spki', importedByWebCrypto: true });
      expect(info.diagnostics.map((d) => d.code)).toEqual(bits < 2048 ? ['dkim/key-weak'] : []);

      const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
      const privateKey = await crypto.subtle.importKey(
        'pkcs8',
        pemBody(privateKeyPem) as BufferSource,
        algorithm,
        false,
        ['sign'],
      );
      const spki = decodeBase64(parsed.record!.p);
      if (!spki.ok) throw new Error('p= is not base64');
      const publicKey = await crypto.subtle.importKey('spki', spki.bytes as BufferSource, algorithm, false, [
        'verify',
      ]);
      const signature = await crypto.subtle.sign(algorithm, privateKey, data);
      expect(await crypto.subtle.verify(algorithm, publicKey, signature, data)).toBe(true);
    }, 60_000);
  }

  it('RSA defaults to 2048 bits (RFC 8301 §3.2 SHOULD)', async () => {
    const { record } = await generateDkimKey({ algorithm: 'rsa' });
    expect((await inspectDkimKey(parseDkimKey(record).record!)).bits).toBe(2048);
  }, 60_000);

  it('Ed25519: v=DKIM1; k=ed25519; p=<32 raw octets> (RFC 8463 §4.2)', async () => {
    const { privateKeyPem, record } = await generateDkimKey({ algorithm: 'ed25519' });
    expect(record).toMatch(/^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=$/);
    const parsed = parseDkimKey(record);
    const info = await inspectDkimKey(parsed.record!);
    expect(info).toMatchObject({ algorithm: 'ed25519', bits: 256, encoding: 'raw' });
    expect(info.diagnostics).toEqual([]);

    const privateKey = await crypto.subtle.importKey(
      'pkcs8',
      pemBody(privateKeyPem) as BufferSource,
      { name: 'Ed25519' },
      false,
      ['sign'],
    );
    const raw = decodeBase64(parsed.record!.p);
    if (!raw.ok) throw new Error('p= is not base64');
    const publicKey = await crypto.subtle.importKey(
      'raw',
      raw.bytes as BufferSource,
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
    const signature = await crypto.subtle.sign({ name: 'Ed25519' }, privateKey, data);
    expect(await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, signature, data)).toBe(true);
  });

  it('refuses a size it does not offer', async () => {
    await expect(generateDkimKey({ algorithm: 'rsa', bits: 512 as never })).rejects.toThrow(RangeError);
  });
});
