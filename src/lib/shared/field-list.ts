// The semicolon field lists of the MTA-STS TXT record (RFC 8461 §3.1) and the TLS-RPT TXT record
// (RFC 8460 §3), which share one shape. Splitting is the RFC 6376 §3.2 tag-list of
// shared/tag-list.ts; this file adds what these two grammars say differently:
//
//   RFC 8461 §3.1                                RFC 8460 §3
//   sts-text-record = sts-version                tlsrpt-record = tlsrpt-version
//                     1*(sts-sep sts-field)                      1*(field-delim tlsrpt-field)
//                     [sts-sep]                                  [field-delim]
//   sts-sep         = *WSP %x3B *WSP             field-delim   = *WSP ";" *WSP
//   sts-ext-name    = (ALPHA / DIGIT)            tlsrpt-ext-name  = (ALPHA / DIGIT)
//                     *31(ALPHA / DIGIT / "_" / "-" / ".")         *31(ALPHA / DIGIT / "_" / "-" / ".")
//   sts-ext-value   = 1*(%x21-3A / %x3C / %x3E-7E)   tlsrpt-ext-value = 1*(%x21-3A / %x3C / %x3E-7E)
//
// So: the version comes first and literally (`v=STSv1`, `v=TLSRPTv1`, case-sensitive `%s`), no
// whitespace around "=", only SP/HTAB around ";", no empty fields (";;"), no text after the last
// field other than one ";" and blanks.

import type { Span } from '../diagnostics/model.ts';
import type { Extension } from './model.ts';
import { parseTagList } from './tag-list.ts';

export interface Field {
  name: string;
  value: string;
  span: Span;
  nameSpan: Span;
  valueSpan: Span;
}

/** Problem kinds; each record kind maps them to its own codes (`mta-sts/<kind>`, `tls-rpt/<kind>`). */
export type FieldProblemKind =
  | 'missing-version'
  | 'bad-version'
  | 'version-not-first'
  | 'unexpected-space'
  | 'empty-field'
  | 'malformed-field'
  | 'bad-extension-name'
  | 'bad-extension-value'
  | 'field-case'
  | 'duplicate-field'
  | 'unknown-field';

export interface FieldProblem {
  kind: FieldProblemKind;
  span: Span;
  params?: Record<string, string | number>;
}

export interface FieldList {
  /** The version field's value when it is present, first and exactly right; else null. */
  version: string | null;
  /** Every field after the version, in order (duplicates included). */
  fields: Field[];
  problems: FieldProblem[];
}

const EXT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const EXT_VALUE = /^[\x21-\x3a\x3c\x3e-\x7e]+$/;

export function isExtensionName(name: string): boolean {
  return EXT_NAME.test(name);
}

export function isExtensionValue(value: string): boolean {
  return EXT_VALUE.test(value);
}

/**
 * `version` is the literal version value (`STSv1`); `known` are the field names the record kind
 * defines (their values are checked by the caller; every other field is an extension).
 */
