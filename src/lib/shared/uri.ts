// URI syntax as RFC 3986 §3 has it, enough to tell a URI from plain text and to catch bad
// percent-encoding; used for TLS-RPT `rua=` (RFC 8460 §3) and BIMI `l=`/`a=`.
//
//   URI    = scheme ":" hier-part [ "?" query ] [ "#" fragment ]
//   scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
//   pct-encoded = "%" HEXDIG HEXDIG
//   (every other character one of unreserved / sub-delims / gen-delims)

export type UriProblem = 'empty' | 'no-scheme' | 'bad-character' | 'bad-percent';

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const URI_CHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]%]$/;

export function uriProblem(text: string): UriProblem | null {
  if (text === '') return 'empty';
  if (!SCHEME.test(text)) return 'no-scheme';
  for (let i = 0; i < text.length; i++) {
    if (!URI_CHAR.test(text[i])) return 'bad-character';
    if (text[i] === '%' && !/^%[0-9A-Fa-f]{2}/.test(text.slice(i, i + 3))) return 'bad-percent';
  }
  return null;
}

/** The scheme in lower case (`mailto`, `https`), or null when `text` has none. */
export function uriScheme(text: string): string | null {
  const m = SCHEME.exec(text);
  return m ? m[0].slice(0, -1).toLowerCase() : null;
}

/** The host of an `http(s)://` URI in lower case, or null. */
export function uriHost(text: string): string | null {
  try {
    const host = new URL(text).hostname;
    return host === '' ? null : host.toLowerCase();
  } catch {
    return null;
  }
}

/** A fully qualified host name (at least two labels, not an address literal). */
export function isFqdnHost(host: string): boolean {
  return host.includes('.') && !/^\[|^\d+(\.\d+){3}$/.test(host) && !host.endsWith('.');
}
