// The TLS-RPT TXT record at `_smtp._tls.<domain>` (RFC 8460 §3). Never throws; every problem
// carries a span into `text`.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic, ParseResult, Span } from '../diagnostics/model.ts';
import { extensionsOf, parseFieldList } from '../shared/field-list.ts';
import type { TlsRptRecord } from './model.ts';
import { uriHost, uriProblem, uriScheme } from '../shared/uri.ts';

export const TLS_RPT_VERSION = 'TLSRPTv1';
/** RFC 8460 §3: "Two URI schemes are supported: "mailto" and "https"." */
export const TLS_RPT_SCHEMES: readonly string[] = ['mailto', 'https'];

interface Item {
  text: string;
  span: Span;
}

/** Splits a `rua=` value on "," with blanks around (`*WSP "," *WSP`), keeping spans. */
function splitUris(value: string, start: number): Item[] {
  const out: Item[] = [];
  let pos = 0;
  for (const piece of value.split(',')) {
    const lead = /^[ \t]*/.exec(piece)![0].length;
    const text = piece.slice(lead).replace(/[ \t]+$/, '');
    out.push({ text, span: { start: start + pos + lead, end: start + pos + lead + text.length } });
    pos += piece.length + 1;
  }
  return out;
}

/** Why a report URI is unusable, or null. */
function ruaProblem(uri: string): 'syntax' | 'scheme' | null {
  // RFC 8460 §3: "exclamation points (ASCII 0x21) ... MUST be encoded".
  if (uriProblem(uri) !== null || uri.includes('!')) return 'syntax';
  const scheme = uriScheme(uri);
  if (scheme === 'mailto') return /^mailto:[^@?]+@[^@?]+/i.test(uri) ? null : 'syntax';
  if (scheme === 'https') return uriHost(uri) ? null : 'syntax';
  return 'scheme';
}

export function parseTlsRpt(text: string): ParseResult<TlsRptRecord> {
  if (text.trim() === '') return { record: null, diagnostics: [diagnostic('record/empty')] };
  const list = parseFieldList(text, TLS_RPT_VERSION, ['rua']);
  const diagnostics: Diagnostic[] = list.problems.map((p) =>
    diagnostic(`tls-rpt/${p.kind}`, { span: p.span, ...(p.params ? { params: p.params } : {}) }),
  );

  const ruaFields = list.fields.filter((f) => f.name === 'rua');
  const rua: string[] = [];
  let supported = 0;
  // A `RUA=` field is already reported as tls-rpt/field-case.
  if (ruaFields.length === 0 && !list.fields.some((f) => f.name.toLowerCase() === 'rua'))
    diagnostics.push(diagnostic('tls-rpt/missing-rua', { span: { start: 0, end: text.length } }));
  // Several rua= fields: the grammar allows them (1*(field-delim tlsrpt-field)); all URIs count.
  for (const f of ruaFields) {
    for (const item of splitUris(f.value, f.valueSpan.start)) {
      const problem = ruaProblem(item.text);
      const span = item.text === '' ? f.span : item.span;
      if (problem === 'syntax') {
        diagnostics.push(diagnostic('tls-rpt/bad-rua-uri', { span, params: { uri: item.text } }));
        continue;
      }
      if (problem === 'scheme') {
        diagnostics.push(
          diagnostic('tls-rpt/rua-unsupported-scheme', {
            span,
            params: { uri: item.text, scheme: uriScheme(item.text) ?? '' },
          }),
        );
      } else {
        supported++;
      }
      rua.push(item.text);
    }
  }
  if (rua.length > 0 && supported === 0) {
    diagnostics.push(diagnostic('tls-rpt/no-usable-rua', { span: ruaFields[0].span }));
  }
  diagnostics.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
  if (list.version === null || rua.length === 0) return { record: null, diagnostics };
  return {
    record: { version: TLS_RPT_VERSION, rua, extensions: extensionsOf(list.fields, ['rua']) },
    diagnostics,
  };
}
