// A new DKIM key pair with WebCrypto (Node 20 and browsers), and the TXT record for it:
// RSA (RSASSA-PKCS1-v1_5 with SHA-256, RFC 8301 §3.1) published as SubjectPublicKeyInfo, or
// Ed25519 published as its 32 raw octets (RFC 8463 §4.2). The private key is PKCS#8 PEM.

import { encodeBase64 } from './base64.ts';
import { formatDkimKey } from './format.ts';
import type { DkimKeyType } from './model.ts';

export type DkimRsaBits = 1024 | 2048 | 4096;

export interface GenerateDkimKeyOptions {
  algorithm: DkimKeyType;
  /** RSA only; default 2048 (RFC 8301 §3.2: signers "SHOULD use RSA keys of at least 2048 bits"). */
  bits?: DkimRsaBits;
}

export const DEFAULT_RSA_BITS: DkimRsaBits = 2048;
const RSA_BITS: readonly number[] = [1024, 2048, 4096];
/** RFC 8017 §3.1: e = 65537, the usual public exponent. */
const PUBLIC_EXPONENT = new Uint8Array([0x01, 0x00, 0x01]);
/** RFC 7468 §2: lines of 64 characters. */
const PEM_LINE = 64;

/** RFC 7468 PEM for a PKCS#8 PrivateKeyInfo. */
export function privateKeyPem(pkcs8: Uint8Array): string {
  const body = encodeBase64(pkcs8).match(new RegExp(`.{1,${PEM_LINE}}`, 'g')) ?? [];
  return ['-----BEGIN PRIVATE KEY-----', ...body, '-----END PRIVATE KEY-----', ''].join('\n');
}

export async function generateDkimKey(
  o: GenerateDkimKeyOptions,
): Promise<{ privateKeyPem: string; record: string }> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('WebCrypto (crypto.subtle) is not available here');
  if (o.algorithm === 'ed25519') {
    const pair = (await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const raw = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
    const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey));
    return {
      privateKeyPem: privateKeyPem(pkcs8),
      record: formatDkimKey({ v: 'DKIM1', k: 'ed25519', p: encodeBase64(raw) }),
    };
  }
  const bits = o.bits ?? DEFAULT_RSA_BITS;
  if (!RSA_BITS.includes(bits)) throw new RangeError(`RSA key size must be one of ${RSA_BITS.join(', ')}`);
  const pair = await subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: bits, publicExponent: PUBLIC_EXPONENT, hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  );
  const spki = new Uint8Array(await subtle.exportKey('spki', pair.publicKey));
  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey));
  return {
    privateKeyPem: privateKeyPem(pkcs8),
    record: formatDkimKey({ v: 'DKIM1', k: 'rsa', p: encodeBase64(spki) }),
  };
}
