// Zone-file presentation of a TXT record (RFC 1035 §5.1): one or more quoted character-strings,
// possibly after an owner/class/type prefix or inside "( … )", with `\"`, `\\` and `\DDD`
// escapes. Unwraps them into the record text, keeping for every character where it came from so
// diagnostics can point into the text as the user pasted it.

import type { Span } from '../diagnostics/model.ts';

export interface Unwrapped {
  text: string;
  /** Offset in the input of each UTF-16 unit of `text` … */
  starts: number[];
  /** … and the offset just after it (an escape covers several input characters). */
  ends: number[];
  /** Where `text` begins in the input (for spans at the very start of an empty text). */
  base: number;
  /** Number of quoted strings joined; 0 when the input was not in zone-file form. */
  strings: number;
}

const ZONE_PREFIX = /(^|\s)(TXT|IN|\()(\s|$)|\(\s*$/i;

/** The input with only its outer blanks trimmed (`'end'`: only the trailing ones). */
export function identity(input: string, o: { trim?: boolean | 'end' } = {}): Unwrapped {
  let a = 0;
  let b = input.length;
  const trim = o.trim ?? true;
  if (trim === true) while (a < b && /\s/.test(input[a])) a++;
  if (trim !== false) while (b > a && /\s/.test(input[b - 1])) b--;
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = a; i < b; i++) {
    starts.push(i);
    ends.push(i + 1);
  }
  return { text: input.slice(a, b), starts, ends, base: a, strings: 0 };
}

/**
 * `keepLeading`: keep blanks before the record (for kinds whose grammar forbids them, so the
 * parser can say so: RFC 7208 §4.5, RFC 9989 §4.8). Zone-file form is unwrapped either way.
 */
export function unwrapRecordText(input: string, o: { keepLeading?: boolean } = {}): Unwrapped {
  const trimmed = identity(input);
  const plain = o.keepLeading ? identity(input, { trim: 'end' }) : trimmed;
  const a = trimmed.base;
  const b = a + trimmed.text.length;
  const firstQuote = input.indexOf('"', a);
  if (firstQuote === -1 || firstQuote >= b) return plain;
  const prefix = input.slice(a, firstQuote);
  if (prefix !== '' && !ZONE_PREFIX.test(prefix)) return plain;

  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let strings = 0;
  let i = firstQuote;
  while (i < b) {
    const c = input[i];
    if (c === '"') {
      strings++;
      let j = i + 1;
      while (j < b && input[j] !== '"') {
        let ch = input[j];
        let next = j + 1;
        if (ch === '\\' && j + 1 < b) {
          const ddd = /^\d{3}/.exec(input.slice(j + 1, j + 4));
          ch = ddd ? String.fromCharCode(Number(ddd[0])) : input[j + 1];
          next = ddd ? j + 4 : j + 2;
        }
        text += ch;
        starts.push(j);
        ends.push(next);
        j = next;
      }
      i = j + 1;
    } else if (c === ';') {
      break; // a zone-file comment
    } else if (/[\s()]/.test(c)) {
      i++;
    } else {
      return plain; // text outside the quotes: not zone-file form after all
    }
  }
  return { text, starts, ends, base: firstQuote + 1, strings };
}

/** A span in `u.text` as a span in the input. */
export function mapSpan(u: Unwrapped, span: Span): Span {
  const n = u.text.length;
  const s = Math.max(0, Math.min(span.start, n));
  const e = Math.max(s, Math.min(span.end, n));
  const start = s < n ? u.starts[s] : n > 0 ? u.ends[n - 1] : u.base;
  const end = e > s ? u.ends[e - 1] : start;
  return { start, end };
}
