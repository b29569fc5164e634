// Looks inside a DKIM key (RFC 6376 §3.6.1, RFC 8301 §3.2, RFC 8463 §4.2): decodes p=, finds the
// key type and size from the DER (or the 32 raw Ed25519 octets), says how a damaged key is damaged,
// and where WebCrypto is available confirms the key by importing it (Node 20 and browsers).

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import { readKeyShape } from './key-shape.ts';
import type { DkimKeyInspection, DkimKeyRecord, DkimKeyType } from './model.ts';
import { DKIM_KEY_TYPES } from './parse.ts';
import { ED25519_BITS } from './public-key.ts';

/** RFC 8301 §3.2: "Verifiers MUST NOT consider signatures using RSA keys of less than 1024 bits
 *  as valid signatures." */
export const MIN_RSA_BITS = 1024;
/** RFC 8301 §3.2: "Signers MUST use RSA keys of at least 1024 bits ... SHOULD use RSA keys of at
 *  least 2048 bits". */
export const RECOMMENDED_RSA_BITS = 2048;

/** RFC 8301 §3.2: "Signers MUST use RSA keys of at least 1024 bits"; 2048 is recommended. */
export function rsaSizeDiagnostics(bits: number): Diagnostic[] {
  if (bits < MIN_RSA_BITS) return [diagnostic('dkim/key-too-short', { params: { bits } })];
  if (bits < RECOMMENDED_RSA_BITS) return [diagnostic('dkim/key-weak', { params: { bits } })];
  return [];
}

type Imported = boolean | undefined;

/** WebCrypto's verdict: true imported, false refused the data, undefined not available/supported. */
async function tryImport(
  format: 'spki' | 'raw',
  bytes: Uint8Array,
  algorithm: RsaHashedImportParams | Algorithm,
): Promise<Imported> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  try {
    await subtle.importKey(format, bytes as BufferSource, algorithm, true, ['verify']);
    return true;
  } catch (e) {
    return e instanceof Error && e.name === 'DataError' ? false : undefined;
  }
}

export async function inspectDkimKey(r: DkimKeyRecord): Promise<DkimKeyInspection> {
  const invalidK = r.invalid?.find((t) => t.name === 'k');
  const algorithm: DkimKeyType | string = invalidK ? invalidK.value : (r.k ?? 'rsa');
  const diagnostics: Diagnostic[] = [];
  const result: DkimKeyInspection = { algorithm, revoked: r.p === '', diagnostics };
  if (result.revoked) {
    diagnostics.push(diagnostic('dkim/key-revoked'));
    return result;
  }
  if (!(DKIM_KEY_TYPES as readonly string[]).includes(algorithm)) {
    // §3.6.1 k=: an unrecognized key type cannot verify anything; nothing to look at.
    diagnostics.push(diagnostic('dkim/unknown-key-type', { params: { k: algorithm } }));
    return result;
  }
  const damaged = (reason: string, params: Record<string, string | number> = {}) => {
    diagnostics.push(diagnostic('dkim/key-damaged', { params: { ...params, reason } }));
    return result;
  };

  const read = readKeyShape(r.p, algorithm === 'ed25519' ? 'ed25519' : 'rsa');
  if (!read.ok) {
    const { problem, shape } = read;
    if (problem.code === 'dkim/key-damaged') return damaged(problem.reason, problem.params);
    diagnostics.push(diagnostic(problem.code, { params: problem.params }));
    if (problem.code === 'dkim/ed25519-key-wrapped' && shape?.kind === 'ed25519') {
      // RFC 8463 §4.2: the key is the 32 octets themselves, not an ASN.1 structure.
      result.encoding = shape.encoding;
      result.bits = ED25519_BITS;
    }
    return result;
  }
  const { shape } = read;

  if (shape.kind === 'ed25519') {
    result.encoding = shape.encoding;
    result.bits = ED25519_BITS;
    result.importedByWebCrypto = await tryImport('raw', shape.raw, { name: 'Ed25519' });
    if (result.importedByWebCrypto === false) damaged('rejected');
    return result;
  }

  // k=rsa (or no k=, which means rsa).
  result.encoding = shape.encoding;
  result.bits = shape.bits;
  if (shape.encoding === 'pkcs1') diagnostics.push(diagnostic('dkim/key-pkcs1'));
  diagnostics.push(...rsaSizeDiagnostics(shape.bits));
  result.importedByWebCrypto = await tryImport('spki', shape.spki, {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
  });
  // Some WebCrypto implementations refuse very small moduli; only a usable-size key that is
  // refused counts as damage.
  if (result.importedByWebCrypto === false && shape.bits >= MIN_RSA_BITS) damaged('rejected');
  return result;
}