export function parseFieldList(text: string, version: string, known: readonly string[]): FieldList {
  const { tags, problems: tagProblems } = parseTagList(text);
  const problems: FieldProblem[] = [];
  for (const p of tagProblems) {
    if (p.kind === 'missing-equals')
      problems.push({ kind: 'malformed-field', span: p.span, params: { text: p.text } });
    else if (p.kind === 'empty-spec') problems.push({ kind: 'empty-field', span: p.span });
    // bad-name, bad-value-char and duplicate are judged below with these grammars' own rules.
  }

  // Only SP and HTAB may surround ";"; nothing may precede the version; after the last field
  // only one ";" and blanks may follow (more ";" are reported as empty fields above).
  // (Parts without "=" are reported as malformed fields, so they count as fields here.)
  const occupied = [
    ...tags.map((t) => t.span),
    ...tagProblems.filter((p) => p.kind === 'missing-equals').map((p) => p.span),
  ];
  occupied.sort((a, b) => a.start - b.start);
  let previousEnd = 0;
  for (const span of occupied) {
    const gap = text.slice(previousEnd, span.start);
    const bad = previousEnd === 0 ? /\s/.test(gap) : /[^ \t;]/.test(gap);
    if (bad) problems.push({ kind: 'unexpected-space', span: { start: previousEnd, end: span.start } });
    previousEnd = span.end;
  }
  const tail = text.slice(previousEnd);
  if (occupied.length > 0 && (/[^ \t;]/.test(tail) || (tail !== '' && !tail.includes(';')))) {
    problems.push({ kind: 'unexpected-space', span: { start: previousEnd, end: text.length } });
  }

  const fields: Field[] = [];
  for (const tag of tags) {
    const eq = text.indexOf('=', tag.span.start);
    if (eq !== tag.nameSpan.end)
      problems.push({ kind: 'unexpected-space', span: { start: tag.nameSpan.end, end: eq } });
    if (tag.value !== '' && tag.valueSpan.start !== eq + 1) {
      problems.push({ kind: 'unexpected-space', span: { start: eq + 1, end: tag.valueSpan.start } });
    }
    fields.push({
      name: tag.name,
      value: tag.value,
      span: tag.span,
      nameSpan: tag.nameSpan,
      valueSpan: tag.valueSpan,
    });
  }

  let versionValue: string | null = null;
  const first = fields[0];
  if (first && first.name.toLowerCase() === 'v') {
    if (first.name !== 'v')
      problems.push({
        kind: 'field-case',
        span: first.nameSpan,
        params: { name: first.name, expected: 'v' },
      });
    if (first.value !== version) {
      problems.push({
        kind: 'bad-version',
        span: first.valueSpan,
        params: { value: first.value, expected: version },
      });
    } else if (first.name === 'v') {
      versionValue = first.value;
    }
  } else {
    const later = fields.find((f) => f.name === 'v' && f.value === version);
    if (later)
      problems.push({ kind: 'version-not-first', span: later.span, params: { expected: `v=${version}` } });
    else
      problems.push({
        kind: 'missing-version',
        span: { start: 0, end: first ? first.span.end : text.length },
        params: { expected: `v=${version}` },
      });
  }

  const rest = first && first.name.toLowerCase() === 'v' ? fields.slice(1) : fields;
  const seen = new Set<string>(rest === fields ? [] : ['v']);
  for (const f of rest) {
    if (seen.has(f.name)) problems.push({ kind: 'duplicate-field', span: f.span, params: { name: f.name } });
    seen.add(f.name);
    // A later v= is reported above (version-not-first) or just now (duplicate-field).
    if (f.name === 'v' || known.includes(f.name)) continue;
    const expected = known.find((k) => k.toLowerCase() === f.name.toLowerCase());
    if (expected) {
      problems.push({ kind: 'field-case', span: f.nameSpan, params: { name: f.name, expected } });
      continue;
    }
    if (!isExtensionName(f.name)) {
      problems.push({ kind: 'bad-extension-name', span: f.nameSpan, params: { name: f.name } });
    } else if (!isExtensionValue(f.value)) {
      problems.push({
        kind: 'bad-extension-value',
        span: f.value === '' ? f.span : f.valueSpan,
        params: { name: f.name },
      });
    } else {
      problems.push({ kind: 'unknown-field', span: f.span, params: { name: f.name } });
    }
  }
  return { version: versionValue, fields: rest, problems };
}

/**
 * The well-formed extension fields, first instance of each name only (RFC 8461 §3.2: senders
 * ignore every instance but the first of a field that is not `mx`).
 */
export function extensionsOf(fields: readonly Field[], known: readonly string[]): Extension[] {
  const out: Extension[] = [];
  const seen = new Set<string>(['v']);
  for (const f of fields) {
    if (seen.has(f.name)) continue;
    seen.add(f.name);
    const knownName = known.some((k) => k.toLowerCase() === f.name.toLowerCase());
    if (!knownName && isExtensionName(f.name) && isExtensionValue(f.value))
      out.push({ name: f.name, value: f.value });
  }
  return out;
}
