// Checks on a whole SPF record model (RFC 7208 §3.3–§3.4, §4.6, §5, §6, §7.1) and on the set of
// TXT records at one name (§4.5). parseSpf folds `validateSpf` into its diagnostics.

import type { Diagnostic, Span } from '../diagnostics/model.ts';
import { diagnostic } from '../diagnostics/diagnostic.ts';
import { joinTxt, MAX_CHARACTER_STRING_OCTETS, utf8Length } from '../shared/txt.ts';
import { formatSpf, formatTerm } from './format.ts';
import { IP4_MAX_PREFIX, IP6_MAX_PREFIX, isIp4Network, isIp6Network } from './ip.ts';
import {
  isLookupTerm,
  isSpfRecordText,
  MAX_DNS_MECHANISMS,
  MAX_LABEL_OCTETS,
  reachableTerms,
  RECOMMENDED_MAX_RECORD_OCTETS,
} from './limits.ts';
import { EXP_ONLY_LETTERS, formatMacroString, hasMacros } from './macro.ts';
import type { MacroString, SpfRecord, SpfTerm } from './model.ts';

/**
 * Codes that are syntax errors in the sense of RFC 7208 §4.6: "If there are any syntax errors
 * anywhere in the record, check_host() returns immediately with the result "permerror"". The
 * other error-severity codes (e.g. `spf/plus-all`) describe valid records that are unwise.
 */
export const SPF_SYNTAX_CODES: ReadonlySet<string> = new Set([
  'spf/version',
  'spf/syntax',
  'spf/invalid-character',
  'spf/unknown-mechanism',
  'spf/missing-argument',
  'spf/unexpected-argument',
  'spf/invalid-modifier',
  'spf/duplicate-modifier',
  'spf/invalid-ip4',
  'spf/invalid-ip6',
  'spf/invalid-cidr',
  'spf/invalid-domain',
  'spf/invalid-macro',
  'spf/macro-exp-only',
]);

export function isSyntaxError(d: Diagnostic): boolean {
  return SPF_SYNTAX_CODES.has(d.code);
}

// toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
// Tested as a whole label, so `xn--zckzah` matches the second form (suite: a-dash-in-toplabel).
const TOPLABEL = /^(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9])$/;

/** domain-end = ( "." toplabel [ "." ] ) / macro-expand (RFC 7208 §7.1). */
export function hasValidDomainEnd(parts: MacroString): boolean {
  const last = parts[parts.length - 1];
  if (!last) return false;
  if (last.kind !== 'literal') return true;
  const text = last.text.endsWith('.') ? last.text.slice(0, -1) : last.text;
  const dot = text.lastIndexOf('.');
  return dot !== -1 && TOPLABEL.test(text.slice(dot + 1));
}

/** A literal name no DNS query can carry: an empty label or one over 63 octets (RFC 1035). */
export function unqueryableLiteral(parts: MacroString): boolean {
  if (hasMacros(parts)) return false;
  let name = formatMacroString(parts);
  if (name.endsWith('.')) name = name.slice(0, -1);
  return name.split('.').some((label) => label === '' || utf8Length(label) > MAX_LABEL_OCTETS);
}

function domainOf(term: SpfTerm): MacroString | undefined {
  switch (term.kind) {
    case 'include':
    case 'exists':
    case 'redirect':
    case 'exp':
      return term.domain;
    case 'a':
    case 'mx':
    case 'ptr':
      return term.domain;
    default:
      return undefined;
  }
}

function spanOf(term: SpfTerm): { span?: Span } {
  return term.span ? { span: term.span } : {};
}

function prefixCheck(
  out: Diagnostic[],
  at: { span?: Span },
  prefix: number | undefined,
  max: number,
  written: string,
): void {
  if (prefix !== undefined && prefix > max)
    out.push(diagnostic('spf/invalid-cidr', { ...at, params: { cidr: `${written}${prefix}` } }));
}

function termChecks(term: SpfTerm): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = spanOf(term);
  switch (term.kind) {
    case 'ip4':
      if (!isIp4Network(term.address))
        out.push(diagnostic('spf/invalid-ip4', { ...at, params: { address: term.address } }));
      prefixCheck(out, at, term.prefix, IP4_MAX_PREFIX, '/');
      break;
    case 'ip6':
      if (!isIp6Network(term.address))
        out.push(diagnostic('spf/invalid-ip6', { ...at, params: { address: term.address } }));
      prefixCheck(out, at, term.prefix, IP6_MAX_PREFIX, '/');
      break;
    case 'a':
    case 'mx':
      prefixCheck(out, at, term.ip4Prefix, IP4_MAX_PREFIX, '/');
      prefixCheck(out, at, term.ip6Prefix, IP6_MAX_PREFIX, '//');
      break;
    case 'ptr':
      // RFC 7208 §5.5: "This mechanism SHOULD NOT be published."
      out.push(diagnostic('spf/ptr-deprecated', at));
      break;
    case 'modifier':
      out.push(...expOnlyLetters(term.value, at));
      break;
  }
  const domain = domainOf(term);
  if (domain) {
    if (!hasValidDomainEnd(domain)) {
      out.push(diagnostic('spf/invalid-domain', { ...at, params: { domain: formatMacroString(domain) } }));
    } else if (unqueryableLiteral(domain)) {
      out.push(
        diagnostic('spf/domain-not-queryable', { ...at, params: { domain: formatMacroString(domain) } }),
      );
    }
    out.push(...expOnlyLetters(domain, at));
  }
  return out;
}

/** RFC 7208 §7.1: "The following macro letters are allowed only in "exp" text: c, r, t". */
function expOnlyLetters(parts: MacroString, at: { span?: Span }): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const part of parts) {
    if (part.kind === 'macro' && EXP_ONLY_LETTERS.has(part.letter)) {
      out.push(
        diagnostic('spf/macro-exp-only', {
          ...at,
          params: { macro: formatMacroString([part]), letter: part.letter },
        }),
      );
    }
  }
  return out;
}

