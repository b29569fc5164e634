// Names the damage of a DKIM p= value precisely (issue 10 item 3): where a quote or a foreign
// character sits, or how far the base64 length is off from the length the key's own DER header
// declares (X.690 §8.1.3: the outer SEQUENCE of SubjectPublicKeyInfo says how many octets
// follow). "218 base64 characters = 163 octets where the DER says 162: 2 characters too many,
// the key the DER describes ends at character 216". Never throws.

import { DER_SEQUENCE } from './der.ts';
import { decodeBase64 } from './base64.ts';

/** X.690 §8.1.3.5: long-form lengths; four length octets cover anything DNS can hold. */
const MAX_LENGTH_OCTETS = 4;
/** RFC 4648 §4: 6 bits per base64 character. */
const BITS_PER_CHAR = 6;

export type KeyDamageDetail =
  /** A quote character at `offset` (a quoted, pre-split paste; docs/cloudflare.md, Cloudflare mistake 4). */
  | { kind: 'quotes'; offset: number; found: string }
  /** A character outside the base64 alphabet at `offset`. */
  | { kind: 'not-base64'; offset: number; found: string }
  /**
   * The base64 length disagrees with the DER header: `chars` characters decode to `octets`
   * octets where the DER says `derOctets` (`derChars` characters); `difference` = chars − derChars.
   */
  | {
      kind: 'length';
      chars: number;
      octets: number;
      derOctets: number;
      derChars: number;
      difference: number;
    };

/** Octets the outer DER SEQUENCE declares (header included), or null when it is not readable. */
function derDeclaredOctets(bytes: Uint8Array): number | null {
  if (bytes.length < 2 || bytes[0] !== DER_SEQUENCE) return null;
  const first = bytes[1];
  if ((first & 0x80) === 0) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > MAX_LENGTH_OCTETS || bytes.length < 2 + n) return null;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + bytes[2 + i];
  return 2 + n + length;
}

/**
 * What is wrong with the p= value, as precisely as the text shows it; null when nothing of the
 * above is wrong (the key may still be damaged inside, which the DER walk of inspectDkimKey says).
 * Offsets count characters of `p` with its whitespace removed (RFC 6376 §2.4 allows FWS in it).
 */
export function describeKeyDamage(p: string): KeyDamageDetail | null {
  const text = p.replace(/\s/g, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === '\u201c' || c === '\u201d') return { kind: 'quotes', offset: i, found: c };
    if (!/[A-Za-z0-9+/=]/.test(c)) return { kind: 'not-base64', offset: i, found: c };
  }
  const data = text.replace(/=+$/, '');
  if (data.includes('=')) return null;
  const chars = data.length;
  // A single leftover character cannot decode (RFC 4648 §4): read the header from what can.
  const decoded = decodeBase64(data.slice(0, chars - (chars % 4 === 1 ? 1 : 0)));
  if (!decoded.ok) return null;
  const derOctets = derDeclaredOctets(decoded.bytes);
  if (derOctets === null) return null;
  const derChars = Math.ceil((derOctets * 8) / BITS_PER_CHAR);
  if (derChars === chars) return null;
  return {
    kind: 'length',
    chars,
    octets: Math.floor((chars * BITS_PER_CHAR) / 8),
    derOctets,
    derChars,
    difference: chars - derChars,
  };
}
