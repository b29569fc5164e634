// The tag list of a DKIM-Signature field (RFC 6376 §3.5), and of the ARC-Message-Signature and
// ARC-Seal fields that reuse it (RFC 8617 §4.1.2, §4.1.3). Reads the field into a model or says,
// with a catalog code, why it cannot be used (RFC 6376 §6.1.1).

import { decodeBase64 } from '../dkim/base64.ts';
import { parseTagList, type Tag } from '../shared/tag-list.ts';
import type { Canonicalization } from './canonicalize.ts';

/** RFC 6376 §3.5 a=, RFC 8463 §3: the algorithms a verifier knows. */
export type SignatureAlgorithm = 'rsa-sha256' | 'rsa-sha1' | 'ed25519-sha256';
export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = [
  'rsa-sha256',
  'rsa-sha1',
  'ed25519-sha256',
];

/**
 * RFC 6376 §3.5:
 *   sig-a-tag = %x61 [FWS] "=" [FWS] sig-a-tag-alg   ; sig-a-tag-k "-" sig-a-tag-h
 *   sig-b-tag = %x62 [FWS] "=" [FWS] sig-b-tag-data  ; base64string
 *   sig-bh-tag, sig-c-tag ("simple" / "relaxed" ["/" ...]), sig-d-tag, sig-h-tag (hdr-name *(":" hdr-name)),
 *   sig-i-tag ([ Local-part ] "@" domain-name), sig-l-tag (1*76DIGIT), sig-q-tag, sig-s-tag,
 *   sig-t-tag (1*12DIGIT), sig-x-tag (1*12DIGIT), sig-z-tag
 */
export interface DkimSignature {
  /** a= as written, lower-cased. */
  algorithm: SignatureAlgorithm;
  keyType: 'rsa' | 'ed25519';
  hash: 'sha256' | 'sha1';
  /** b= decoded. */
  signature: Uint8Array;
  /** bh= decoded (absent on an ARC-Seal). */
  bodyHash: Uint8Array;
  headerCanon: Canonicalization;
  bodyCanon: Canonicalization;
  /** d=, lower-cased. */
  domain: string;
  /** s= as written. */
  selector: string;
  /** h=, lower-cased, in order (repeats kept: each names one more instance, bottom up). */
  signedHeaders: string[];
  /** i= as written; absent means "@" + d= (§3.5). */
  identity?: string;
  /** l=: octets of the canonical body that were signed. */
  bodyLength?: number;
  /** t= and x=, unix seconds. */
  timestamp?: number;
  expiration?: number;
  /** ARC i= (RFC 8617 §4.2.1). */
  instance?: number;
  /** ARC-Seal cv= (RFC 8617 §4.1.3), lower-cased. */
  chainValidation?: string;
}

export type SignatureKind = 'dkim' | 'arc-message-signature' | 'arc-seal';

export type SignatureRead =
  | { ok: true; signature: DkimSignature }
  | {
      ok: false;
      code: SignatureProblem;
      params?: Record<string, string | number>;
      domain?: string;
      selector?: string;
      algorithm?: string;
    };

/** The catalog codes a signature field can fail with (RFC 6376 §6.1.1). */
export type SignatureProblem =
  | 'message/dkim-signature-syntax'
  | 'message/dkim-signature-missing-tag'
  | 'message/dkim-signature-version'
  | 'message/dkim-algorithm-unknown'
  | 'message/dkim-canonicalization-unknown'
  | 'message/dkim-query-method-unknown'
  | 'message/dkim-from-not-signed'
  | 'message/dkim-identity-mismatch'
  | 'message/dkim-expiry-before-timestamp'
  | 'message/arc-instance-invalid';

const REQUIRED: Record<SignatureKind, string[]> = {
  // §6.1.1: "If any tag listed as "required" in Section 3.5 is omitted, the Verifier MUST ignore
  // the DKIM-Signature header field".
  dkim: ['v', 'a', 'b', 'bh', 'd', 'h', 's'],
  // RFC 8617 §4.1.2: the AMS has the DKIM-Signature tags, except v=, with i= the instance.
  'arc-message-signature': ['i', 'a', 'b', 'bh', 'd', 'h', 's'],
  // RFC 8617 §4.1.3: i, a, b, d, s, cv (t recommended); h= MUST NOT be present.
  'arc-seal': ['i', 'a', 'b', 'd', 's', 'cv'],
};

