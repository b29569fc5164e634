// Parses a DKIM key record (RFC 6376 §3.6.1, RFC 8463) into the model, reporting every problem
// with a span. Tag names are case-sensitive (RFC 6376 §3.2: "Tags MUST be interpreted in a
// case-sensitive manner"); whitespace inside p= is ignored (§3.6.1).

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic, ParseResult, Span } from '../diagnostics/model.ts';
import { findInvisible } from '../shared/invisible.ts';
import { parseTagList, type Tag } from '../shared/tag-list.ts';
import { tagProblemDiagnostic, type TagProblemCodes } from '../shared/tag-problem.ts';
import { readKeyShape } from './key-shape.ts';
import type { DkimKeyRecord, DkimKeyType } from './model.ts';
import { validateDkimKey, type DkimTagSpans } from './validate.ts';

/** RFC 6376 §3.6.1 v=: "If specified, this tag MUST be set to "DKIM1"". */
export const DKIM_VERSION = 'DKIM1';
export const DKIM_KEY_TYPES: readonly DkimKeyType[] = ['rsa', 'ed25519'];
export const DKIM_TAGS = ['v', 'h', 'k', 'n', 'p', 's', 't'] as const;
const KNOWN = new Set<string>(DKIM_TAGS);
const WHITESPACE = /\s/g;
const BASE64_CHAR = /[A-Za-z0-9+/=]/;

const TAG_CODES: TagProblemCodes = {
  emptyTag: 'dkim/empty-tag',
  duplicateTag: 'dkim/duplicate-tag',
  syntaxError: 'dkim/syntax-error',
};

/** `a : b:c` → ['a', 'b', 'c'] (RFC 6376 §3.6.1: [FWS] ":" [FWS] between items). */
function colonList(value: string): string[] {
  return value.split(':').map((item) => item.trim());
}

/**
 * RFC 6376 §3.6.1 p=: base64string (§2.4) with whitespace ignored. Quotes and other characters are
 * the common paste damage (a zone file's `" "`, a stray `"`); reported with the span of the first.
 */
function checkKeyText(tag: Tag, text: string, out: Diagnostic[]): void {
  for (let i = tag.valueSpan.start; i < tag.valueSpan.end; i++) {
    const c = text[i];
    if (/\s/.test(c) || BASE64_CHAR.test(c)) continue;
    if (findInvisible(c).length > 0) continue; // reported as record/invisible-character
    const reason = c === '"' ? 'quotes' : 'not-base64';
    out.push(diagnostic('dkim/key-damaged', { span: { start: i, end: i + 1 }, params: { reason, char: c } }));
    return;
  }
}

interface Builder {
  record: Partial<DkimKeyRecord>;
  spans: DkimTagSpans;
  diagnostics: Diagnostic[];
  /** The p= tag as read, for the key checks once k= is known. */
  keyTag?: Tag;
}

/**
 * RFC 6376 §6.1.2: a verifier that cannot decode p= as a key of k='s type MUST fail the
 * signature (PERMFAIL), so a record whose p= cannot be a key is not valid, whatever its syntax.
 * The span is the offending character for base64 damage (§2.4, RFC 4648 §4), else all of p=.
 */
function checkKeyShape(b: Builder, tag: Tag, text: string): void {
  const p = b.record.p;
  if (p === undefined || p === '') return;
  if (b.diagnostics.some((d) => d.code === 'dkim/key-damaged')) return; // quotes, foreign characters
  if (b.record.invalid?.some((t) => t.name === 'k')) return; // an unknown k=: nothing to look at
  const read = readKeyShape(p, b.record.k ?? 'rsa');
  if (read.ok) return;
  const { problem } = read;
  let span: Span = tag.valueSpan;
  if (problem.code === 'dkim/key-damaged' && problem.index !== undefined) {
    // `index` counts p without whitespace: walk the value to find that character in the text.
    let seen = 0;
    for (let i = tag.valueSpan.start; i < tag.valueSpan.end; i++) {
      if (/\s/.test(text[i])) continue;
      if (seen === problem.index) {
        span = { start: i, end: i + 1 };
        break;
      }
      seen++;
    }
  }
  b.diagnostics.push(diagnostic(problem.code, { span, params: problem.params }));
}

