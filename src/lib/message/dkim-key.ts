// The public key of a signature (RFC 6376 §6.1.2): fetched through the Resolver at
// <s>._domainkey.<d> (CNAMEs followed by the resolver, character-strings joined by txtRecords),
// parsed with the key-record parser, checked against the signature (key h=, k= vs a=, s=, t=s,
// revoked, RFC 8301 §3.2 size) and imported into WebCrypto. Shared by DKIM and ARC.

import { decodeBase64 } from '../dkim/base64.ts';
import { MIN_RSA_BITS } from '../dkim/inspect.ts';
import type { DkimKeyRecord } from '../dkim/model.ts';
import { parseDkimKey } from '../dkim/parse.ts';
import { classifyPublicKey, ED25519_BITS, type PublicKeyShape } from '../dkim/public-key.ts';
import { resolveSafely, txtRecords, typedAnswer } from '../dns/answer.ts';
import type { Resolver } from '../dns/model.ts';
import type { DkimResult } from './dkim-verify.ts';
import { identityDomain, type DkimSignature } from './dkim-signature.ts';

/** A key that is ready to verify with. */
export interface UsableKey {
  key: CryptoKey;
  bits: number;
  /** t=y: the domain is testing DKIM (RFC 6376 §3.6.1). */
  testing: boolean;
}

export interface KeyProblem {
  result: DkimResult;
  code: string;
  params?: Record<string, string | number>;
  /** RSA modulus length when it was read before the problem was found. */
  bits?: number;
}

export type KeyCheck = { ok: true; key: UsableKey } | ({ ok: false } & KeyProblem);

/** Key record lookups, by DNS name: one per name however many signatures use it. */
export type KeyLookups = Map<string, Promise<KeyFetch>>;

export type KeyFetch =
  | { ok: true; records: Array<{ text: string; record: DkimKeyRecord | null; syntax?: string }> }
  | ({ ok: false } & KeyProblem);

/** The DNS name of a key record (RFC 6376 §3.6.2.1). */
export function keyName(sig: Pick<DkimSignature, 'selector' | 'domain'>): string {
  return `${sig.selector}._domainkey.${sig.domain}`;
}

/** Key-record parser codes that make the record unusable (RFC 6376 §3.6.1). */
const RECORD_SYNTAX = new Set([
  'dkim/syntax-error',
  'dkim/duplicate-tag',
  'dkim/invalid-version',
  'dkim/version-not-first',
  'dkim/missing-key',
]);

async function fetchKey(name: string, resolver: Resolver, signal?: AbortSignal): Promise<KeyFetch> {
  const response = await resolveSafely(resolver, name, 'TXT', signal);
  const answer = typedAnswer(response, 'TXT');
  // §6.1.2: "If the key query fails to respond, the Verifier SHOULD ... return TEMPFAIL (key
  // unavailable)" and "If the query for the public key fails because the corresponding key record
  // does not exist, the Verifier MUST immediately return PERMFAIL (no key for signature)."
  if (answer.kind === 'error')
    return {
      ok: false,
      result: 'temperror',
      code: 'message/dkim-key-unavailable',
      params: { name, status: response.status },
    };
  if (answer.kind === 'void')
    return { ok: false, result: 'permerror', code: 'message/dkim-key-not-found', params: { name } };
  const records = txtRecords(response).map(({ text }) => {
    const parsed = parseDkimKey(text);
    const syntax = parsed.diagnostics.find((d) => RECORD_SYNTAX.has(d.code))?.code;
    return { text, record: syntax ? null : parsed.record, ...(syntax ? { syntax } : {}) };
  });
  return { ok: true, records };
}

/** The key records at the signature's name (cached in `lookups`). */
export function lookupKey(
  sig: DkimSignature,
  resolver: Resolver,
  lookups: KeyLookups,
  signal?: AbortSignal,
): Promise<KeyFetch> {
  const name = keyName(sig);
  let p = lookups.get(name);
  if (!p) {
    p = fetchKey(name, resolver, signal);
    lookups.set(name, p);
  }
  return p;
}

const lower = (items: string[] | undefined) => items?.map((v) => v.toLowerCase());

/**
 * Imported keys kept for reuse, by algorithm and p=: importing an RSA key costs about 1 ms (more
 * than verifying with it), and one page verifies the same keys again and again (DKIM and ARC of one
 * message, the next message of the same sender, a re-run). A key is public data, so sharing it
 * between calls leaks nothing; the bound keeps a long session's memory flat.
 */
export const MAX_CACHED_KEYS = 64;
const imported = new Map<string, Promise<CryptoKey>>();

/** Empties the imported-key cache (the benchmark's cold runs). */
export function clearKeyCache(): void {
  imported.clear();
  shapes.clear();
}

const shapes = new Map<string, PublicKeyShape>();

/** p= decoded and classified (RFC 6376 §3.6.1, RFC 8463 §4.2), remembered like the imported keys. */
function publicKeyShape(p: string): PublicKeyShape {
  let shape = shapes.get(p);
  if (!shape) {
    const decoded = decodeBase64(p);
    shape = decoded.ok ? classifyPublicKey(decoded.bytes) : { kind: 'damaged', reason: decoded.reason };
    if (shapes.size >= MAX_CACHED_KEYS) shapes.delete(shapes.keys().next().value!);
    shapes.set(p, shape);
  }
  return shape;
}

