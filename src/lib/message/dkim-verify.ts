// DKIM verification (RFC 6376 §6.1) of every DKIM-Signature field of a message, each on its own:
// the field's tags (§6.1.1), the key (§6.1.2), the body hash and the signature (§6.1.3); RSA with
// SHA-256 (and SHA-1, reported as `policy`, RFC 8301 §3.1), Ed25519 (RFC 8463). Results use RFC
// 8601 §2.7.1's words; each non-pass carries a catalog code saying why.
//
// How RFC 6376's outcomes map onto RFC 8601's words:
// - §6.1.1 (the signature field cannot be used: bad syntax, unknown algorithm, From not signed,
//   expired) → `neutral` ("contained syntax errors or were not otherwise able to be processed");
// - §6.1.2 key missing or unusable → `permerror`; key lookup failed → `temperror`;
// - §6.1.3 body hash or signature mismatch, and an RSA key under 1024 bits (RFC 8301 §3.2) → `fail`.

import type { Resolver } from '../dns/model.ts';
import { BodyHasher, digest } from './body-hash.ts';
import { canonicalHeader, type Canonicalization } from './canonicalize.ts';
import { checkKey, lookupKey, type KeyLookups, type KeyProblem, type UsableKey } from './dkim-key.ts';
import {
  readSignature,
  withoutSignatureValue,
  type DkimSignature,
  type SignatureKind,
} from './dkim-signature.ts';
import { binaryBytes, readMessage, type HeaderField, type MessageInput } from './intake.ts';

/** RFC 8601 §2.7.1. */
export type DkimResult = 'pass' | 'fail' | 'neutral' | 'policy' | 'temperror' | 'permerror';

export interface DkimVerification {
  result: DkimResult;
  domain: string;
  selector: string;
  algorithm: string;
  /** Catalog code saying why, when not pass. */
  code?: string;
  params?: Record<string, string | number>;
  bodyHashMatches?: boolean;
  signatureValid?: boolean;
  keyBits?: number;
  /** With the From domain: left for the DMARC step to set. */
  aligned?: boolean;
  /** Index of the DKIM-Signature field in `MessageInput.headers`. */
  headerIndex: number;
  /** i= when given. */
  identity?: string;
  /** l=, when the signature covers only part of the body. */
  bodyLength?: number;
  /** Octets of the canonical body (when computed), to compare with l=. */
  canonicalBodyLength?: number;
  /** c= header/body. */
  canonicalization?: `${Canonicalization}/${Canonicalization}`;
  /** Signed field names (h=), lower-cased. */
  signedHeaders?: string[];
  timestamp?: number;
  expiration?: number;
  /** The key has t=y (testing). */
  testing?: boolean;
  /** Not verified: more signatures than MAX_VERIFIED_SIGNATURES. */
  skipped?: boolean;
}

export interface VerifyOptions {
  resolver: Resolver;
  now?: Date;
  signal?: AbortSignal;
}

/**
 * Signatures verified per message; the rest are listed as skipped. Each costs a DNS lookup and a
 * public-key operation; real mail carries one to three (the author's domain, the ESP, a list).
 * A message with 1,000 signatures is an attack on the verifier.
 */
export const MAX_VERIFIED_SIGNATURES = 10;

export type MessageSource = string | Uint8Array | Pick<MessageInput, 'headers' | 'body' | 'hasBody'>;

export function toMessageInput(raw: MessageSource): Pick<MessageInput, 'headers' | 'body' | 'hasBody'> {
  return typeof raw === 'string' || raw instanceof Uint8Array ? readMessage(raw) : raw;
}

/** Index of header field positions by lower-case name, top first (built once per message). */
export type HeaderIndex = Map<string, number[]>;

export function indexHeaders(headers: readonly HeaderField[]): HeaderIndex {
  const index: HeaderIndex = new Map();
  headers.forEach((h, i) => {
    const list = index.get(h.lowerName);
    if (list) list.push(i);
    else index.set(h.lowerName, [i]);
  });
  return index;
}

/**
 * The signed data (RFC 6376 §3.7, §5.4.2): for each name in h=, the last not yet used instance of
 * that field, bottom up ("a name listed more often than present signs 'nothing there'"), then the
 * signature field itself with b= emptied, without its final CRLF. `self` is never selected.
 */
