// Received trace fields (RFC 5321 §4.4) → hops: who handed the message to whom, from which address,
// with what protocol, when; and the delay between consecutive hops. Lenient on the forms the big
// providers write (Google's `by <IPv6> with SMTP id`, Microsoft's `with Microsoft SMTP Server (…)
// id … via Frontend Transport`, Exim's `(helo=…)`, QQ's `( [ip])`, Coremail's `by smtp7 (Coremail)`).
// Never throws.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import { parseDateTime } from './date-time.ts';
import { bareIp, bracketedIp, normaliseIp } from './ip-literal.ts';
import type { Hop, ReceivedField } from './model.ts';

/**
 * Characters of one Received field parsed. Real ones are under 1 KB (Microsoft's with their TLS
 * comments reach ~600 characters); a longer one is damage or abuse, and its start holds the clauses.
 */
export const MAX_RECEIVED_CHARS = 4096;
/**
 * Received fields read. RFC 5321 §6.3: a relay "SHOULD ... reject" a message with "a very large
 * number" of them, and suggests 100 as the loop-detection threshold.
 */
export const MAX_RECEIVED_FIELDS = 100;

type Clause = 'from' | 'by' | 'via' | 'with' | 'id' | 'for';
const CLAUSES = new Set<string>(['from', 'by', 'via', 'with', 'id', 'for']);
/** Clauses whose value may be several words ("with Microsoft SMTP Server", "via Frontend Transport"). */
const MULTI_WORD = new Set<Clause>(['with', 'via']);

interface Token {
  kind: 'word' | 'comment';
  text: string;
}

/** RFC 5322 §3.2.2 comments nest and quote with "\"; an unclosed one runs to the end. */
function readComment(s: string, start: number): { text: string; end: number } {
  let depth = 0;
  let i = start;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return { text: s.slice(start + 1, i), end: i + 1 };
  }
  return { text: s.slice(start + 1), end: s.length };
}

/** The index of the last `;` outside comments and quotes: the date-time follows it. */
function lastSemicolon(s: string): number {
  let depth = 0;
  let quoted = false;
  let last = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (quoted) quoted = c !== '"';
    else if (c === '"') quoted = true;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) last = i;
  }
  return last;
}

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    // Any white space, Unicode's too (a word below stops at \s, so it must never start at one).
    if (/\s/.test(c)) i++;
    else if (c === '(') {
      const { text, end } = readComment(s, i);
      out.push({ kind: 'comment', text: text.trim() });
      i = end;
    } else if (c === '<') {
      const end = s.indexOf('>', i);
      const stop = end === -1 ? s.length : end + 1;
      out.push({ kind: 'word', text: s.slice(i, stop) });
      i = stop;
    } else if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      out.push({ kind: 'word', text: s.slice(i, Math.min(j + 1, s.length)) });
      i = j + 1;
    } else {
      let j = i;
      while (j < s.length && !/[\s(]/.test(s[j])) j++;
      out.push({ kind: 'word', text: s.slice(i, j) });
      i = j;
    }
  }
  return out;
}

/** RFC 5321 §4.4 TCP-info: `Domain address-literal`, `address-literal`, or what MTAs write instead. */
function readTcpInfo(comment: string, field: ReceivedField): void {
  // Exim: "([192.0.2.1] helo=mail.example.com)"; the word before the comment was the reverse name.
  const helo = /\bhelo=([^\s)\]]+)/i.exec(comment);
  if (helo && field.from !== undefined && field.from !== helo[1]) {
    field.fromReverse ??= field.from;
    field.from = helo[1];
  }
  const ip = bracketedIp(comment) ?? bareIp(comment.replace(/\bhelo=\S+/i, ''));
  if (ip && field.ip === undefined) field.ip = ip;
  if (field.fromReverse === undefined) {
    // "mail.example.com [192.0.2.1]", "unknown [192.0.2.1]", "mail.example.com. [192.0.2.1]"
    const name = /^([A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9.])\s+\[/.exec(comment);
    if (name && name[1].toLowerCase() !== 'unknown') field.fromReverse = name[1].replace(/\.$/, '');
  }
}

function emptyField(headerIndex: number): ReceivedField {
  return { headerIndex, comments: [], diagnostics: [] };
}

/**
 * One Received field's value (after the colon, unfolded). `headerIndex` is its position among the
 * message's header fields.
 */
