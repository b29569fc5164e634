// Parses a DMARC policy record (RFC 9989 §4.7, §4.8) into the model, reporting every problem with a
// span. Tag names are case-insensitive (RFC 5234 quoted strings); the v= value is case-sensitive.

import { DMARC_FAILURE_OPTIONS, DMARC_POLICIES, DMARC_VERSION } from './vocabulary.ts';
import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic, ParseResult, Span } from '../diagnostics/model.ts';
import { findInvisible } from '../shared/invisible.ts';
import { parseTagList, type Tag, type TagProblem } from '../shared/tag-list.ts';
import type {
  DmarcAlignmentMode,
  DmarcFailureOption,
  DmarcPolicy,
  DmarcPsd,
  DmarcRecord,
  DmarcYesNo,
} from './model.ts';
import { parseUriList } from './uri.ts';
import { validateDmarc, type DmarcTagSpans } from './validate.ts';
import { tagProblemDiagnostic, type TagProblemCodes } from '../shared/tag-problem.ts';

// DMARC_VERSION is re-exported for the callers that import it from here.
export { DMARC_VERSION } from './vocabulary.ts';
const POLICIES: readonly string[] = DMARC_POLICIES;
const FAILURE_OPTIONS: readonly string[] = DMARC_FAILURE_OPTIONS;
const ENUMS = {
  psd: ['y', 'n', 'u'],
  t: ['y', 'n'],
  adkim: ['r', 's'],
  aspf: ['r', 's'],
} as const satisfies Record<string, readonly string[]>;

/** Tags RFC 9989 defines (§4.7) plus the ones it removed (Appendix C.5.2). */
export const DMARC_TAGS = ['v', 'p', 'sp', 'np', 'psd', 't', 'adkim', 'aspf', 'rua', 'ruf', 'fo'] as const;
export const REMOVED_DMARC_TAGS = ['pct', 'rf', 'ri'] as const;
const KNOWN = new Set<string>([...DMARC_TAGS, ...REMOVED_DMARC_TAGS]);

/** RFC 7489 §6.3 limits for the removed tags, which RFC 7489 receivers still enforce. */
const MAX_PCT = 100;
const MAX_RI = 4294967295; // 32-bit unsigned integer
const RF_FORMATS = new Set(['afrf', 'iodef']);

/** `fo:0`, `sp-none`: a known tag written with ":" or "-" instead of "=". */
const WRONG_SEPARATOR = /^([A-Za-z]+)\s*[:-]\s*(\S.*)$/s;

function isDmarcVersionLike(value: string): boolean {
  return /^DMARC/i.test(value);
}

/** Damerau–Levenshtein distance ≤ 1 (one edit or one swap of neighbours). */
function isOneEditAway(a: string, b: string): boolean {
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length === 1) return true;
    return (
      diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]]
    );
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  for (let i = 0; i < long.length; i++) {
    if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  }
  return false;
}

function suggestTag(name: string): string | null {
  const lower = name.toLowerCase();
  if (lower.length < 2) return null;
  return [...KNOWN].find((known) => known.length >= 2 && isOneEditAway(lower, known)) ?? null;
}

const TAG_CODES: TagProblemCodes = {
  emptyTag: 'dmarc/empty-tag',
  duplicateTag: 'dmarc/duplicate-tag',
  syntaxError: 'dmarc/syntax-error',
};

function problemDiagnostic(problem: TagProblem, text: string): Diagnostic | null {
  if (problem.kind === 'missing-equals') {
    const m = WRONG_SEPARATOR.exec(problem.text);
    if (m && KNOWN.has(m[1].toLowerCase())) {
      return diagnostic('dmarc/tag-separator', {
        span: problem.span,
        params: { text: problem.text, suggestion: `${m[1].toLowerCase()}=${m[2].trim()}` },
      });
    }
  }
  // DMARC tag names are case-insensitive: a duplicate is named in lower case.
  return tagProblemDiagnostic(problem, text, TAG_CODES, { tagName: (name) => name.toLowerCase() });
}

