// ARC chain validation (RFC 8617 §5.2): the ARC Sets of a message (ARC-Authentication-Results,
// ARC-Message-Signature, ARC-Seal per instance) checked for structure, the newest AMS verified like
// a DKIM signature, and every ARC-Seal verified over the sets up to its own. Informational: ARC is
// headed for historic status, but Gmail and Yahoo still ask forwarders to add it.

import { parseTagList } from '../shared/tag-list.ts';
import { BodyHasher } from './body-hash.ts';
import { canonicalHeader } from './canonicalize.ts';
import {
  MAX_ARC_INSTANCE,
  readSignature,
  withoutSignatureValue,
  type DkimSignature,
} from './dkim-signature.ts';
import {
  checkSignature,
  findKey,
  indexHeaders,
  toMessageInput,
  verifySignatureBytes,
  type MessageSource,
  type SignatureContext,
  type VerifyOptions,
} from './dkim-verify.ts';
import type { HeaderField } from './intake.ts';

export type ArcResult = 'pass' | 'fail' | 'none';

export interface ArcVerification {
  /** RFC 8617 §4.1.3 cv: the chain validation status a validator would stamp. */
  result: ArcResult;
  /** Number of ARC Sets (the highest instance). */
  instances: number;
  /** The instance where validation broke. */
  failedInstance?: number;
  /** Catalog code saying why, when `fail`. */
  code?: string;
  params?: Record<string, string | number>;
  /** Per instance, newest first: the seal's domain and selector and whether it verified. */
  seals: Array<{ instance: number; domain: string; selector: string; valid?: boolean }>;
  /** The newest AMS: its signing domain and whether it verified. */
  messageSignature?: { instance: number; domain: string; selector: string; valid: boolean; code?: string };
  /** Only the header fields were given: the newest AMS body hash could not be checked. */
  bodyUnchecked?: boolean;
}

const ARC_FIELDS = ['arc-authentication-results', 'arc-message-signature', 'arc-seal'] as const;
type ArcField = (typeof ARC_FIELDS)[number];

/** The i= of an ARC field (RFC 8617 §4.2.1), or null when it has none or it is not 1..50. */
function instanceOf(field: HeaderField, kind: ArcField): number | null {
  const value = field.raw.slice(field.raw.indexOf(':') + 1);
  let i: string | undefined;
  if (kind === 'arc-authentication-results') {
    // RFC 8617 §4.1.1: AAR = "i=" instance ";" authres-payload (RFC 8601).
    i = /^[ \t\r\n]*i[ \t\r\n]*=[ \t\r\n]*([0-9]+)[ \t\r\n]*;/.exec(value)?.[1];
  } else {
    i = parseTagList(value).tags.find((t) => t.name === 'i')?.value;
  }
  if (i === undefined || !/^[0-9]{1,3}$/.test(i)) return null;
  const n = Number(i);
  return n >= 1 && n <= MAX_ARC_INSTANCE ? n : null;
}

interface ArcSet {
  aar: number[];
  ams: number[];
  as: number[];
}

/**
 * The ARC-Seal signing input (RFC 8617 §5.1.1): the sets 1..n in ascending order, each as AAR,
 * AMS, AS, relaxed; the seal being checked has b= emptied and no final CRLF.
 */
function sealData(headers: readonly HeaderField[], sets: Map<number, ArcSet>, n: number): string {
  let data = '';
  for (let i = 1; i <= n; i++) {
    const set = sets.get(i)!;
    data += canonicalHeader(headers[set.aar[0]].raw, 'relaxed');
    data += canonicalHeader(headers[set.ams[0]].raw, 'relaxed');
    if (i < n) data += canonicalHeader(headers[set.as[0]].raw, 'relaxed');
  }
  const own = canonicalHeader(withoutSignatureValue(headers[sets.get(n)!.as[0]].raw), 'relaxed');
  return data + own.slice(0, -2);
}

/**
 * Validates the ARC chain of a message (RFC 8617 §5.2). Never rejects on any message; rejects only
 * when `signal` aborts.
 */