export function parseReceived(value: string, headerIndex = 0): ReceivedField {
  const field = emptyField(headerIndex);
  if (typeof value !== 'string') return field;
  let text = value;
  if (text.length > MAX_RECEIVED_CHARS) {
    field.diagnostics.push(
      diagnostic('message/received-truncated', {
        params: { length: text.length, limit: MAX_RECEIVED_CHARS },
      }),
    );
    text = text.slice(0, MAX_RECEIVED_CHARS);
  }
  const semi = lastSemicolon(text);
  const stamp = semi === -1 ? text : text.slice(0, semi);
  if (semi !== -1) {
    const date = text.slice(semi + 1).trim();
    if (date !== '') {
      field.date = date;
      const time = parseDateTime(date);
      if (time !== undefined) field.time = time;
      else field.diagnostics.push(diagnostic('message/received-bad-date', { params: { date } }));
    }
  }
  if (field.date === undefined) field.diagnostics.push(diagnostic('message/received-no-date'));

  let clause: Clause | null = null;
  const values: Partial<Record<Clause, string[]>> = {};
  for (const token of tokenize(stamp)) {
    if (token.kind === 'comment') {
      if (clause === 'from' && field.ip === undefined) readTcpInfo(token.text, field);
      else if (token.text !== '') field.comments.push(token.text);
      continue;
    }
    const lower = token.text.toLowerCase();
    if (CLAUSES.has(lower) && (values[lower as Clause] === undefined || clause !== lower)) {
      clause = lower as Clause;
      values[clause] ??= [];
      continue;
    }
    if (clause === null) continue;
    const words = values[clause] as string[];
    if (words.length === 0 || MULTI_WORD.has(clause)) words.push(token.text);
    else if (clause === 'from' && field.ip === undefined) {
      // "from mail.example.com [192.0.2.1]" without the parentheses.
      const ip = normaliseIp(token.text);
      if (ip) field.ip = ip;
    }
    if (clause === 'from' && words.length === 1 && field.from === undefined) field.from = words[0];
  }
  for (const [name, words] of Object.entries(values) as Array<[Clause, string[]]>) {
    if (words.length === 0) continue;
    const v = words.join(' ');
    if (name === 'from') continue;
    if (name === 'for') field.for = v.replace(/^<|>$/g, '');
    else field[name] = v;
  }
  // An address literal as the from-domain is the client's own claim; use it when TCP-info is absent.
  if (field.ip === undefined && field.from !== undefined) {
    const literal = /^\[.*\]$/.test(field.from) ? normaliseIp(field.from) : null;
    if (literal) field.ip = literal;
  }
  if (field.from === undefined && field.by === undefined)
    field.diagnostics.push(diagnostic('message/received-unparsed'));
  return field;
}

/**
 * The hops of a message from its Received field values (top of the message first, as they appear),
 * in the order the message travelled: the bottom field first. `delaySeconds` is the time since the
 * hop before; a negative delay (clocks that disagree) is kept and reported.
 */
export function receivedHops(fields: ReadonlyArray<{ value: string; headerIndex: number }>): {
  hops: Hop[];
  fields: ReceivedField[];
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  let list = fields;
  if (list.length > MAX_RECEIVED_FIELDS) {
    diagnostics.push(
      diagnostic('message/received-too-many', { params: { count: list.length, limit: MAX_RECEIVED_FIELDS } }),
    );
    list = list.slice(0, MAX_RECEIVED_FIELDS);
  }
  const parsed = list.map((f) => parseReceived(f.value, f.headerIndex));
  const hops: Hop[] = [];
  let previous: number | undefined;
  let reversed = 0;
  for (const f of [...parsed].reverse()) {
    const hop: Hop = { headerIndex: f.headerIndex };
    for (const key of ['from', 'by', 'ip', 'with', 'date', 'id', 'for', 'via', 'fromReverse'] as const) {
      const v = f[key];
      if (v !== undefined) hop[key] = v;
    }
    if (f.time !== undefined) {
      if (previous !== undefined) {
        hop.delaySeconds = Math.round((f.time - previous) / 1000);
        if (hop.delaySeconds < 0) reversed++;
      }
      previous = f.time;
    }
    hops.push(hop);
  }
  if (reversed > 0)
    diagnostics.push(diagnostic('message/received-time-reversed', { params: { count: reversed } }));
  return { hops, fields: parsed, diagnostics };
}
