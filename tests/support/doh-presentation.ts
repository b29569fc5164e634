// How real DoH JSON services write RDATA, for the test server. Written independently of the
// client's decoder (src/lib/dns/txt-decode.ts) so that one cannot hide the other's mistakes.
// Cloudflare: TXT strings quoted side by side with no blank (`"a""b"`), names without the
// trailing dot; non-printable and non-ASCII octets as `\DDD` (RFC 1035 §5.1).
// Google: one plain string unquoted (docs/dns-over-https.md: a 2025 report), several quoted with a blank
// between (`"a" "b"`), UTF-8 left as it is; names with the trailing dot.

const encoder = new TextEncoder();

function escapeOctets(text: string, escapeNonAscii: boolean): string {
  let out = '';
  for (const ch of text) {
    if (ch === '"' || ch === '\\') {
      out += `\\${ch}`;
      continue;
    }
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || cp === 0x7f || (escapeNonAscii && cp > 0x7f)) {
      for (const b of encoder.encode(ch)) out += `\\${String(b).padStart(3, '0')}`;
      continue;
    }
    out += ch;
  }
  return out;
}

export function cloudflareTxt(strings: readonly string[]): string {
  return strings.map((s) => `"${escapeOctets(s, true)}"`).join('');
}

export function googleTxt(strings: readonly string[]): string {
  const [only] = strings;
  const plain =
    strings.length === 1 &&
    only !== '' &&
    !/^[\s"]|^\\#|\\/.test(only) &&
    ![...only].some((c) => c < ' ' || c === '\x7f');
  return plain ? only : strings.map((s) => `"${escapeOctets(s, false)}"`).join(' ');
}