/** RFC 8617 §4.2.1: "The maximum value of this tag is 50". */
export const MAX_ARC_INSTANCE = 50;
const DIGITS = /^[0-9]{1,76}$/;
const WSP_ALL = /[ \t\r\n]+/g;

function base64(value: string): Uint8Array | null {
  const d = decodeBase64(value.replace(WSP_ALL, ''));
  return d.ok ? d.bytes : null;
}

/** The domain part of an i= value ("[ Local-part ] "@" domain-name"), lower-cased. */
export function identityDomain(identity: string): string {
  return identity.slice(identity.lastIndexOf('@') + 1).toLowerCase();
}

/** True when `sub` is `domain` or one of its subdomains (RFC 6376 §3.5 i=). */
export function isWithinDomain(sub: string, domain: string): boolean {
  const a = sub.toLowerCase().replace(/\.$/, '');
  const b = domain.toLowerCase().replace(/\.$/, '');
  return a === b || a.endsWith(`.${b}`);
}

/** Reads the value of a signature field (the text after the colon, folding kept). Never throws. */
export function readSignature(raw: string, kind: SignatureKind = 'dkim'): SignatureRead {
  const colon = raw.indexOf(':');
  const list = parseTagList(colon === -1 ? raw : raw.slice(colon + 1));
  const tags = new Map<string, Tag>();
  for (const tag of list.tags) tags.set(tag.name, tag);
  const get = (name: string) => tags.get(name)?.value;
  const where = {
    domain: get('d')?.toLowerCase() ?? '',
    selector: get('s') ?? '',
    algorithm: get('a')?.toLowerCase() ?? '',
  };
  const fail = (code: SignatureProblem, params?: Record<string, string | number>): SignatureRead => ({
    ok: false,
    code,
    ...(params ? { params } : {}),
    ...where,
  });
  // §3.2: a duplicate tag makes "the entire tag-list invalid". An empty spec (";;", or a list that
  // starts with ";" as Exim writes it) is tolerated, as every verifier tolerates it.
  const problem = list.problems.find((p) => p.kind !== 'empty-spec');
  if (problem) {
    const text =
      'name' in problem
        ? problem.name
        : 'text' in problem
          ? problem.text
          : problem.kind === 'bad-value-char'
            ? problem.char
            : '';
    return fail('message/dkim-signature-syntax', { problem: problem.kind, text });
  }
  for (const name of REQUIRED[kind])
    if (get(name) === undefined) return fail('message/dkim-signature-missing-tag', { tag: name });
  // §6.1.1: "If the DKIM-Signature header field contains a "v=" tag that is not "1" ... MUST ... PERMFAIL".
  if (kind === 'dkim' && get('v') !== '1')
    return fail('message/dkim-signature-version', { value: get('v') ?? '' });
  if (kind === 'arc-seal' && tags.has('h'))
    return fail('message/dkim-signature-syntax', { problem: 'h-in-seal', text: 'h=' });

  const algorithm = where.algorithm as SignatureAlgorithm;
  if (!SIGNATURE_ALGORITHMS.includes(algorithm))
    return fail('message/dkim-algorithm-unknown', { algorithm: get('a') ?? '' });
  const [keyType, hash] = algorithm.split('-') as ['rsa' | 'ed25519', 'sha256' | 'sha1'];

  const signature = base64(get('b') ?? '');
  if (!signature || signature.length === 0)
    return fail('message/dkim-signature-syntax', { problem: 'b-not-base64', text: 'b=' });
  let bodyHash: Uint8Array = new Uint8Array(0);
  if (kind !== 'arc-seal') {
    const bh = base64(get('bh') ?? '');
    if (!bh || bh.length === 0)
      return fail('message/dkim-signature-syntax', { problem: 'bh-not-base64', text: 'bh=' });
    bodyHash = bh;
  }

  // §3.5 c=: "simple" / "relaxed", header "/" body; a missing body part means simple.
  let headerCanon: Canonicalization = 'simple';
  let bodyCanon: Canonicalization = 'simple';
  const c = get('c');
  if (c !== undefined && kind !== 'arc-seal') {
    const [h, b, ...rest] = c.toLowerCase().split('/');
    const known = (v: string | undefined) => v === undefined || v === 'simple' || v === 'relaxed';
    if (h === '' || rest.length > 0 || !known(h) || !known(b))
      return fail('message/dkim-canonicalization-unknown', { value: c });
    headerCanon = h as Canonicalization;
    bodyCanon = (b ?? 'simple') as Canonicalization;
  }
  // RFC 8617 §5.1.1: the ARC-Seal is always relaxed header canonicalisation.
  if (kind === 'arc-seal') headerCanon = 'relaxed';

  // §3.5 q=: "dns/txt" is the only method defined ("dns" alone is an old form accepted here).
  const q = get('q');
  if (q !== undefined && !q.split(':').some((m) => ['dns/txt', 'dns'].includes(m.trim().toLowerCase())))
    return fail('message/dkim-query-method-unknown', { value: q });

  const signedHeaders =
    kind === 'arc-seal'
      ? []
      : (get('h') ?? '')
          .split(':')
          .map((n) => n.replace(WSP_ALL, '').toLowerCase())
          .filter((n) => n !== '');
  // §6.1.1: "If the "h=" tag does not include the From header field, the Verifier MUST ignore the
  // DKIM-Signature header field and return PERMFAIL (From field not signed)." (§5.4) A DKIM rule:
  // the ARC-Message-Signature identifies no author, and the ARC suite (ams_fields_h_empty) and
  // mailauth accept an AMS without From.
  if (kind === 'dkim' && !signedHeaders.includes('from')) return fail('message/dkim-from-not-signed');

  const number = (name: string): number | undefined | null => {
    const v = get(name);
    if (v === undefined) return undefined;
    return DIGITS.test(v) ? Number(v) : null;
  };
  const timestamp = number('t');
  const expiration = number('x');
  const bodyLength = kind === 'arc-seal' ? undefined : number('l');
  for (const [name, v] of [
    ['t', timestamp],
    ['x', expiration],
    ['l', bodyLength],
  ] as const) {
    if (v === null)
      return fail('message/dkim-signature-syntax', { problem: 'not-a-number', text: `${name}=${get(name)}` });
  }
  // §3.5 x=: "the value of the "x=" tag MUST be greater than the value of the "t=" tag if both are present".
  if (timestamp != null && expiration != null && expiration < timestamp)
    return fail('message/dkim-expiry-before-timestamp', { t: timestamp, x: expiration });

  const out: DkimSignature = {
    algorithm,
    keyType,
    hash,
    signature,
    bodyHash,
    headerCanon,
    bodyCanon,
    domain: where.domain,
    selector: where.selector,
    signedHeaders,
  };
  if (timestamp != null) out.timestamp = timestamp;
  if (expiration != null) out.expiration = expiration;
  if (bodyLength != null) out.bodyLength = bodyLength;

  if (kind === 'dkim') {
    const identity = get('i');
    if (identity !== undefined) {
      // §6.1.1: "Verifiers MUST confirm that the domain specified in the "d=" tag is the same as
      // or a parent domain of the domain part of the "i=" tag."
      if (!identity.includes('@') || !isWithinDomain(identityDomain(identity), out.domain))
        return fail('message/dkim-identity-mismatch', { i: identity, d: out.domain });
      out.identity = identity;
    }
  } else {
    const i = get('i') ?? '';
    const instance = /^[0-9]{1,2}$/.test(i) ? Number(i) : NaN;
    if (!(instance >= 1 && instance <= MAX_ARC_INSTANCE))
      return fail('message/arc-instance-invalid', { value: i });
    out.instance = instance;
    if (kind === 'arc-seal') out.chainValidation = (get('cv') ?? '').toLowerCase();
  }
  return { ok: true, signature: out };
}

/**
 * The field with the value of its b= tag deleted (RFC 6376 §3.7: "with the value of the "b=" tag
 * (including all surrounding whitespace) deleted (i.e., treated as the empty string)"). Works on
 * the raw field, so canonicalisation sees every other octet as written.
 */
export function withoutSignatureValue(raw: string): string {
  const colon = raw.indexOf(':');
  let start = colon + 1;
  while (start <= raw.length) {
    let end = raw.indexOf(';', start);
    if (end === -1) end = raw.length;
    const eq = raw.indexOf('=', start);
    if (eq !== -1 && eq < end && raw.slice(start, eq).replace(WSP_ALL, '') === 'b') {
      return raw.slice(0, eq + 1) + raw.slice(end);
    }
    start = end + 1;
  }
  return raw;
}
