// TXT character-strings (RFC 1035 §3.3.14): each at most 255 octets. SPF (RFC 7208 §3.3) and
// DKIM (RFC 6376 §3.6.2.2) join a record's strings without a separator.

export const MAX_CHARACTER_STRING_OCTETS = 255;

const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  // ASCII (nearly every name and record) is one octet a character: no encoding needed.
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return encoder.encode(text).length;
  return text.length;
}

/** Splits `value` into ≤255-octet strings (UTF-8), never inside a character. */
export function splitTxt(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of value) {
    const n = utf8Length(ch);
    if (octets + n > MAX_CHARACTER_STRING_OCTETS) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  if (current !== '' || out.length === 0) out.push(current);
  return out;
}

/** The inverse of `splitTxt`: the record value as SPF and DKIM read it. */
export function joinTxt(strings: readonly string[]): string {
  return strings.join('');
}

/** Zone-file presentation: `"a" "b"` with `"` and `\` escaped (RFC 1035 §5.1). */
export function quoteTxt(strings: readonly string[]): string {
  return strings.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(' ');
}
