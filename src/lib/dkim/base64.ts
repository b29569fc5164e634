// Base64 (RFC 4648 §4) for DKIM p= values, decoded strictly so that each kind of damage has its own
// reason: quotes pasted into the key, characters outside the alphabet, misplaced padding, a cut-off
// tail. DKIM's base64string (RFC 6376 §2.4) allows whitespace, which callers remove first.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map([...ALPHABET].map((c, i) => [c, i]));
/** RFC 4648 §4: at most two "=" pad characters. */
const MAX_PADDING = 2;

export type Base64Problem =
  | { reason: 'quotes'; index: number }
  | { reason: 'not-base64'; index: number; char: string }
  | { reason: 'bad-padding'; index: number }
  | { reason: 'truncated'; index: number };

export type Base64Decoded = { ok: true; bytes: Uint8Array } | ({ ok: false } & Base64Problem);

export function decodeBase64(text: string): Base64Decoded {
  let data = text.length;
  while (data > 0 && text[data - 1] === '=') data--;
  const padding = text.length - data;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') return { ok: false, reason: 'quotes', index: i };
    if (c === '=') {
      if (i < data) return { ok: false, reason: 'bad-padding', index: i };
      continue;
    }
    if (!VALUES.has(c)) return { ok: false, reason: 'not-base64', index: i, char: c };
  }
  // One leftover character carries only 6 bits: the text was cut off (RFC 4648 §4).
  if (data % 4 === 1) return { ok: false, reason: 'truncated', index: data };
  if (padding > MAX_PADDING || (padding > 0 && text.length % 4 !== 0)) {
    return { ok: false, reason: 'bad-padding', index: data };
  }
  const out = new Uint8Array(Math.floor((data * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < data; i++) {
    buffer = (buffer << 6) | VALUES.get(text[i])!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return { ok: true, bytes: out };
}

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}