function readTag(b: Builder, tag: Tag, text: string): void {
  const span: Span = tag.valueSpan.start === tag.valueSpan.end ? tag.span : tag.valueSpan;
  b.spans[tag.name] = tag.span;
  const list = (name: 'h' | 's' | 't') => {
    const items = colonList(tag.value);
    if (items.some((item) => item === '')) {
      b.diagnostics.push(
        diagnostic('dkim/syntax-error', { span, params: { text: `${tag.name}=${tag.value}` } }),
      );
      (b.record.invalid ??= []).push({ name, value: tag.value });
      return;
    }
    b.record[name] = items;
  };
  switch (tag.name) {
    case 'v':
      if (tag.value === DKIM_VERSION) b.record.v = DKIM_VERSION;
      else {
        // §3.6.1: "Records beginning with a "v=" tag with any other value MUST be discarded."
        b.diagnostics.push(diagnostic('dkim/invalid-version', { span, params: { value: tag.value } }));
        (b.record.invalid ??= []).push({ name: 'v', value: tag.value });
      }
      return;
    case 'h':
    case 's':
    case 't':
      list(tag.name);
      return;
    case 'k': {
      const k = tag.value.toLowerCase();
      if ((DKIM_KEY_TYPES as readonly string[]).includes(k)) b.record.k = k as DkimKeyType;
      else {
        b.diagnostics.push(diagnostic('dkim/unknown-key-type', { span, params: { k: tag.value } }));
        (b.record.invalid ??= []).push({ name: 'k', value: tag.value });
      }
      return;
    }
    case 'n':
      b.record.n = tag.value;
      return;
    case 'p':
      b.record.p = tag.value.replace(WHITESPACE, '');
      b.keyTag = tag;
      checkKeyText(tag, text, b.diagnostics);
      return;
    default: {
      (b.record.unknown ??= []).push({ name: tag.name, value: tag.value });
      // §3.2: names are case-sensitive, so "V=" or "P=" is an unknown tag, not v= or p=.
      const expected = tag.name.toLowerCase();
      b.diagnostics.push(
        KNOWN.has(expected)
          ? diagnostic('dkim/tag-name-case', { span: tag.nameSpan, params: { tag: tag.name, expected } })
          : diagnostic('dkim/unknown-tag', { span: tag.nameSpan, params: { tag: tag.name } }),
      );
    }
  }
}

/** Parses `text` (the TXT strings already joined). Never throws. */
export function parseDkimKey(text: string): ParseResult<DkimKeyRecord> {
  const diagnostics: Diagnostic[] = [];
  if (text.trim() === '') return { record: null, diagnostics: [diagnostic('record/empty')] };
  for (const c of findInvisible(text)) {
    diagnostics.push(
      diagnostic('record/invisible-character', {
        span: { start: c.index, end: c.index + c.char.length },
        params: { codePoint: c.codePoint },
      }),
    );
  }
  const list = parseTagList(text);
  for (const problem of list.problems) {
    const d = tagProblemDiagnostic(problem, text, TAG_CODES);
    if (d) diagnostics.push(d);
  }
  const seen = new Set<string>();
  const tags = list.tags.filter((t) => {
    // §3.2: "if a tag name does occur more than once, the entire tag-list is invalid" (reported);
    // read the first occurrence.
    if (seen.has(t.name)) return false;
    seen.add(t.name);
    return true;
  });
  const version = tags.find((t) => t.name === 'v');
  if (version) {
    // §3.6.1 v=: "This tag MUST be the first tag in the record."
    const firstStart = Math.min(
      ...list.tags.map((t) => t.span.start),
      ...list.problems
        .filter((p) => p.kind === 'missing-equals' || p.kind === 'bad-name')
        .map((p) => p.span.start),
    );
    if (version.span.start > firstStart)
      diagnostics.push(diagnostic('dkim/version-not-first', { span: version.span }));
  }
  const b: Builder = { record: {}, spans: {}, diagnostics };
  for (const tag of tags) readTag(b, tag, text);
  if (b.keyTag) checkKeyShape(b, b.keyTag, text);

  if (b.record.p === undefined) {
    // §3.6.1 p=: "(base64; REQUIRED)".
    diagnostics.push(diagnostic('dkim/missing-key', { span: { start: 0, end: text.length } }));
    return { record: null, diagnostics };
  }
  const record = b.record as DkimKeyRecord;
  diagnostics.push(...validateDkimKey(record, { spans: b.spans }));
  return { record, diagnostics };
}
