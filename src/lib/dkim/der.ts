// A small DER reader (ITU-T X.690 §8.1, §10.1): enough to walk SubjectPublicKeyInfo (RFC 5280
// §4.1.2.7) and RSAPublicKey (RFC 8017 §A.1.1) inside a DKIM p= value and to say precisely how a
// damaged key is damaged (a length that runs past the data, bytes left over).

export const DER_SEQUENCE = 0x30;
export const DER_INTEGER = 0x02;
export const DER_BIT_STRING = 0x03;
export const DER_NULL = 0x05;
export const DER_OID = 0x06;

/** X.690 §8.1.3.5: long-form lengths; four length octets cover anything a DNS record can hold. */
const MAX_LENGTH_OCTETS = 4;

export interface DerNode {
  tag: number;
  /** Offset of the tag octet. */
  start: number;
  /** Offset of the first content octet. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
}

export type DerRead = { ok: true; node: DerNode } | { ok: false; problem: 'truncated' | 'bad-length' };

/** Reads one TLV at `offset`, not past `limit`. */
export function readDer(bytes: Uint8Array, offset: number, limit: number = bytes.length): DerRead {
  if (offset + 2 > limit) return { ok: false, problem: 'truncated' };
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  let contentStart = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    // X.690 §10.1: DER forbids the indefinite form (0x80) and needless length octets.
    if (octets === 0 || octets > MAX_LENGTH_OCTETS) return { ok: false, problem: 'bad-length' };
    if (contentStart + octets > limit) return { ok: false, problem: 'truncated' };
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + bytes[contentStart + i];
    contentStart += octets;
  }
  const end = contentStart + length;
  if (end > limit) return { ok: false, problem: 'truncated' };
  return { ok: true, node: { tag, start: offset, contentStart, end } };
}

/** The TLVs directly inside a constructed node. */
export function readChildren(bytes: Uint8Array, parent: DerNode): DerRead[] {
  const out: DerRead[] = [];
  let offset = parent.contentStart;
  while (offset < parent.end) {
    const child = readDer(bytes, offset, parent.end);
    out.push(child);
    if (!child.ok) break;
    offset = child.node.end;
  }
  return out;
}

export function content(bytes: Uint8Array, node: DerNode): Uint8Array {
  return bytes.subarray(node.contentStart, node.end);
}

/** Bit length of an unsigned big-endian INTEGER's content (leading zero octets ignored). */
export function integerBits(value: Uint8Array): number {
  let i = 0;
  while (i < value.length && value[i] === 0) i++;
  if (i === value.length) return 0;
  return (value.length - i - 1) * 8 + (32 - Math.clz32(value[i]));
}

/** DER encoding of a length (X.690 §8.1.3). */
export function encodeLength(length: number): number[] {
  if (length < 0x80) return [length];
  const octets: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) octets.unshift(n % 256);
  return [0x80 | octets.length, ...octets];
}

export function encodeTlv(tag: number, body: Uint8Array | number[]): Uint8Array {
  const bytes = body instanceof Uint8Array ? [...body] : body;
  return Uint8Array.from([tag, ...encodeLength(bytes.length), ...bytes]);
}

/** Dotted form of an OBJECT IDENTIFIER's content (X.690 §8.19). */
export function oidToString(value: Uint8Array): string {
  if (value.length === 0) return '';
  const parts: number[] = [Math.floor(value[0] / 40), value[0] % 40];
  let n = 0;
  for (let i = 1; i < value.length; i++) {
    n = n * 128 + (value[i] & 0x7f);
    if (!(value[i] & 0x80)) {
      parts.push(n);
      n = 0;
    }
  }
  return parts.join('.');
}