function joinSpans(a: Span | undefined, b: Span | undefined): { span?: Span } {
  return a && b ? { span: { start: a.start, end: b.end } } : {};
}

export interface ValidateSpfOptions {
  /** The TXT character-strings as they will be published; each is checked against 255 octets. */
  strings?: readonly string[];
}

/**
 * Whole-record checks. `text` (the record as written) is used for the length check; without it
 * the formatted record is measured. A single string over 255 octets is only reported when
 * `o.strings` is given: a record fetched from DNS was necessarily served in ≤255-octet strings.
 */
export function validateSpf(record: SpfRecord, text?: string, o: ValidateSpfOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const terms = record.terms;
  for (const term of terms) out.push(...termChecks(term));

  // RFC 7208 §6: "These two modifiers MUST NOT appear in a record more than once each. If they
  // do, then check_host() exits with a result of "permerror"."
  for (const name of ['redirect', 'exp'] as const) {
    terms
      .filter((t) => t.kind === name)
      .slice(1)
      .forEach((t) => out.push(diagnostic('spf/duplicate-modifier', { ...spanOf(t), params: { name } })));
  }

  const allIndex = terms.findIndex((t) => t.kind === 'all');
  const all = terms[allIndex];
  if (all && all.kind === 'all') {
    if (all.qualifier === undefined || all.qualifier === '+')
      out.push(diagnostic('spf/plus-all', spanOf(all)));
    else if (all.qualifier === '?') out.push(diagnostic('spf/neutral-all', spanOf(all)));
  }
  const { reachable, ignored } = reachableTerms(terms);
  const ignoredMechanisms = ignored.filter((t) => t.kind !== 'redirect');
  if (ignoredMechanisms.length > 0) {
    out.push(
      diagnostic('spf/all-not-last', {
        ...joinSpans(ignoredMechanisms[0].span, ignoredMechanisms[ignoredMechanisms.length - 1].span),
        params: { count: ignoredMechanisms.length },
      }),
    );
  }
  if (allIndex !== -1) {
    for (const t of terms)
      if (t.kind === 'redirect') out.push(diagnostic('spf/redirect-with-all', spanOf(t)));
  } else if (!terms.some((t) => t.kind === 'redirect' || t.kind === 'invalid')) {
    out.push(diagnostic('spf/no-all'));
  }

  // RFC 7208 §4.6.4: the lookup limit counts over the whole evaluation; this record's own share
  // already decides it when it is over 10, and at exactly 10 nothing can be added (or include it).
  const lookupTerms = reachable.filter(isLookupTerm);
  if (lookupTerms.length > MAX_DNS_MECHANISMS) {
    out.push(
      diagnostic('spf/too-many-lookups', {
        ...joinSpans(lookupTerms[MAX_DNS_MECHANISMS].span, lookupTerms[lookupTerms.length - 1].span),
        params: { count: lookupTerms.length },
      }),
    );
  } else if (lookupTerms.length === MAX_DNS_MECHANISMS) {
    out.push(diagnostic('spf/lookups-at-limit', { params: { count: lookupTerms.length } }));
  }

  const seen = new Set<string>();
  for (const term of terms) {
    if (
      term.kind === 'invalid' ||
      term.kind === 'redirect' ||
      term.kind === 'exp' ||
      term.kind === 'modifier'
    )
      continue;
    // The term without its qualifier (formatTerm writes the one-character qualifier first).
    const written = formatTerm(term);
    const key = (term.qualifier ? written.slice(1) : written).toLowerCase();
    if (seen.has(key))
      out.push(diagnostic('spf/duplicate-mechanism', { ...spanOf(term), params: { term: written } }));
    seen.add(key);
  }

  const octets = utf8Length(text ?? formatSpf(record));
  if (octets > RECOMMENDED_MAX_RECORD_OCTETS)
    out.push(diagnostic('spf/record-too-long', { params: { octets } }));
  // RFC 7208 §3.3: a TXT character-string holds at most 255 octets; longer records are split.
  for (const s of o.strings ?? []) {
    const n = utf8Length(s);
    if (n > MAX_CHARACTER_STRING_OCTETS)
      out.push(diagnostic('spf/string-too-long', { params: { octets: n } }));
  }
  return out;
}

export interface SpfSetResult {
  /** Index of the one SPF record among the inputs; null when there are none or several. */
  index: number | null;
  /** That record's text (strings joined). */
  record: string | null;
  /** How many inputs are `v=spf1` records. */
  count: number;
  diagnostics: Diagnostic[];
}

/**
 * RFC 7208 §4.5: among the TXT records at a name, keep those that begin with `v=spf1`; none
 * means no policy (`spf/missing`), more than one is a permerror (`spf/multiple-records`). Each
 * input is a record's text or its character-strings (joined without separator, §3.3).
 */
export function validateSpfSet(texts: ReadonlyArray<string | readonly string[]>): SpfSetResult {
  const joined = texts.map((t) => (typeof t === 'string' ? t : joinTxt(t)));
  const indexes = joined.flatMap((t, i) => (isSpfRecordText(t) ? [i] : []));
  if (indexes.length === 0) {
    return { index: null, record: null, count: 0, diagnostics: [diagnostic('spf/missing')] };
  }
  if (indexes.length > 1) {
    return {
      index: null,
      record: null,
      count: indexes.length,
      diagnostics: [diagnostic('spf/multiple-records', { params: { count: indexes.length } })],
    };
  }
  return { index: indexes[0], record: joined[indexes[0]], count: 1, diagnostics: [] };
}
