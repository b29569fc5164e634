// The tag=value list grammar shared by DKIM key records and DMARC records (RFC 6376 §3.2,
// RFC 9989 §4.7 reuses it). Written once here; record kinds map the problems to their own codes.
//
//   tag-list  =  tag-spec *( ";" tag-spec ) [ ";" ]
//   tag-spec  =  [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
//   tag-name  =  ALPHA *ALNUMPUNC           ; ALNUMPUNC = ALPHA / DIGIT / "_"
//   tag-value =  [ tval *( 1*(WSP / FWS) tval ) ]
//   tval      =  1*VALCHAR                  ; VALCHAR = %x21-3A / %x3C-7E

import type { Span } from '../diagnostics/model.ts';

export interface Tag {
  /** As written (case kept); callers decide case-sensitivity (DKIM tag names are case-sensitive). */
  name: string;
  /** Leading and trailing whitespace removed; inner whitespace kept. */
  value: string;
  span: Span;
  nameSpan: Span;
  valueSpan: Span;
}

export type TagProblem =
  | { kind: 'missing-equals'; span: Span; text: string }
  | { kind: 'bad-name'; span: Span; name: string }
  | { kind: 'bad-value-char'; span: Span; char: string }
  | { kind: 'duplicate'; span: Span; name: string }
  | { kind: 'empty-spec'; span: Span };

export interface TagList {
  tags: Tag[];
  problems: TagProblem[];
}

const TAG_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const WSP = /[ \t\r\n]/;

function trimSpan(text: string, start: number, end: number): Span {
  while (start < end && WSP.test(text[start])) start++;
  while (end > start && WSP.test(text[end - 1])) end--;
  return { start, end };
}

/**
 * Splits `text` into tags. Never throws; every problem carries a span. `caseInsensitiveNames`
 * makes duplicate detection ignore case (DMARC); DKIM compares names exactly (RFC 6376 §3.2:
 * "Tags MUST be interpreted in a case-sensitive manner").
 */
export function parseTagList(text: string, o: { caseInsensitiveNames?: boolean } = {}): TagList {
  const tags: Tag[] = [];
  const problems: TagProblem[] = [];
  const seen = new Set<string>();
  let start = 0;
  const pieces: Span[] = [];
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === ';') {
      pieces.push({ start, end: i });
      start = i + 1;
    }
  }
  pieces.forEach((piece, index) => {
    const span = trimSpan(text, piece.start, piece.end);
    if (span.start === span.end) {
      // An empty spec is only allowed as the trailing ";" (and "" for an empty list).
      if (index !== pieces.length - 1 && pieces.length > 1)
        problems.push({ kind: 'empty-spec', span: piece });
      return;
    }
    const eq = text.indexOf('=', span.start);
    if (eq === -1 || eq >= span.end) {
      problems.push({ kind: 'missing-equals', span, text: text.slice(span.start, span.end) });
      return;
    }
    const nameSpan = trimSpan(text, span.start, eq);
    const valueSpan = trimSpan(text, eq + 1, span.end);
    const name = text.slice(nameSpan.start, nameSpan.end);
    const value = text.slice(valueSpan.start, valueSpan.end);
    if (!TAG_NAME.test(name)) problems.push({ kind: 'bad-name', span: nameSpan, name });
    for (let i = valueSpan.start; i < valueSpan.end; i++) {
      const c = text.charCodeAt(i);
      const ok = (c >= 0x21 && c <= 0x3a) || (c >= 0x3c && c <= 0x7e) || WSP.test(text[i]);
      if (!ok) {
        problems.push({ kind: 'bad-value-char', span: { start: i, end: i + 1 }, char: text[i] });
        break;
      }
    }
    const key = o.caseInsensitiveNames ? name.toLowerCase() : name;
    if (seen.has(key)) problems.push({ kind: 'duplicate', span, name });
    seen.add(key);
    tags.push({ name, value, span, nameSpan, valueSpan });
  });
  return { tags, problems };
}

/** The inverse for well-formed tags: `a=1; b=2`. */
export function formatTagList(tags: ReadonlyArray<readonly [string, string]>): string {
  return tags.map(([name, value]) => `${name}=${value}`).join('; ');
}
