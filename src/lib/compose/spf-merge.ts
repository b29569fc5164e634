// Merge mode of the SPF builder: the domain's current SPF record(s) plus what the user adds become
// ONE record (RFC 7208 §4.5: two `v=spf1` records at a name are a permanent error), shown as a
// term-per-line diff against what is published now.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import { finishRecord, fieldDiagnostic } from './finish.ts';
import { lineDiff } from './line-diff.ts';
import type { FieldDiagnostic, SpfBuilderInput, SpfMerged, SpfQualifier } from './model.ts';
import { spfDiagnostics } from './record-checks.ts';
import {
  DEFAULT_ALL,
  buildSpf,
  checkAllQualifier,
  domainName,
  lookupDiagnostics,
  spfTermsFromInput,
} from './spf-builder.ts';
import { countLookups } from './spf-lookups.ts';
import { SPF_VERSION } from '../spf/limits.ts';
import { joinTxt } from '../shared/txt.ts';

interface Token {
  text: string;
  start: number;
  end: number;
}

function tokens(record: string): Token[] {
  const out: Token[] = [];
  for (const m of record.matchAll(/\S+/g))
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/**
 * The `v=spf1` records in what the user pasted or what DNS returned: one per line, or several on
 * one line; quoted character-strings (`"v=spf1 …" "… ~all"`) are joined without a separator
 * first (RFC 7208 §3.3).
 */
export function splitSpfRecords(existing: string): string[] {
  const records: string[] = [];
  for (const rawLine of existing.split(/\r?\n/)) {
    let line = rawLine.trim();
    if (line === '') continue;
    if (line.startsWith('"')) {
      const strings = [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/g, '$1'));
      line = joinTxt(strings);
    }
    const starts = [...line.matchAll(/(?:^|\s)(v=spf1)(?=\s|$)/gi)].map((m) => m.index + m[0].indexOf(m[1]));
    if (starts.length === 0) {
      records.push(line);
      continue;
    }
    if (starts[0] > 0) records.push(line.slice(0, starts[0]).trim());
    starts.forEach((start, i) => records.push(line.slice(start, starts[i + 1] ?? line.length).trim()));
  }
  return records;
}

/** Terms compare case-insensitively, and `+` is the default qualifier (RFC 7208 §4.6.2). */
function termKey(term: string): string {
  return term.toLowerCase().replace(/^\+/, '');
}

function overlaps(d: Diagnostic, t: Token): boolean {
  if (!d.span) return false;
  return d.span.start === d.span.end
    ? d.span.start >= t.start && d.span.start <= t.end
    : d.span.start < t.end && d.span.end > t.start;
}

const ALL = /^([+\-~?]?)all$/i;
const REDIRECT = /^redirect=(.*)$/i;
const EXP = /^exp=/i;
const DNS_MECHANISM = /^[+\-~?]?(a|mx|ptr|exists|include)(?=$|[:/])/i;
const INCLUDE = /^[+\-~?]?include:(.+)$/i;

export function mergeSpf(existing: string, input: SpfBuilderInput): SpfMerged {
  const records = splitSpfRecords(existing);
  const fields: FieldDiagnostic[] = [];
  if (records.length === 0) {
    const built = buildSpf(input);
    const after = built.draft.split(' ');
    return { ...built, diff: lineDiff([], after), replaces: 0 };
  }

  // Other TXT records at the name (site verifications…) stay as they are and are not merged;
  // text with no SPF record at all is a mistake worth saying.
  const spf = records.filter((r) => /^v=spf1(\s|$)/i.test(r));
  if (spf.length === 0) {
    fields.push(
      fieldDiagnostic('existing', diagnostic('composer/merge-not-spf', { params: { value: records[0] } })),
    );
  }
  if (spf.length > 1) {
    fields.push(
      fieldDiagnostic(
        'existing',
        diagnostic('composer/merge-records-joined', { params: { count: spf.length } }),
      ),
    );
  }

  const kept: string[] = [];
  const keys = new Set<string>();
  const exps: string[] = [];
  let existingAll: SpfQualifier | undefined;
  const before: string[] = [];
  for (const record of spf) {
    const diagnostics = spfDiagnostics(record).filter((d) => d.severity === 'error');
    const recordTokens = tokens(record);
    before.push(...recordTokens.map((t) => t.text));
    const hasAll = recordTokens.some((t) => ALL.test(t.text));
    for (const token of recordTokens.slice(1)) {
      const text = token.text;
      if (diagnostics.some((d) => overlaps(d, token))) {
        // RFC 7208 §4.6: a term that does not parse makes the whole record a permerror.
        fields.push(
          fieldDiagnostic('existing', diagnostic('composer/merge-dropped-term', { params: { term: text } })),
        );
        continue;
      }
      const all = ALL.exec(text);
      if (all) {
        existingAll ??= (all[1] || '+') as SpfQualifier;
        continue;
      }
      if (EXP.test(text)) {
        if (exps.length === 0) exps.push(text);
        else
          fields.push(
            fieldDiagnostic(
              'existing',
              diagnostic('composer/merge-dropped-term', { params: { term: text } }),
            ),
          );
        continue;
      }
      let term = text;
      const redirect = REDIRECT.exec(text);
      if (redirect) {
        // RFC 7208 §6.1: "Any 'redirect' modifier MUST be ignored if there is an 'all' mechanism
        // anywhere in the record." Without one, the redirect target becomes an include followed
        // by the merged record's own `all`.
        if (hasAll) {
          fields.push(
            fieldDiagnostic(
              'existing',
              diagnostic('composer/merge-dropped-term', { params: { term: text } }),
            ),
          );
          continue;
        }
        term = `include:${redirect[1]}`;
        fields.push(
          fieldDiagnostic(
            'existing',
            diagnostic('composer/merge-redirect-converted', { params: { term: text, include: term } }),
          ),
        );
      }
      const key = termKey(term);
      if (keys.has(key)) continue;
      keys.add(key);
      kept.push(term);
    }
  }

  const added = spfTermsFromInput(input);
  fields.push(...added.fields);
  for (const term of added.terms) {
    const key = termKey(term);
    if (keys.has(key)) continue;
    keys.add(key);
    kept.push(term);
  }
  const all = checkAllQualifier(input.all, existingAll ?? DEFAULT_ALL);
  fields.push(...all.fields);
  const name = domainName(input.domain, fields);

  // RFC 7208 §4.6.4: include, a, mx, ptr and exists count, each include adds its target's terms.
  let direct = 0;
  const targets: string[] = [];
  for (const term of kept) {
    if (DNS_MECHANISM.test(term)) direct++;
    const include = INCLUDE.exec(term);
    if (include) targets.push(include[1].toLowerCase());
  }
  const lookups = countLookups(direct, targets, input.lookupCosts);
  fields.push(...lookupDiagnostics(lookups));

  const after = [SPF_VERSION, ...kept, `${all.qualifier}all`, ...exps];
  const draft = after.join(' ');
  return {
    ...finishRecord(draft, name, fields, spfDiagnostics),
    lookups,
    diff: lineDiff(before, after, termKey),
    replaces: spf.length,
  };
}