function checkRemovedValue(name: string, value: string): boolean {
  if (name === 'pct') return /^\d{1,3}$/.test(value) && Number(value) <= MAX_PCT;
  if (name === 'ri') return /^\d{1,10}$/.test(value) && Number(value) <= MAX_RI;
  const formats = value.split(':').map((f) => f.trim().toLowerCase());
  return formats.every((f) => RF_FORMATS.has(f));
}

interface Builder {
  record: DmarcRecord;
  spans: DmarcTagSpans;
  diagnostics: Diagnostic[];
}

function markInvalid(b: Builder, tag: Tag, name: string): void {
  (b.record.invalid ??= []).push({ name, value: tag.value });
}

function readTag(b: Builder, tag: Tag): void {
  const name = tag.name.toLowerCase();
  const value = tag.value;
  const lower = value.toLowerCase();
  const span = tag.valueSpan.start === tag.valueSpan.end ? tag.span : tag.valueSpan;
  b.spans[name] = tag.span;
  switch (name) {
    case 'p':
    case 'sp':
    case 'np':
      if (POLICIES.includes(lower)) b.record[name] = lower as DmarcPolicy;
      else {
        b.diagnostics.push(diagnostic('dmarc/invalid-policy', { span, params: { tag: name, value } }));
        markInvalid(b, tag, name);
      }
      return;
    case 'psd':
    case 't':
    case 'adkim':
    case 'aspf': {
      const allowed: readonly string[] = ENUMS[name];
      if (allowed.includes(lower)) {
        if (name === 'psd') b.record.psd = lower as DmarcPsd;
        else if (name === 't') b.record.t = lower as DmarcYesNo;
        else b.record[name] = lower as DmarcAlignmentMode;
      } else {
        b.diagnostics.push(
          diagnostic('dmarc/invalid-value', {
            span,
            params: { tag: name, value, expected: allowed.join(' / ') },
          }),
        );
        markInvalid(b, tag, name);
      }
      return;
    }
    case 'rua':
    case 'ruf': {
      const list = parseUriList(value, tag.valueSpan.start, name);
      b.diagnostics.push(...list.diagnostics);
      if (list.uris.length > 0) b.record[name] = list.uris;
      if (list.validCount !== countEntries(value)) markInvalid(b, tag, name);
      return;
    }
    case 'fo':
      readFailureOptions(b, tag, span);
      return;
    case 'pct':
    case 'rf':
    case 'ri':
      // RFC 9989 Appendix C.5.2 removed these; RFC 9989 receivers ignore them, RFC 7489 ones don't.
      b.record[name] = value;
      b.diagnostics.push(diagnostic('dmarc/removed-tag', { span: tag.span, params: { tag: name } }));
      if (!checkRemovedValue(name, value)) {
        b.diagnostics.push(
          diagnostic('dmarc/removed-tag-invalid-value', { span, params: { tag: name, value } }),
        );
      }
      return;
    default: {
      (b.record.unknown ??= []).push({ name: tag.name, value });
      const suggestion = suggestTag(tag.name);
      b.diagnostics.push(
        suggestion
          ? diagnostic('dmarc/unknown-tag-typo', {
              span: tag.nameSpan,
              params: { tag: tag.name, suggestion },
            })
          : diagnostic('dmarc/unknown-tag', { span: tag.nameSpan, params: { tag: tag.name } }),
      );
    }
  }
}

function countEntries(value: string): number {
  return value.split(',').length;
}

function readFailureOptions(b: Builder, tag: Tag, span: Span): void {
  const items = tag.value.split(':').map((item) => item.trim().toLowerCase());
  const bad = items.filter((item) => !FAILURE_OPTIONS.includes(item));
  if (bad.length > 0) {
    b.diagnostics.push(
      diagnostic('dmarc/invalid-value', {
        span,
        params: { tag: 'fo', value: tag.value, expected: '0 / 1 / d / s' },
      }),
    );
    markInvalid(b, tag, 'fo');
    return;
  }
  const unique = [...new Set(items)] as DmarcFailureOption[];
  // RFC 9989 §4.7: "with the exception that "0" and "1" are mutually exclusive"; §4.8: d and s
  // "each may appear at most once".
  if (unique.length !== items.length || (unique.includes('0') && unique.includes('1'))) {
    b.diagnostics.push(diagnostic('dmarc/fo-conflict', { span, params: { value: tag.value } }));
  }
  b.record.fo = unique;
}

