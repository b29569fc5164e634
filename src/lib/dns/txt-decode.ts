// TXT `data` as DoH JSON APIs send it, back to the record's character-strings (RFC 1035 §3.3.14).
// Resolvers write the presentation format of RFC 1035 §5.1: each string quoted, side by side
// (`"a""b"` at Cloudflare, `"a" "b"` elsewhere), with `\"`, `\\` and `\DDD` (a decimal octet)
// escapes; Google has been reported to send the text unquoted (docs/dns-over-https.md). The strings are kept
// apart: joining them is the caller's job (RFC 7208 §3.3, RFC 6376 §3.6.2.2).

import { genericRdata } from './generic-rdata.ts';

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** RFC 1035 §5.1: "\DDD where each D is a digit is the octet corresponding to the decimal number". */
const MAX_OCTET = 255;

/** Quoted strings side by side, optionally separated by blanks; null when `data` is not that. */
function parseQuoted(data: string): string[] | null {
  const strings: string[] = [];
  let i = 0;
  while (i < data.length) {
    while (i < data.length && (data[i] === ' ' || data[i] === '\t')) i++;
    if (i === data.length) break;
    if (data[i] !== '"') return null;
    i++;
    const bytes: number[] = [];
    let literal = '';
    const flush = () => {
      if (literal) bytes.push(...encoder.encode(literal));
      literal = '';
    };
    let closed = false;
    while (i < data.length) {
      const ch = data[i];
      if (ch === '"') {
        closed = true;
        i++;
        break;
      }
      if (ch === '\\') {
        const digits = /^\d{3}/.exec(data.slice(i + 1, i + 4));
        if (digits) {
          const octet = Number(digits[0]);
          if (octet > MAX_OCTET) return null;
          flush();
          bytes.push(octet);
          i += 4;
          continue;
        }
        if (i + 1 >= data.length) return null;
        // RFC 1035 §5.1: "\X where X is any character other than a digit (0-9), is used to
        // quote that character so that its special meaning does not apply."
        const next = String.fromCodePoint(data.codePointAt(i + 1)!);
        literal += next;
        i += 1 + next.length;
        continue;
      }
      literal += ch;
      i++;
    }
    if (!closed) return null;
    flush();
    strings.push(utf8.decode(new Uint8Array(bytes)));
  }
  return strings.length > 0 ? strings : null;
}

/** TXT RDATA (RFC 1035 §3.3.14: one or more <character-string>s, each a length octet and data). */
export function splitCharacterStrings(rdata: Uint8Array): string[] | null {
  const parts: Uint8Array[] = [];
  let i = 0;
  while (i < rdata.length) {
    const length = rdata[i];
    if (i + 1 + length > rdata.length) return null;
    parts.push(rdata.subarray(i + 1, i + 1 + length));
    i += 1 + length;
  }
  return parts.length > 0 ? decodeCharacterStrings(parts) : null;
}

/** Wire-format character-strings (octets) → text, UTF-8 (what SPF, DKIM and DMARC records are). */
export function decodeCharacterStrings(parts: ReadonlyArray<Uint8Array | string>): string[] {
  return parts.map((p) => (typeof p === 'string' ? p : utf8.decode(p)));
}

/**
 * TXT `data` of a DoH JSON answer → the record's character-strings, decoded and kept apart.
 * Text that does not start with a quote is one unquoted string, taken as it is (Google's
 * unquoted form contains blanks, so it cannot be split the RFC 1035 way without losing them).
 */
export function decodeTxtData(data: string): string[] {
  const trimmed = data.trim();
  if (trimmed.startsWith('"')) {
    const quoted = parseQuoted(trimmed);
    if (quoted) return quoted;
  }
  if (trimmed.startsWith('\\#')) {
    const rdata = genericRdata(trimmed);
    const generic = rdata && splitCharacterStrings(rdata);
    if (generic) return generic;
  }
  return [data];
}