export async function verifyArc(raw: MessageSource, o: VerifyOptions): Promise<ArcVerification> {
  o.signal?.throwIfAborted();
  const input = toMessageInput(raw);
  const headers = input.headers;
  const sets = new Map<number, ArcSet>();
  let seen = 0;
  let badInstance: string | null = null;
  headers.forEach((field, index) => {
    const kind = ARC_FIELDS.find((k) => k === field.lowerName);
    if (!kind) return;
    seen++;
    const n = instanceOf(field, kind);
    if (n === null) {
      badInstance ??= kind;
      return;
    }
    let set = sets.get(n);
    if (!set) sets.set(n, (set = { aar: [], ams: [], as: [] }));
    set[kind === 'arc-authentication-results' ? 'aar' : kind === 'arc-message-signature' ? 'ams' : 'as'].push(
      index,
    );
  });
  // §5.2 step 1: no ARC Sets → cv=none.
  if (seen === 0) return { result: 'none', instances: 0, seals: [] };
  const n = Math.max(0, ...sets.keys());
  const fail = (
    failedInstance: number,
    code: string,
    params?: Record<string, string | number>,
  ): ArcVerification => ({
    result: 'fail',
    instances: n,
    failedInstance,
    code,
    ...(params ? { params } : {}),
    seals: [],
  });
  if (badInstance) return fail(n, 'message/arc-instance-invalid', { value: badInstance });
  if (sets.size > MAX_ARC_INSTANCE)
    return fail(n, 'message/arc-too-many-instances', { limit: MAX_ARC_INSTANCE });

  // §5.2 step 2: "If the Chain Validation Status of the highest instance ... is "fail", then return "fail"."
  const newest = sets.get(n)!;
  if (newest.as.length === 1) {
    const cv = readSignature(headers[newest.as[0]].raw, 'arc-seal');
    if (cv.ok && cv.signature.chainValidation === 'fail') return fail(n, 'message/arc-chain-failed-before');
  }
  // §5.2 step 3: each instance 1..N has exactly one AAR, AMS and AS (§5.1.1.1), and i=1 has cv=none,
  // every later one cv=pass (§5.1.2).
  const seals: DkimSignature[] = [];
  for (let i = 1; i <= n; i++) {
    const set = sets.get(i);
    if (!set) return fail(i, 'message/arc-structure', { problem: 'missing-set', instance: i });
    for (const [part, list] of Object.entries(set) as Array<[string, number[]]>) {
      if (list.length !== 1)
        return fail(i, 'message/arc-structure', {
          problem: list.length === 0 ? `missing-${part}` : `duplicate-${part}`,
          instance: i,
        });
    }
    const seal = readSignature(headers[set.as[0]].raw, 'arc-seal');
    if (!seal.ok) return fail(i, 'message/arc-seal-invalid', { instance: i, reason: seal.code });
    const cv = seal.signature.chainValidation;
    const want = i === 1 ? 'none' : 'pass';
    if (cv !== want) return fail(i, 'message/arc-cv-invalid', { instance: i, cv: cv ?? '' });
    seals.push(seal.signature);
  }

  const ctx: SignatureContext = {
    headers,
    index: indexHeaders(headers),
    hasBody: input.hasBody,
    bodies: new BodyHasher(input.body, { signal: o.signal }),
    lookups: new Map(),
    resolver: o.resolver,
    signal: o.signal,
  };
  // §5.2 step 4: validate the AMS with the greatest instance.
  const amsIndex = newest.ams[0];
  const ams = readSignature(headers[amsIndex].raw, 'arc-message-signature');
  if (!ams.ok) return fail(n, 'message/arc-message-signature-invalid', { instance: n, reason: ams.code });
  // The AMS does not sign ARC-Seal fields (RFC 8617 §5.1.1: the seals are covered by the AS); the
  // suite (ams_fields_h_includes_as) and mailauth refuse an AMS whose h= lists arc-seal.
  if (ams.signature.signedHeaders.includes('arc-seal'))
    return fail(n, 'message/arc-message-signature-invalid', { instance: n, reason: 'h-lists-arc-seal' });
  const outcome = await checkSignature(ams.signature, amsIndex, ctx, 'arc-message-signature');
  const bodyUnchecked = outcome.code === 'message/dkim-body-missing' && outcome.signatureValid === true;
  const amsValid = outcome.result === 'pass' || bodyUnchecked;
  const messageSignature = {
    instance: n,
    domain: ams.signature.domain,
    selector: ams.signature.selector,
    valid: amsValid,
    ...(amsValid ? {} : { code: outcome.code ?? '' }),
  };
  if (!amsValid)
    return {
      ...fail(n, 'message/arc-message-signature-invalid', { instance: n, reason: outcome.code ?? '' }),
      messageSignature,
    };

  // §5.2 step 6: validate each AS, newest first.
  const sealResults: ArcVerification['seals'] = [];
  for (let i = n; i >= 1; i--) {
    const sig = seals[i - 1];
    const entry: ArcVerification['seals'][number] = {
      instance: i,
      domain: sig.domain,
      selector: sig.selector,
    };
    sealResults.push(entry);
    // RFC 8301 §3.1: "Verifiers MUST NOT consider signatures using SHA-1 ... as valid" (ARC uses
    // the DKIM algorithms, RFC 8617 §4.1.3); for DKIM that is a `policy` result, a seal just fails.
    if (sig.hash !== 'sha256')
      return {
        ...fail(i, 'message/arc-seal-invalid', { instance: i, reason: 'message/dkim-sha1' }),
        seals: sealResults,
        messageSignature,
      };
    const found = await findKey(sig, ctx, 'arc-seal');
    if (!found.ok)
      return {
        ...fail(i, 'message/arc-seal-invalid', { instance: i, reason: found.code }),
        seals: sealResults,
        messageSignature,
      };
    entry.valid = await verifySignatureBytes(sig, found.key, sealData(headers, sets, i));
    if (!entry.valid)
      return {
        ...fail(i, 'message/arc-seal-invalid', { instance: i, reason: 'message/dkim-signature-mismatch' }),
        seals: sealResults,
        messageSignature,
      };
  }
  return {
    result: 'pass',
    instances: n,
    seals: sealResults,
    messageSignature,
    ...(bodyUnchecked ? { bodyUnchecked } : {}),
  };
}
