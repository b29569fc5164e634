// "Check a record": one pasted text in, its kind, every problem (spans into the text as pasted)
// and a mechanically corrected record out. The kind parsers do the reading; this file undoes
// what pasting does to a record (zone-file quotes and splits, RFC 1035 §5.1; invisible and
// full-width characters) and maps positions back.

import { parseBimi } from '../bimi/parse.ts';
import { diagnostic, hasErrors } from '../diagnostics/diagnostic.ts';
import type { Diagnostic, ParseResult, Span } from '../diagnostics/model.ts';
import { inspectDkimKey } from '../dkim/inspect.ts';
import { parseDkimKey } from '../dkim/parse.ts';
import { repairDkimKey } from '../dkim/repair.ts';
import { parseDmarc } from '../dmarc/parse.ts';
import { parseMtaStsTxt } from '../mtasts/parse.ts';
import { parseMtaStsPolicy } from '../mtasts/parse-policy.ts';
import { parseMx } from '../mx/parse.ts';
import { findInvisible, stripInvisible } from '../shared/invisible.ts';
import { parseTagList } from '../shared/tag-list.ts';
import { parseSpf } from '../spf/parse.ts';
import { parseTlsRpt } from '../tlsrpt/parse.ts';
import { detectRecordKind } from './detect.ts';
import type { CheckedRecord, CheckResult, RecordKind } from './model.ts';
import { identity, mapSpan, unwrapRecordText, type Unwrapped } from './unwrap.ts';

type KnownKind = Exclude<RecordKind, 'unknown'>;

/** Kinds whose record must start with its version tag, with nothing before it. */
const KEEP_LEADING: ReadonlySet<RecordKind> = new Set(['spf', 'dmarc']);

/** The span of the DKIM p= value (its tag when empty), in the record text. */
function pSpan(text: string): Span | undefined {
  const tag = parseTagList(text).tags.find((t) => t.name === 'p');
  if (!tag) return undefined;
  return tag.valueSpan.start === tag.valueSpan.end ? tag.span : tag.valueSpan;
}

const PARSERS: Record<KnownKind, (text: string) => ParseResult<CheckedRecord>> = {
  spf: parseSpf,
  dmarc: parseDmarc,
  dkim: parseDkimKey,
  mx: (text) => parseMx(text),
  'mta-sts': parseMtaStsTxt,
  'mta-sts-policy': parseMtaStsPolicy,
  'tls-rpt': parseTlsRpt,
  bimi: parseBimi,
};

function errorCount(kind: KnownKind, text: string): number {
  return PARSERS[kind](text).diagnostics.filter((d) => d.severity === 'error').length;
}

/** A policy as served: no blank lines, no indentation, one line break after each line. */
function tidyPolicy(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return lines.map((l) => l + eol).join('');
}

/** The mechanical correction for `kind`, or undefined when there is none. */
function fixFor(kind: KnownKind, input: string, u: Unwrapped): string | undefined {
  let candidate: string | null;
  if (kind === 'dkim') candidate = repairDkimKey(input).record;
  else if (kind === 'mta-sts-policy') candidate = tidyPolicy(stripInvisible(input));
  else candidate = stripInvisible(u.text).trim();
  // Outer blanks are not worth a correction, except where the record must start with its version.
  const asPasted = KEEP_LEADING.has(kind) ? input.trimEnd() : input.trim();
  if (candidate === null || candidate === '' || candidate === asPasted) return undefined;
  if (kind === 'mta-sts-policy' && candidate === input) return undefined;
  // Only a correction that does not make things worse.
  return errorCount(kind, candidate) <= errorCount(kind, kind === 'mta-sts-policy' ? input : u.text)
    ? candidate
    : undefined;
}

export async function checkRecord(text: string): Promise<CheckResult> {
  const input = typeof text === 'string' ? text : '';
  const invisible: Diagnostic[] = findInvisible(input).map((c) =>
    diagnostic('record/invisible-character', {
      span: { start: c.index, end: c.index + c.char.length },
      params: { codePoint: c.codePoint },
    }),
  );
  if (input.trim() === '') {
    return {
      kind: 'unknown',
      record: null,
      valid: false,
      diagnostics: [diagnostic('record/empty')],
      normalized: '',
    };
  }

  const kind = detectRecordKind(input);
  // The policy file is lines of text, not a TXT record: read it exactly as pasted.
  // SPF and DMARC records must begin with their version: blanks before it are kept for the parser
  // to report (receivers discard such a record: RFC 7208 §4.5, RFC 9989 §4.8), and the corrected
  // record drops them.
  const u =
    kind === 'mta-sts-policy'
      ? identity(input, { trim: false })
      : unwrapRecordText(input, { keepLeading: KEEP_LEADING.has(kind) });
  const diagnostics: Diagnostic[] = [...invisible];
  if (u.strings > 0) {
    diagnostics.push(
      diagnostic('record/zone-file-quotes', {
        span: { start: u.starts[0] ?? u.base, end: u.ends[u.ends.length - 1] ?? u.base },
        params: { strings: u.strings },
      }),
    );
  }
  if (kind === 'unknown') {
    diagnostics.push(diagnostic('record/unknown-kind', { span: { start: 0, end: input.length } }));
    return { kind, record: null, valid: false, diagnostics, normalized: u.text };
  }

  const parsed = PARSERS[kind](u.text);
  for (const d of parsed.diagnostics) {
    // Invisible characters are reported above, against the text as pasted.
    if (d.code === 'record/invisible-character') continue;
    diagnostics.push(d.span ? { ...d, span: mapSpan(u, d.span) } : d);
  }
  const result: CheckResult = { kind, record: parsed.record, valid: false, diagnostics, normalized: u.text };
  if (kind === 'dkim' && parsed.record) {
    const { diagnostics: keyDiagnostics, ...key } = await inspectDkimKey(
      parsed.record as Parameters<typeof inspectDkimKey>[0],
    );
    // One finding per problem: parsing already reported what it could see (a revoked key, base64
    // and DER damage, with spans); what only the inspection finds points at p=.
    const keySpan = pSpan(u.text);
    for (const d of keyDiagnostics) {
      if (parsed.diagnostics.some((p) => p.code === d.code)) continue;
      diagnostics.push(d.span || !keySpan ? d : { ...d, span: mapSpan(u, keySpan) });
    }
    result.key = key;
  }
  // An invisible character is a warning of its own; where it breaks the record, the kind's
  // parser has already said so with an error (a zero-width space makes a term or key invalid).
  result.valid = parsed.record !== null && !hasErrors(diagnostics);
  const fixed = fixFor(kind, input, u);
  if (fixed !== undefined) result.fixed = fixed;
  diagnostics.sort(
    (a, b) => (a.span?.start ?? Number.MAX_SAFE_INTEGER) - (b.span?.start ?? Number.MAX_SAFE_INTEGER),
  );
  return result;
}
