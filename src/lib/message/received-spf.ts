// Received-SPF (RFC 7208 §9.1): the SPF result a receiver recorded, with the client IP, envelope
// sender and HELO it checked. Lenient: case-insensitive result, pairs separated by `;` or spaces,
// the client IP taken from Google's comment ("designates 192.0.2.1 as permitted sender") when
// `client-ip=` is absent. Never throws.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import { normaliseIp } from './ip-literal.ts';
import type { ReceivedSpf, SpfResult } from './model.ts';

/** Characters of one field parsed; real ones are a few hundred. */
export const MAX_RECEIVED_SPF_CHARS = 4096;

const RESULTS = new Set<SpfResult>(['pass', 'fail', 'softfail', 'neutral', 'none', 'permerror', 'temperror']);
/** RFC 4408 names, still written by old receivers (RFC 7208 Appendix C). */
const OLD_NAMES: Record<string, SpfResult> = { error: 'temperror', unknown: 'permerror' };

/** The one field's value (after the colon, unfolded). */
export function parseReceivedSpf(value: string, headerIndex = 0): ReceivedSpf {
  const out: ReceivedSpf = { result: null, params: {}, headerIndex, diagnostics: [] };
  if (typeof value !== 'string') return out;
  const text = value.slice(0, MAX_RECEIVED_SPF_CHARS).trim();
  const first = /^([A-Za-z]+)/.exec(text);
  let rest = text;
  if (first) {
    const word = first[1].toLowerCase();
    const result = RESULTS.has(word as SpfResult) ? (word as SpfResult) : OLD_NAMES[word];
    if (result) {
      out.result = result;
      rest = text.slice(first[0].length);
    }
  }
  if (out.result === null)
    out.diagnostics.push(
      diagnostic('message/received-spf-unknown-result', { params: { text: text.slice(0, 40) } }),
    );
  // [comment FWS]: one parenthesised comment (may nest).
  const open = rest.search(/\S/);
  if (open !== -1 && rest[open] === '(') {
    let depth = 0;
    let i = open;
    for (; i < rest.length; i++) {
      if (rest[i] === '\\') i++;
      else if (rest[i] === '(') depth++;
      else if (rest[i] === ')' && --depth === 0) break;
    }
    out.comment = rest.slice(open + 1, Math.min(i, rest.length)).trim();
    rest = rest.slice(i + 1);
  }
  // key-value-list = key-value-pair *( ";" [CFWS] key-value-pair ) [";"]
  const pair = /([A-Za-z][A-Za-z0-9_.-]*)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s;]*)/g;
  for (let m = pair.exec(rest); m !== null; m = pair.exec(rest)) {
    const key = m[1].toLowerCase();
    let v = m[2];
    if (v.startsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    if (!(key in out.params)) out.params[key] = v;
  }
  const fromParam = out.params['client-ip'] ? normaliseIp(out.params['client-ip']) : null;
  const fromComment = /designates ([0-9A-Fa-f.:]+) as/i.exec(out.comment ?? '');
  const ip = fromParam ?? (fromComment ? normaliseIp(fromComment[1]) : null);
  if (ip) out.clientIp = ip;
  return out;
}
