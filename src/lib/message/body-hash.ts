// Body hashes (RFC 6376 §3.7 bh=): the canonical body is computed once per canonicalisation, and
// its hash once per (canonicalisation, hash algorithm, l=), however many signatures ask for it.
// Digests go through WebCrypto, which browsers run off the main thread.

import { canonicalBody, type Canonicalization } from './canonicalize.ts';

export type BodyHashAlgorithm = 'sha256' | 'sha1';

const WEBCRYPTO_HASH: Record<BodyHashAlgorithm, string> = { sha256: 'SHA-256', sha1: 'SHA-1' };

export type BodyHashResult =
  | { ok: true; hash: Uint8Array; canonicalLength: number }
  /** §3.5 l=: more octets claimed than the canonical body has. */
  | { ok: false; canonicalLength: number };

export function webCryptoHash(hash: BodyHashAlgorithm): string {
  return WEBCRYPTO_HASH[hash];
}

export async function digest(hash: BodyHashAlgorithm, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(WEBCRYPTO_HASH[hash], data as Uint8Array<ArrayBuffer>));
}

/** One message body, hashed on demand; concurrent askers share one computation. */
export class BodyHasher {
  readonly #body: Uint8Array;
  readonly #signal?: AbortSignal;
  readonly #canonical = new Map<Canonicalization, Promise<Uint8Array>>();
  readonly #hashes = new Map<string, Promise<BodyHashResult>>();

  constructor(body: Uint8Array, o: { signal?: AbortSignal } = {}) {
    this.#body = body;
    this.#signal = o.signal;
  }

  /** How many distinct (canonicalisation, hash, l=) triples were hashed. */
  get computed(): number {
    return this.#hashes.size;
  }

  canonical(c: Canonicalization): Promise<Uint8Array> {
    let p = this.#canonical.get(c);
    if (!p) {
      p = canonicalBody(this.#body, c, { signal: this.#signal });
      this.#canonical.set(c, p);
    }
    return p;
  }

  hash(c: Canonicalization, hash: BodyHashAlgorithm, length?: number): Promise<BodyHashResult> {
    const key = `${c}/${hash}/${length ?? ''}`;
    let p = this.#hashes.get(key);
    if (!p) {
      p = this.canonical(c).then(async (body): Promise<BodyHashResult> => {
        if (length !== undefined && length > body.length) return { ok: false, canonicalLength: body.length };
        const signed = length === undefined ? body : body.subarray(0, length);
        return { ok: true, hash: await digest(hash, signed), canonicalLength: body.length };
      });
      this.#hashes.set(key, p);
    }
    return p;
  }
}