/** How much of the record's start a version diagnostic shows (as spf/version does). */
const VERSION_SPAN_MAX = 32;

/** Where the first tag-spec of the text starts (a tag or a malformed piece). */
function firstSpecStart(tags: readonly Tag[], problems: readonly TagProblem[]): number {
  const starts = [
    ...tags.map((t) => t.span.start),
    ...problems.filter((p) => p.kind === 'missing-equals' || p.kind === 'bad-name').map((p) => p.span.start),
  ];
  return Math.min(...starts);
}

/** Parses `text` (the TXT strings already joined). Never throws. */
export function parseDmarc(text: string): ParseResult<DmarcRecord> {
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
  if (/^\s/.test(text)) {
    // RFC 9989 §4.8: the record "MUST comply with the formal definition", which begins with
    // dmarc-version ("v" *WSP "=" ...): nothing may come before v. Same wording and span as
    // spf/version for the same mistake (keep in sync with spf/parse.ts).
    const space = text.indexOf(' ');
    const end = Math.min(space > 0 ? space : text.length, VERSION_SPAN_MAX);
    diagnostics.push(
      diagnostic('dmarc/leading-whitespace', {
        span: { start: 0, end },
        params: { found: text.slice(0, end) },
      }),
    );
  }
  const list = parseTagList(text, { caseInsensitiveNames: true });
  const first = new Set<string>();
  const tags = list.tags.filter((t) => {
    // RFC 6376 §3.2: a duplicate makes the tag-list invalid (reported below); read the first one.
    const key = t.name.toLowerCase();
    if (first.has(key)) return false;
    first.add(key);
    return true;
  });
  const version = tags.find((t) => t.name.toLowerCase() === 'v');
  const notDmarc = (value: string): ParseResult<DmarcRecord> => ({
    record: null,
    diagnostics: [
      ...diagnostics,
      diagnostic('dmarc/not-dmarc', { span: { start: 0, end: text.length }, params: { value } }),
    ],
  });
  if (!version) {
    // Without v= this is only a DMARC record with a missing version if it uses DMARC's tags.
    if (!tags.some((t) => KNOWN.has(t.name.toLowerCase()))) return notDmarc('');
    diagnostics.push(diagnostic('dmarc/missing-version', { span: { start: 0, end: 0 } }));
  } else if (!isDmarcVersionLike(version.value)) {
    return notDmarc(version.value);
  } else {
    // RFC 9989 §4.7: "This tag MUST be the first tag in the list ... If the tag is not the first in
    // the list, or the tag is absent, or the value is not "DMARC1", then the entire record MUST be
    // ignored."
    if (version.span.start > firstSpecStart(list.tags, list.problems)) {
      diagnostics.push(diagnostic('dmarc/version-not-first', { span: version.span }));
    }
    if (version.value !== DMARC_VERSION) {
      diagnostics.push(
        diagnostic('dmarc/invalid-version', { span: version.valueSpan, params: { value: version.value } }),
      );
    }
  }
  for (const problem of list.problems) {
    const d = problemDiagnostic(problem, text);
    if (d) diagnostics.push(d);
  }
  const b: Builder = { record: {}, spans: {}, diagnostics };
  for (const tag of tags) if (tag !== version) readTag(b, tag);

  // RFC 7489 §6.4 put p= directly after v=; RFC 9989 §4.8 allows any order, RFC 7489 receivers
  // (still deployed) may not.
  const afterVersion = tags.filter((t) => t !== version).sort((a, c) => a.span.start - c.span.start)[0];
  const policyTag = tags.find((t) => t.name.toLowerCase() === 'p');
  if (version && policyTag && afterVersion !== policyTag) {
    diagnostics.push(diagnostic('dmarc/policy-not-second', { span: policyTag.span }));
  }
  diagnostics.push(...validateDmarc(b.record, { spans: b.spans, length: text.length }));
  return { record: b.record, diagnostics };
}
