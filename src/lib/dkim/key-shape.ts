// The synchronous reading of a DKIM p= value (RFC 6376 §3.6.1, §6.1.2; RFC 8463 §4.2): base64
// length and padding (RFC 4648 §4), the DER shape of SubjectPublicKeyInfo or PKCS#1, 32 octets for
// Ed25519. Shared by parseDkimKey (which reports it with a span on p=) and inspectDkimKey (which
// goes on to WebCrypto), so the two cannot disagree about what "damaged" means.

import { decodeBase64 } from './base64.ts';
import { DER_SEQUENCE } from './der.ts';
import type { DkimKeyDamage } from './model.ts';
import { classifyPublicKey, type PublicKeyShape } from './public-key.ts';

export type KeyShapeProblem =
  /** `dkim/key-damaged`: `index` is the offset in p (whitespace removed) where base64 broke. */
  | {
      code: 'dkim/key-damaged';
      reason: DkimKeyDamage;
      index?: number;
      params: Record<string, string | number>;
    }
  /** `dkim/key-type-mismatch`: k= says one type, the key is the other. */
  | { code: 'dkim/key-type-mismatch'; params: { k: string; found: string } }
  /** `dkim/ed25519-key-wrapped`: RFC 8463 §4.2, the key is the 32 octets, not an ASN.1 structure. */
  | { code: 'dkim/ed25519-key-wrapped'; params: Record<string, never> };

export type KeyShape =
  | { ok: true; shape: Exclude<PublicKeyShape, { kind: 'damaged' }> }
  | { ok: false; problem: KeyShapeProblem; shape?: Exclude<PublicKeyShape, { kind: 'damaged' }> };

/**
 * Reads `p` (whitespace already removed, not empty) as a key of `algorithm` ('rsa' or 'ed25519').
 * Never throws.
 */
export function readKeyShape(p: string, algorithm: 'rsa' | 'ed25519'): KeyShape {
  const decoded = decodeBase64(p);
  if (!decoded.ok) {
    const params: Record<string, string | number> = { reason: decoded.reason };
    if (decoded.reason === 'not-base64') params.char = decoded.char;
    // 'truncated' says where the text stops; the character to point at is the lone one before it.
    const index = decoded.reason === 'truncated' ? decoded.index - 1 : decoded.index;
    return { ok: false, problem: { code: 'dkim/key-damaged', reason: decoded.reason, index, params } };
  }
  const shape = classifyPublicKey(decoded.bytes);
  if (shape.kind === 'damaged') {
    // Not DER and not 32 octets: for k=ed25519 the likelier story is a key of the wrong length.
    const reason =
      algorithm === 'ed25519' && shape.reason === 'not-a-key' && decoded.bytes[0] !== DER_SEQUENCE
        ? 'ed25519-length'
        : shape.reason;
    const params: Record<string, string | number> = shape.oid
      ? { reason, oid: shape.oid }
      : { reason, bytes: decoded.bytes.length };
    return { ok: false, problem: { code: 'dkim/key-damaged', reason, params } };
  }
  if (algorithm === 'ed25519' && shape.kind === 'rsa') {
    return {
      ok: false,
      shape,
      problem: { code: 'dkim/key-type-mismatch', params: { k: 'ed25519', found: 'rsa' } },
    };
  }
  if (algorithm === 'rsa' && shape.kind === 'ed25519') {
    return {
      ok: false,
      shape,
      problem: { code: 'dkim/key-type-mismatch', params: { k: 'rsa', found: 'ed25519' } },
    };
  }
  if (shape.kind === 'ed25519' && shape.encoding === 'spki-ed25519') {
    return { ok: false, shape, problem: { code: 'dkim/ed25519-key-wrapped', params: {} } };
  }
  return { ok: true, shape };
}
