// DMARC reporting URIs in rua= and ruf= (RFC 9989 §4.6, §4.8): a comma-separated list of RFC 3986
// URIs, each optionally followed by the obsolete `!size` suffix. Receivers only have to support
// `mailto:` (RFC 9989 §4.7), so any other scheme is reported as likely to be ignored.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic, Span } from '../diagnostics/model.ts';
import { checkDnsName } from '../shared/domain-name.ts';
import type { DmarcReportSize, DmarcSizeUnit, DmarcUri } from './model.ts';

/** RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** RFC 3986 §2: unreserved / reserved / "%" (pct-encoded is checked separately). */
const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
const PCT_ENCODED = /%(?![0-9A-Fa-f]{2})/;
/** RFC 9989 §4.8: obs-dmarc-report-size = "!" 1*DIGIT [ "k" / "m" / "g" / "t" ]. Whitespace inside is
 *  tolerated here (it carries no meaning); the suffix itself is reported as obsolete. */
const REPORT_SIZE = /^\s*(\d+)\s*([kmgtKMGT])?\s*$/;

export interface UriListResult {
  uris: DmarcUri[];
  /** How many entries are syntactically valid URIs (RFC 9989 §4.10.1 "at least one syntactically
   *  valid reporting URI"). */
  validCount: number;
  diagnostics: Diagnostic[];
}

function parseSize(text: string): DmarcReportSize | null {
  const m = REPORT_SIZE.exec(text);
  if (!m) return null;
  const value = Number(m[1]);
  if (!Number.isSafeInteger(value)) return null;
  const size: DmarcReportSize = { value };
  if (m[2]) size.unit = m[2].toLowerCase() as DmarcSizeUnit;
  return size;
}

/** RFC 3986 `URI` (absolute, with scheme), checked at the character level. */
export function isUriSyntax(uri: string): boolean {
  return URI_SCHEME.test(uri) && URI_CHARS.test(uri) && !PCT_ENCODED.test(uri);
}

function decodePercent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * RFC 6068 §2: `mailto:` followed by one addr-spec (DMARC requires "," to be encoded, so there is
 * exactly one), optionally `?hfields`. Returns the address or null.
 */
export function mailtoAddress(uri: string): string | null {
  if (!/^mailto:/i.test(uri)) return null;
  const to = uri.slice('mailto:'.length).split('?')[0];
  const at = to.lastIndexOf('@');
  if (at <= 0 || at === to.length - 1) return null;
  const local = to.slice(0, at);
  const host = decodePercent(to.slice(at + 1)).toLowerCase();
  if (/[\s@]/.test(local) || local.startsWith('/')) return null;
  if (!/^[a-z0-9.-]+$/.test(host) || host.startsWith('.') || host.endsWith('.')) return null;
  if (checkDnsName(host) !== null) return null;
  return `${local}@${host}`;
}

/** The host that receives reports sent to `uri`: the mail domain of a `mailto:`, the authority host
 *  of other URIs, or null when there is none (RFC 9990 uses it for the external-destination check). */
export function reportUriHost(uri: DmarcUri | string): string | null {
  const text = typeof uri === 'string' ? uri : uri.uri;
  const address = mailtoAddress(text);
  if (address) return address.slice(address.lastIndexOf('@') + 1);
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^:/?#]+)/.exec(text);
  return m ? m[1].toLowerCase() : null;
}

/** `uri!10m` as written in a record. */
export function formatDmarcUri(u: DmarcUri): string {
  return u.size ? `${u.uri}!${u.size.value}${u.size.unit ?? ''}` : u.uri;
}

/**
 * Parses a rua/ruf value. `offset` is where `value` starts in the record text, so diagnostics get
 * spans into the record. Invalid entries are reported and left out of `uris`.
 */
export function parseUriList(value: string, offset: number, tag: string): UriListResult {
  const uris: DmarcUri[] = [];
  const diagnostics: Diagnostic[] = [];
  let validCount = 0;
  let start = 0;
  for (let i = 0; i <= value.length; i++) {
    if (i !== value.length && value[i] !== ',') continue;
    let a = start;
    let b = i;
    start = i + 1;
    while (a < b && /\s/.test(value[a])) a++;
    while (b > a && /\s/.test(value[b - 1])) b--;
    const span: Span = { start: offset + a, end: offset + b };
    const entry = value.slice(a, b);
    if (entry === '') {
      diagnostics.push(diagnostic('dmarc/invalid-uri', { span, params: { tag, uri: '' } }));
      continue;
    }
    // RFC 9989 §4.8: "!" inside a URI MUST be encoded, so the first "!" starts the size suffix.
    const bang = entry.indexOf('!');
    const uri = (bang === -1 ? entry : entry.slice(0, bang)).trimEnd();
    let size: DmarcReportSize | undefined;
    if (bang !== -1) {
      const parsed = parseSize(entry.slice(bang + 1));
      if (!parsed) {
        diagnostics.push(diagnostic('dmarc/invalid-report-size', { span, params: { tag, uri: entry } }));
        continue;
      }
      size = parsed;
      diagnostics.push(diagnostic('dmarc/report-size-obsolete', { span, params: { tag, uri: entry } }));
    }
    if (!isUriSyntax(uri)) {
      diagnostics.push(diagnostic('dmarc/invalid-uri', { span, params: { tag, uri } }));
      continue;
    }
    if (/^mailto:/i.test(uri)) {
      if (mailtoAddress(uri) === null) {
        diagnostics.push(diagnostic('dmarc/invalid-mailto', { span, params: { tag, uri } }));
        continue;
      }
    } else {
      diagnostics.push(diagnostic('dmarc/uri-not-mailto', { span, params: { tag, uri } }));
    }
    validCount++;
    uris.push(size ? { uri, size } : { uri });
  }
  return { uris, validCount, diagnostics };
}
