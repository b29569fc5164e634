// One MX record as a user types it or a tool shows it: `10 mx.example.com.`, a zone-file line
// (`example.com. 300 IN MX 10 mx.example.com.`), or the exchange alone with the preference given
// separately (a DNS host's form has a "priority" field). RFC 1035 §3.3.9, RFC 7505 §3.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic, ParseResult, Span } from '../diagnostics/model.ts';
import type { MxRecord } from './model.ts';
import { classifyTarget, stripTrailingDot } from './target.ts';

/** RFC 1035 §3.3.9: PREFERENCE is "A 16 bit integer". */
export const MAX_MX_PREFERENCE = 65535;

export interface ParseMxOptions {
  /** The preference entered in a separate field; used when the text holds only the exchange. */
  preference?: number;
}

interface Token {
  text: string;
  span: Span;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/\S+/g))
    out.push({ text: m[0], span: { start: m.index, end: m.index + m[0].length } });
  return out;
}

export function isValidPreference(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= MAX_MX_PREFERENCE;
}

function parsePreference(t: Token, diagnostics: Diagnostic[]): number | null {
  const n = /^\d{1,10}$/.test(t.text) ? Number(t.text) : NaN;
  if (!isValidPreference(n)) {
    diagnostics.push(diagnostic('mx/bad-preference', { span: t.span, params: { value: t.text } }));
    return null;
  }
  return n;
}

export function parseMx(text: string, o: ParseMxOptions = {}): ParseResult<MxRecord> {
  const diagnostics: Diagnostic[] = [];
  let all = tokens(text);
  if (all.length === 0) return { record: null, diagnostics: [diagnostic('record/empty')] };

  // A zone-file or dig line: owner, TTL and class come before the type; the RDATA after it.
  const type = all.findIndex((t) => t.text.toUpperCase() === 'MX');
  if (type !== -1 && type < all.length - 1) all = all.slice(type + 1);

  let preference: number | null = null;
  let exchange: Token | undefined;
  const numeric = /^\d+$/.test(all[0].text);
  if (all.length === 1 && !numeric) {
    exchange = all[0];
    if (o.preference === undefined) {
      diagnostics.push(diagnostic('mx/missing-preference', { span: exchange.span }));
    } else if (!isValidPreference(o.preference)) {
      diagnostics.push(diagnostic('mx/bad-preference', { params: { value: String(o.preference) } }));
    } else {
      preference = o.preference;
    }
  } else {
    preference = parsePreference(all[0], diagnostics);
    exchange = all[1];
    if (!exchange) diagnostics.push(diagnostic('mx/missing-target', { span: all[0].span }));
    if (preference !== null && o.preference !== undefined && o.preference !== preference) {
      diagnostics.push(
        diagnostic('mx/preference-conflict', {
          span: all[0].span,
          params: { value: preference, field: String(o.preference) },
        }),
      );
    }
    if (all.length > 2) {
      const extra = { start: all[2].span.start, end: all[all.length - 1].span.end };
      diagnostics.push(
        diagnostic('mx/extra-text', { span: extra, params: { text: text.slice(extra.start, extra.end) } }),
      );
    }
  }
  if (!exchange) return { record: null, diagnostics };

  const target = stripTrailingDot(exchange.text);
  switch (classifyTarget(exchange.text)) {
    case 'null':
      // RFC 7505 §3: the null MX has "preference number 0".
      if (preference !== null && preference !== 0) {
        diagnostics.push(
          diagnostic('mx/null-preference', { span: all[0].span, params: { value: preference } }),
        );
      }
      break;
    case 'ip':
      diagnostics.push(
        diagnostic('mx/target-ip', { span: exchange.span, params: { target: exchange.text } }),
      );
      break;
    case 'invalid':
      diagnostics.push(
        diagnostic('mx/invalid-target', { span: exchange.span, params: { target: exchange.text } }),
      );
      break;
    case 'host':
      break;
  }
  if (preference === null) return { record: null, diagnostics };
  return { record: { preference, exchange: target }, diagnostics };
}
