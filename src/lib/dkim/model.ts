// The DKIM key record (RFC 6376 §3.6.1), as published at `<selector>._domainkey.<domain>`, with the
// ed25519 key type of RFC 8463. Types only. Tag names are case-sensitive (RFC 6376 §3.2).

import type { Diagnostic } from '../diagnostics/model.ts';

/**
 * RFC 6376 §3.6.1:
 *   key-k-tag-type = "rsa" / x-key-k-tag-type
 * RFC 8463 §4.2 registers "ed25519".
 */
export type DkimKeyType = 'rsa' | 'ed25519';

/** A tag kept as written: unknown tags, and known tags whose value did not parse. */
export interface DkimRawTag {
  name: string;
  value: string;
}

/**
 * RFC 6376 §3.6.1:
 *   key-v-tag     = %x76 [FWS] "=" [FWS] %x44.4B.49.4D.31          ; v=DKIM1
 *   key-h-tag     = %x68 [FWS] "=" [FWS] key-h-tag-alg
 *                   0*( [FWS] ":" [FWS] key-h-tag-alg )
 *   key-h-tag-alg = "sha1" / "sha256" / x-key-h-tag-alg
 *   key-k-tag     = %x6b [FWS] "=" [FWS] key-k-tag-type
 *   key-n-tag     = %x6e [FWS] "=" [FWS] qp-section
 *   key-p-tag     = %x70 [FWS] "=" [ [FWS] base64string]
 *   key-s-tag     = %x73 [FWS] "=" [FWS] key-s-tag-type
 *                   0*( [FWS] ":" [FWS] key-s-tag-type )
 *   key-s-tag-type = "email" / "*" / x-key-s-tag-type
 *   key-t-tag     = %x74 [FWS] "=" [FWS] key-t-tag-flag
 *                   0*( [FWS] ":" [FWS] key-t-tag-flag )
 *   key-t-tag-flag = "y" / "s" / x-key-t-tag-flag
 *
 * Absent tags are absent fields; defaults (k=rsa, h=any, s=*) are applied by the consumer.
 */
export interface DkimKeyRecord {
  /** Present when the record has `v=DKIM1` (it is optional, RFC 6376 §3.6.1). */
  v?: 'DKIM1';
  /** h= acceptable hash algorithms, as written (compare case-insensitively). */
  h?: string[];
  /** k= key type, lower case. Absent means rsa. */
  k?: DkimKeyType;
  /** n= notes, as written. */
  n?: string;
  /** p= public key, base64 with all whitespace removed ("whitespace is ignored in this value").
   *  The empty string means the key is revoked. */
  p: string;
  /** s= service types, as written. */
  s?: string[];
  /** t= flags, as written. */
  t?: string[];
  /** Tags RFC 6376 does not define, in record order (§3.6.1: "Unrecognized tags MUST be ignored"). */
  unknown?: DkimRawTag[];
  /** Known tags whose value is invalid (an unknown k=, a bad v=), as written. */
  invalid?: DkimRawTag[];
}

/** How p= was encoded, as found by inspectDkimKey. */
export type DkimKeyEncoding =
  /** RSA SubjectPublicKeyInfo (RFC 5280 §4.1.2.7): what `openssl rsa -pubout` writes. */
  | 'spki'
  /** A bare PKCS#1 RSAPublicKey (RFC 8017 §A.1.1). */
  | 'pkcs1'
  /** The 32 raw octets of an Ed25519 key (RFC 8463 §4.2). */
  | 'raw'
  /** An Ed25519 key wrapped in SubjectPublicKeyInfo (RFC 8410), which RFC 8463 does not allow. */
  | 'spki-ed25519';

/** Why p= does not decode; `dkim/key-damaged` carries it as its `reason` parameter. */
export type DkimKeyDamage =
  | 'quotes'
  | 'not-base64'
  | 'bad-padding'
  | 'truncated'
  | 'trailing-data'
  | 'not-a-key'
  | 'unknown-algorithm'
  | 'ed25519-length'
  | 'rejected';

export interface DkimKeyInspection {
  /** `rsa`, `ed25519`, or the unknown k= value as written. */
  algorithm: DkimKeyType | string;
  /** RSA modulus length; 256 for ed25519. */
  bits?: number;
  revoked: boolean;
  encoding?: DkimKeyEncoding;
  /** True when WebCrypto imported the key; false when it refused; absent when not tried. */
  importedByWebCrypto?: boolean;
  diagnostics: Diagnostic[];
}