function importCached(cacheKey: string, load: () => Promise<CryptoKey>): Promise<CryptoKey> {
  const hit = imported.get(cacheKey);
  if (hit) {
    // Most recently used last, so the oldest is the first to go.
    imported.delete(cacheKey);
    imported.set(cacheKey, hit);
    return hit;
  }
  const p = load();
  imported.set(cacheKey, p);
  p.catch(() => imported.delete(cacheKey));
  if (imported.size > MAX_CACHED_KEYS) imported.delete(imported.keys().next().value!);
  return p;
}

/** Checks one key record against the signature and imports it (RFC 6376 §6.1.2, RFC 8301, RFC 8463). */
export async function checkKey(
  record: DkimKeyRecord,
  sig: DkimSignature,
  o: { checkIdentity: boolean },
): Promise<KeyCheck> {
  // §3.6.1 p=: "An empty value means that this public key has been revoked."
  if (record.p === '') return { ok: false, result: 'permerror', code: 'message/dkim-key-revoked' };
  // §6.1.2 step 5: "If the "h=" tag exists in the public-key record and the hash algorithm implied by
  // the "a=" tag in the DKIM-Signature header field is not included ... return PERMFAIL".
  const hashes = lower(record.h);
  if (hashes && !hashes.includes(sig.hash))
    return {
      ok: false,
      result: 'permerror',
      code: 'message/dkim-key-hash-not-allowed',
      params: { hash: sig.hash, h: record.h!.join(':') },
    };
  // §6.1.2 step 6: k= must match the key type of a= (k= absent means rsa, §3.6.1).
  const unknownK = record.invalid?.find((t) => t.name === 'k')?.value;
  const keyType = unknownK ?? record.k ?? 'rsa';
  if (keyType !== sig.keyType)
    return {
      ok: false,
      result: 'permerror',
      code: 'message/dkim-key-type-mismatch',
      params: { k: keyType, algorithm: sig.algorithm },
    };
  // §3.6.1 s=: the key must be for "email" or "*".
  const services = lower(record.s);
  if (services && !services.some((s) => s === '*' || s === 'email'))
    return {
      ok: false,
      result: 'permerror',
      code: 'message/dkim-key-not-for-email',
      params: { s: record.s!.join(':') },
    };
  const flags = lower(record.t) ?? [];
  // §3.6.1 t=s: "the "i=" domain MUST NOT be a subdomain of "d="".
  if (
    o.checkIdentity &&
    flags.includes('s') &&
    sig.identity !== undefined &&
    identityDomain(sig.identity) !== sig.domain
  )
    return {
      ok: false,
      result: 'permerror',
      code: 'message/dkim-key-strict-subdomain',
      params: { i: sig.identity, d: sig.domain },
    };

  const shape = publicKeyShape(record.p);
  if (shape.kind === 'damaged')
    return {
      ok: false,
      result: 'permerror',
      code: 'message/dkim-key-damaged',
      params: { reason: shape.reason },
    };
  if (shape.kind !== sig.keyType)
    return {
      ok: false,
      result: 'permerror',
      code: 'message/dkim-key-type-mismatch',
      params: { k: shape.kind, algorithm: sig.algorithm },
    };
  const testing = flags.includes('y');
  if (shape.kind === 'rsa') {
    // RFC 8301 §3.2: "Verifiers MUST NOT consider signatures using RSA keys of less than 1024 bits as valid signatures."
    if (shape.bits < MIN_RSA_BITS)
      return {
        ok: false,
        result: 'fail',
        code: 'message/dkim-key-too-short',
        params: { bits: shape.bits },
        bits: shape.bits,
      };
    try {
      // The p= of a PKCS#1 RSAPublicKey (RFC 6376 erratum 3017) arrives here wrapped in SPKI.
      const hash = sig.hash === 'sha1' ? 'SHA-1' : 'SHA-256';
      const key = await importCached(`rsa/${hash}/${record.p}`, () =>
        crypto.subtle.importKey(
          'spki',
          shape.spki as Uint8Array<ArrayBuffer>,
          { name: 'RSASSA-PKCS1-v1_5', hash },
          false,
          ['verify'],
        ),
      );
      return { ok: true, key: { key, bits: shape.bits, testing } };
    } catch {
      return {
        ok: false,
        result: 'permerror',
        code: 'message/dkim-key-damaged',
        params: { reason: 'rejected' },
        bits: shape.bits,
      };
    }
  }
  // RFC 8463 §4.2: the key is the 32 raw octets; an SPKI-wrapped Ed25519 key is not a DKIM key.
  if (shape.encoding !== 'raw')
    return {
      ok: false,
      result: 'permerror',
      code: 'message/dkim-key-damaged',
      params: { reason: shape.encoding },
    };
  try {
    const key = await importCached(`ed25519/${record.p}`, () =>
      crypto.subtle.importKey('raw', shape.raw as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, [
        'verify',
      ]),
    );
    return { ok: true, key: { key, bits: ED25519_BITS, testing } };
  } catch {
    // Ed25519 in WebCrypto: Safari 17, Firefox 129, Chromium 137 and later.
    return {
      ok: false,
      result: 'neutral',
      code: 'message/dkim-algorithm-unavailable',
      params: { algorithm: sig.algorithm },
    };
  }
}
