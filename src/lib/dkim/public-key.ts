// What the bytes of a DKIM p= value are: an RSA key as SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) or as
// a bare PKCS#1 RSAPublicKey (RFC 8017 §A.1.1), an Ed25519 key as 32 raw octets (RFC 8463 §4.2) or
// wrapped in SubjectPublicKeyInfo (RFC 8410 §4, not allowed in DKIM), or damage.

import {
  DER_BIT_STRING,
  DER_INTEGER,
  DER_NULL,
  DER_OID,
  DER_SEQUENCE,
  content,
  encodeTlv,
  integerBits,
  oidToString,
  readChildren,
  readDer,
  type DerNode,
} from './der.ts';
import type { DkimKeyDamage } from './model.ts';

/** RFC 8017 Appendix C: rsaEncryption. */
export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
/** RFC 8410 §3: id-Ed25519. */
export const OID_ED25519 = '1.3.101.112';
/** RFC 8032 §5.1.5: an Ed25519 public key is 32 octets. */
export const ED25519_KEY_OCTETS = 32;
export const ED25519_BITS = 256;

export type PublicKeyShape =
  | { kind: 'rsa'; encoding: 'spki' | 'pkcs1'; bits: number; spki: Uint8Array }
  | { kind: 'ed25519'; encoding: 'raw' | 'spki-ed25519'; raw: Uint8Array }
  | { kind: 'damaged'; reason: DkimKeyDamage; oid?: string };

function rsaPublicKeyBits(bytes: Uint8Array, node: DerNode): number | null {
  if (node.tag !== DER_SEQUENCE) return null;
  const parts = readChildren(bytes, node);
  if (parts.length !== 2 || !parts.every((p) => p.ok && p.node.tag === DER_INTEGER)) return null;
  const modulus = parts[0].ok ? content(bytes, parts[0].node) : new Uint8Array();
  return integerBits(modulus);
}

/** SubjectPublicKeyInfo around a PKCS#1 RSAPublicKey (what WebCrypto's 'spki' import expects). */
export function wrapRsaPublicKey(pkcs1: Uint8Array): Uint8Array {
  const oid = Uint8Array.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]);
  const algorithm = encodeTlv(DER_SEQUENCE, [...encodeTlv(DER_OID, oid), ...encodeTlv(DER_NULL, [])]);
  const bitString = encodeTlv(DER_BIT_STRING, [0, ...pkcs1]);
  return encodeTlv(DER_SEQUENCE, [...algorithm, ...bitString]);
}

export function classifyPublicKey(bytes: Uint8Array): PublicKeyShape {
  if (bytes.length === 0) return { kind: 'damaged', reason: 'not-a-key' };
  if (bytes[0] !== DER_SEQUENCE) {
    return bytes.length === ED25519_KEY_OCTETS
      ? { kind: 'ed25519', encoding: 'raw', raw: bytes }
      : { kind: 'damaged', reason: 'not-a-key' };
  }
  const outer = readDer(bytes, 0);
  if (!outer.ok) {
    // A 32-octet Ed25519 key can start with 0x30 by chance.
    if (bytes.length === ED25519_KEY_OCTETS) return { kind: 'ed25519', encoding: 'raw', raw: bytes };
    return { kind: 'damaged', reason: outer.problem === 'truncated' ? 'truncated' : 'not-a-key' };
  }
  if (outer.node.end !== bytes.length) {
    if (bytes.length === ED25519_KEY_OCTETS) return { kind: 'ed25519', encoding: 'raw', raw: bytes };
    return { kind: 'damaged', reason: 'trailing-data' };
  }
  const parts = readChildren(bytes, outer.node);
  const broken = parts.find((p) => !p.ok);
  if (broken && !broken.ok)
    return { kind: 'damaged', reason: broken.problem === 'truncated' ? 'truncated' : 'not-a-key' };
  const nodes = parts.map((p) => (p.ok ? p.node : null)).filter((n): n is DerNode => n !== null);

  // PKCS#1 RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
  if (nodes.length === 2 && nodes.every((n) => n.tag === DER_INTEGER)) {
    const bits = integerBits(content(bytes, nodes[0]));
    return { kind: 'rsa', encoding: 'pkcs1', bits, spki: wrapRsaPublicKey(bytes) };
  }
  // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
  if (nodes.length !== 2 || nodes[0].tag !== DER_SEQUENCE || nodes[1].tag !== DER_BIT_STRING) {
    return { kind: 'damaged', reason: 'not-a-key' };
  }
  const algorithm = readChildren(bytes, nodes[0]);
  const oidNode = algorithm[0]?.ok ? algorithm[0].node : null;
  if (!oidNode || oidNode.tag !== DER_OID) return { kind: 'damaged', reason: 'not-a-key' };
  const oid = oidToString(content(bytes, oidNode));
  const bitString = content(bytes, nodes[1]);
  // X.690 §8.6.2: the first content octet of a BIT STRING counts the unused bits (0 for keys).
  const key = bitString.subarray(1);
  if (oid === OID_ED25519) {
    if (key.length !== ED25519_KEY_OCTETS) return { kind: 'damaged', reason: 'ed25519-length' };
    return { kind: 'ed25519', encoding: 'spki-ed25519', raw: key };
  }
  if (oid !== OID_RSA_ENCRYPTION) return { kind: 'damaged', reason: 'unknown-algorithm', oid };
  const inner = readDer(key, 0);
  if (!inner.ok)
    return { kind: 'damaged', reason: inner.problem === 'truncated' ? 'truncated' : 'not-a-key' };
  if (inner.node.end !== key.length) return { kind: 'damaged', reason: 'trailing-data' };
  const bits = rsaPublicKeyBits(key, inner.node);
  if (bits === null) return { kind: 'damaged', reason: 'not-a-key' };
  return { kind: 'rsa', encoding: 'spki', bits, spki: bytes };
}