export function signedHeaderData(
  headers: readonly HeaderField[],
  index: HeaderIndex,
  signedNames: readonly string[],
  self: number,
  c: Canonicalization,
): string {
  const used = new Map<string, number>();
  let data = '';
  for (const name of signedNames) {
    const positions = index.get(name);
    if (!positions) continue;
    let k = positions.length - 1 - (used.get(name) ?? 0);
    if (k >= 0 && positions[k] === self) k--;
    if (k < 0) {
      used.set(name, positions.length);
      continue;
    }
    used.set(name, positions.length - k);
    data += canonicalHeader(headers[positions[k]].raw, c);
  }
  const own = canonicalHeader(withoutSignatureValue(headers[self].raw), c);
  return data + own.slice(0, -2);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Verifies `sig.signature` over the header data with the key (RFC 6376 §3.3, RFC 8463 §3). */
export async function verifySignatureBytes(
  sig: DkimSignature,
  key: UsableKey,
  headerData: string,
): Promise<boolean> {
  const data = binaryBytes(headerData) as Uint8Array<ArrayBuffer>;
  const signature = sig.signature as Uint8Array<ArrayBuffer>;
  try {
    if (sig.keyType === 'ed25519') {
      // RFC 8463 §3: Ed25519 signs the SHA-256 hash of the canonicalised header block (PureEdDSA over the hash).
      const hash = (await digest('sha256', data)) as Uint8Array<ArrayBuffer>;
      return await crypto.subtle.verify({ name: 'Ed25519' }, key.key, signature, hash);
    }
    return await crypto.subtle.verify({ name: 'RSASSA-PKCS1-v1_5' }, key.key, signature, data);
  } catch {
    return false;
  }
}

/** What one signature check needs from its message; shared with ARC. */
export interface SignatureContext {
  headers: readonly HeaderField[];
  index: HeaderIndex;
  hasBody: boolean;
  bodies: BodyHasher;
  lookups: KeyLookups;
  resolver: Resolver;
  signal?: AbortSignal;
}

export interface CryptoOutcome {
  result: DkimResult;
  code?: string;
  params?: Record<string, string | number>;
  bodyHashMatches?: boolean;
  signatureValid?: boolean;
  keyBits?: number;
  canonicalBodyLength?: number;
  testing?: boolean;
}

/** The first usable key for the signature (RFC 6376 §6.1.2), or why there is none. */
export async function findKey(
  sig: DkimSignature,
  ctx: Pick<SignatureContext, 'resolver' | 'lookups' | 'signal'>,
  kind: SignatureKind,
): Promise<{ ok: true; key: UsableKey } | ({ ok: false } & KeyProblem)> {
  const fetched = await lookupKey(sig, ctx.resolver, ctx.lookups, ctx.signal);
  ctx.signal?.throwIfAborted();
  if (!fetched.ok) return fetched;
  let last: KeyProblem | null = null;
  // §6.1.2: several key records may be published at one name; the first usable one is used.
  for (const candidate of fetched.records) {
    if (!candidate.record) {
      last ??= {
        result: 'permerror',
        code: 'message/dkim-key-syntax',
        params: { problem: candidate.syntax ?? '' },
      };
      continue;
    }
    const checked = await checkKey(candidate.record, sig, { checkIdentity: kind === 'dkim' });
    if (checked.ok) return checked;
    if (!last || last.result === 'permerror') last = checked;
  }
  return {
    ok: false,
    ...(last ?? { result: 'permerror', code: 'message/dkim-key-not-found', params: { name: '' } }),
  };
}

/** Key lookup, body hash and signature of one parsed signature field (RFC 6376 §6.1.2, §6.1.3). */
export async function checkSignature(
  sig: DkimSignature,
  self: number,
  ctx: SignatureContext,
  kind: SignatureKind,
): Promise<CryptoOutcome> {
  const bodyHash = kind === 'arc-seal' ? null : ctx.bodies.hash(sig.bodyCanon, sig.hash, sig.bodyLength);
  const found = await findKey(sig, ctx, kind);
  if (!found.ok) return problem(found);
  const key = found.key;

  const headerData = signedHeaderData(ctx.headers, ctx.index, sig.signedHeaders, self, sig.headerCanon);
  const signatureValid = await verifySignatureBytes(sig, key, headerData);
  const out: CryptoOutcome = { result: 'pass', signatureValid, keyBits: key.bits };
  if (key.testing) out.testing = true;
  if (bodyHash) {
    if (!ctx.hasBody) {
      // Only the header fields were given: the body hash cannot be checked, the signature can.
      return { ...out, result: 'neutral', code: 'message/dkim-body-missing' };
    }
    const body = await bodyHash;
    out.canonicalBodyLength = body.canonicalLength;
    if (!body.ok) {
      // §3.5 l=: a length beyond the body cannot have been signed as it is.
      return {
        ...out,
        result: 'permerror',
        code: 'message/dkim-body-length-exceeds',
        params: { l: sig.bodyLength ?? 0, length: body.canonicalLength },
      };
    }
    out.bodyHashMatches = equalBytes(body.hash, sig.bodyHash);
  }
  // §6.1.3 checks the body hash first ("If the hash does not match, the Verifier SHOULD ignore the
  // signature and return PERMFAIL (body hash did not verify)"), so the code says so, as receivers'
  // stamps do; the signature is checked anyway and `signatureValid` tells "only the body changed"
  // apart from "the header fields changed too".
  if (out.bodyHashMatches === false)
    return { ...out, result: 'fail', code: 'message/dkim-body-hash-mismatch' };
  if (!signatureValid) return { ...out, result: 'fail', code: 'message/dkim-signature-mismatch' };
  // RFC 8301 §3.1: "Verifiers MUST NOT consider signatures using SHA-1 ... as valid" — verified, and
  // reported as a policy result.
  if (sig.hash === 'sha1') return { ...out, result: 'policy', code: 'message/dkim-sha1' };
  return out;
}

function problem(p: KeyProblem): CryptoOutcome {
  const out: CryptoOutcome = { result: p.result, code: p.code };
  if (p.params) out.params = p.params;
  if (p.bits !== undefined) out.keyBits = p.bits;
  return out;
}

/**
 * §3.5 x= against `now` (unix seconds): "Signatures MAY be considered invalid if the verification
 * time at the Verifier is past the expiration date." A t= in the future is not held against the
 * signature (§6.1.1 "MAY ignore"): clocks disagree, and mail-auth, mailauth and OpenDKIM accept it.
 */
function timeProblem(
  sig: DkimSignature,
  now: number,
): { code: string; params: Record<string, number> } | null {
  if (sig.expiration !== undefined && sig.expiration < now)
    return { code: 'message/dkim-expired', params: { x: sig.expiration, now } };
  return null;
}

async function verifyOne(self: number, ctx: SignatureContext, now: number): Promise<DkimVerification> {
  const read = readSignature(ctx.headers[self].raw, 'dkim');
  if (!read.ok) {
    const out: DkimVerification = {
      result: 'neutral',
      code: read.code,
      domain: read.domain ?? '',
      selector: read.selector ?? '',
      algorithm: read.algorithm ?? '',
      headerIndex: self,
    };
    if (read.params) out.params = read.params;
    return out;
  }
  const sig = read.signature;
  const out: DkimVerification = {
    result: 'pass',
    domain: sig.domain,
    selector: sig.selector,
    algorithm: sig.algorithm,
    headerIndex: self,
    canonicalization: `${sig.headerCanon}/${sig.bodyCanon}`,
    signedHeaders: sig.signedHeaders,
  };
  if (sig.identity !== undefined) out.identity = sig.identity;
  if (sig.bodyLength !== undefined) out.bodyLength = sig.bodyLength;
  if (sig.timestamp !== undefined) out.timestamp = sig.timestamp;
  if (sig.expiration !== undefined) out.expiration = sig.expiration;
  const outcome = await checkSignature(sig, self, ctx, 'dkim');
  Object.assign(out, outcome);
  // An expired signature is ignored whatever its cryptography says (it is still checked,
  // so the page can say "valid, but expired").
  const late = timeProblem(sig, now);
  if (late && outcome.result !== 'temperror')
    Object.assign(out, { result: 'neutral', code: late.code, params: late.params });
  return out;
}

/**
 * Verifies every DKIM-Signature field of the message, top of the message first. Never rejects on
 * any message; rejects only when `signal` aborts.
 */
export async function verifyDkim(raw: MessageSource, o: VerifyOptions): Promise<DkimVerification[]> {
  o.signal?.throwIfAborted();
  const input = toMessageInput(raw);
  const now = Math.floor((o.now ?? new Date()).getTime() / 1000);
  const index = indexHeaders(input.headers);
  const ctx: SignatureContext = {
    headers: input.headers,
    index,
    hasBody: input.hasBody,
    bodies: new BodyHasher(input.body, { signal: o.signal }),
    lookups: new Map(),
    resolver: o.resolver,
    signal: o.signal,
  };
  const positions = index.get('dkim-signature') ?? [];
  return Promise.all(
    positions.map((self, n) => {
      if (n < MAX_VERIFIED_SIGNATURES) return verifyOne(self, ctx, now);
      const read = readSignature(input.headers[self].raw, 'dkim');
      const where = read.ok ? read.signature : read;
      return Promise.resolve<DkimVerification>({
        result: 'neutral',
        code: 'message/dkim-not-verified-limit',
        params: { limit: MAX_VERIFIED_SIGNATURES },
        domain: where.domain ?? '',
        selector: where.selector ?? '',
        algorithm: where.algorithm ?? '',
        headerIndex: self,
        skipped: true,
      });
    }),
  );
}
