// Reading an SPF record (RFC 7208 §4.5, §4.6.1, §5, §6, §7.1) into the model of model.ts.
// Recovers after every error and reports all of them with spans; never throws. The checks that
// need the whole record (validate.ts) are folded into the result.

import type { Diagnostic, ParseResult, Span } from '../diagnostics/model.ts';
import { diagnostic } from '../diagnostics/diagnostic.ts';
import { parseMacroString, type MacroContext } from './macro.ts';
import type { MacroString, SpfMechanism, SpfQualifier, SpfRecord, SpfTerm } from './model.ts';
import { isSpfRecordText, SPF_VERSION } from './limits.ts';
import { validateSpf } from './validate.ts';

const MECHANISMS = new Set(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);
const QUALIFIERS = '+-~?';
// name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ), immediately followed by "=" (§4.6.1:
// modifiers are told apart by "=" right after the name, before any ":" or "/").
const MODIFIER = /^([A-Za-z][A-Za-z0-9._-]*)=/;
const DUAL_CIDR = /^(?:\/([0-9]+))?(?:\/\/([0-9]+))?$/;
// a / mx arguments after ":": domain-spec, then the longest "/digits" / "//digits" suffix.
const DOMAIN_AND_CIDR = /^([\s\S]*?)((?:\/[0-9]+)?(?:\/\/[0-9]+)?)$/;
// ip4-cidr-length = "/" 1*DIGIT (the range and leading zeros are checked separately)
const SINGLE_CIDR = /^\/[0-9]+$/;

interface TermParse {
  term: SpfTerm;
  diagnostics: Diagnostic[];
}

export { isSpfRecordText };

export function parseSpf(text: string): ParseResult<SpfRecord> {
  if (typeof text !== 'string' || text === '') {
    return { record: null, diagnostics: [diagnostic('record/empty')] };
  }
  if (!isSpfRecordText(text)) {
    // RFC 7208 §4.5: a record that does not begin with "v=spf1" is not an SPF record (leading
    // whitespace included). dmarc/leading-whitespace uses the same span (keep in sync with
    // dmarc/parse.ts).
    const space = text.indexOf(' ');
    const end = Math.min(space > 0 ? space : text.length, 32);
    return {
      record: null,
      diagnostics: [
        diagnostic('spf/version', { span: { start: 0, end }, params: { found: text.slice(0, end) } }),
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const terms: SpfTerm[] = [];
  // record = version terms *SP; terms = *( 1*SP ( directive / modifier ) ). Only SP separates.
  let i = SPF_VERSION.length;
  while (i < text.length) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    let end = text.indexOf(' ', i);
    if (end === -1) end = text.length;
    const parsed = parseTerm(text.slice(i, end), i);
    terms.push(parsed.term);
    diagnostics.push(...parsed.diagnostics);
    i = end;
  }
  const record: SpfRecord = { terms };
  diagnostics.push(...validateSpf(record, text));
  // In reading order for the UI; diagnostics about the whole record (no span) last.
  diagnostics.sort(byPosition);
  return { record, diagnostics };
}

function positionOf(d: Diagnostic): number {
  return d.span?.start ?? Number.MAX_SAFE_INTEGER;
}

function byPosition(x: Diagnostic, y: Diagnostic): number {
  return positionOf(x) - positionOf(y);
}

/** Sets the qualifier (when written) and the span of a mechanism read from `token`. */
function withQualifier<T extends SpfMechanism>(m: T, qualifier: SpfQualifier | undefined, span: Span): T {
  if (qualifier) m.qualifier = qualifier;
  m.span = span;
  return m;
}

/** The index of the first ":" or "/" in `text`, or -1. */
function argumentStart(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3a || c === 0x2f) return i;
  }
  return -1;
}

function invalid(token: string, span: Span, diagnostics: Diagnostic[]): TermParse {
  return { term: { kind: 'invalid', text: token, span }, diagnostics };
}

function unexpected(name: string, token: string, args: string, argsStart: number, span: Span): TermParse {
  return invalid(token, span, [
    diagnostic('spf/unexpected-argument', {
      span: { start: argsStart, end: span.end },
      params: { mechanism: name, argument: args },
    }),
  ]);
}

function missing(name: string, token: string, span: Span): TermParse {
  return invalid(token, span, [diagnostic('spf/missing-argument', { span, params: { mechanism: name } })]);
}

/** Reads one term; `start` is its offset in the record (spans are record offsets). */
export function parseTerm(token: string, start = 0): TermParse {
  const span = { start, end: start + token.length };
  const modifier = MODIFIER.exec(token);
  if (modifier) return parseModifier(token, modifier[1], start, span);
  const eq = token.indexOf('=');
  const stop = argumentStart(token);
  if (eq !== -1 && (stop === -1 || eq < stop)) {
    return invalid(token, span, [diagnostic('spf/invalid-modifier', { span, params: { term: token } })]);
  }
  let rest = token;
  let qualifier: SpfQualifier | undefined;
  if (QUALIFIERS.includes(token[0])) {
    qualifier = token[0] as SpfQualifier;
    rest = token.slice(1);
  }
  const argsAt = argumentStart(rest);
  const nameEnd = argsAt === -1 ? rest.length : argsAt;
  const name = rest.slice(0, nameEnd).toLowerCase();
  const args = rest.slice(nameEnd);
  const argsStart = start + token.length - args.length;
  if (name === '') {
    return invalid(token, span, [diagnostic('spf/syntax', { span, params: { term: token } })]);
  }
  if (!MECHANISMS.has(name)) {
    const bad = firstBadChar(token);
    if (bad !== null) return invalid(token, span, [badCharDiagnostic(token, bad, start)]);
    return invalid(token, span, [
      diagnostic('spf/unknown-mechanism', { span, params: { name: rest.slice(0, nameEnd) } }),
    ]);
  }
  switch (name) {
    case 'all':
      // all = "all"
      if (args !== '') return unexpected(name, token, args, argsStart, span);
      return { term: withQualifier({ kind: 'all' }, qualifier, span), diagnostics: [] };
    case 'include':
    case 'exists': {
      // include = "include" ":" domain-spec; exists = "exists" ":" domain-spec
      if (args === '' || args === ':') return missing(name, token, span);
      if (args[0] !== ':') return unexpected(name, token, args, argsStart, span);
      const domain = readMacroString(args.slice(1), argsStart + 1, 'domain');
      if (!domain.parts) return invalid(token, span, domain.diagnostics);
      return {
        term: withQualifier({ kind: name, domain: domain.parts }, qualifier, span),
        diagnostics: domain.diagnostics,
      };
    }
    case 'ptr': {
      // ptr = "ptr" [ ":" domain-spec ]
      if (args === '') return { term: withQualifier({ kind: 'ptr' }, qualifier, span), diagnostics: [] };
      if (args[0] !== ':') return unexpected(name, token, args, argsStart, span);
      if (args === ':') return missing(name, token, span);
      const domain = readMacroString(args.slice(1), argsStart + 1, 'domain');
      if (!domain.parts) return invalid(token, span, domain.diagnostics);
      return {
        term: withQualifier({ kind: 'ptr', domain: domain.parts }, qualifier, span),
        diagnostics: domain.diagnostics,
      };
    }
    case 'a':
    case 'mx':
      return parseAddressMechanism(name, token, args, argsStart, span, qualifier);
    case 'ip4':
    case 'ip6':
      return parseIpMechanism(name, token, args, argsStart, span, qualifier);
  }
  return invalid(token, span, [diagnostic('spf/syntax', { span, params: { term: token } })]);
}

/** a / mx: [ ":" domain-spec ] [ dual-cidr-length ] */
function parseAddressMechanism(
  name: 'a' | 'mx',
  token: string,
  args: string,
  argsStart: number,
  span: Span,
  qualifier: SpfQualifier | undefined,
): TermParse {
  let domainText: string | undefined;
  let cidrText = args;
  if (args.startsWith(':')) {
    // The domain-spec may itself contain "/" (any visible character but "%"), so the
    // dual-cidr-length is the longest "/digits" / "//digits" suffix.
    const m = DOMAIN_AND_CIDR.exec(args.slice(1))!;
    domainText = m[1];
    cidrText = m[2];
    if (domainText === '') {
      return invalid(token, span, [
        diagnostic('spf/missing-argument', { span, params: { mechanism: name } }),
      ]);
    }
  }
  const diagnostics: Diagnostic[] = [];
  const cidrStart = span.end - cidrText.length;
  const cidr = DUAL_CIDR.exec(cidrText);
  if (!cidr) {
    const bad = firstBadChar(cidrText);
    diagnostics.push(
      bad !== null
        ? badCharDiagnostic(cidrText, bad, cidrStart)
        : diagnostic('spf/invalid-cidr', {
            span: { start: cidrStart, end: span.end },
            params: { cidr: cidrText },
          }),
    );
    return invalid(token, span, diagnostics);
  }
  const term: SpfMechanism & { kind: 'a' | 'mx' } = { kind: name };
  if (domainText !== undefined) {
    const domain = readMacroString(domainText, argsStart + 1, 'domain');
    diagnostics.push(...domain.diagnostics);
    if (!domain.parts) return invalid(token, span, diagnostics);
    term.domain = domain.parts;
  }
  if (cidr[1] !== undefined) {
    term.ip4Prefix = prefixValue(cidr[1]);
    diagnostics.push(...leadingZero(cidr[1], cidrStart, span.end));
  }
  if (cidr[2] !== undefined) {
    term.ip6Prefix = prefixValue(cidr[2]);
    diagnostics.push(...leadingZero(cidr[2], cidrStart, span.end));
  }
  return { term: withQualifier(term, qualifier, span), diagnostics };
}

/** ip4 = "ip4" ":" ip4-network [ ip4-cidr-length ]; ip6 likewise. */
function parseIpMechanism(
  name: 'ip4' | 'ip6',
  token: string,
  args: string,
  argsStart: number,
  span: Span,
  qualifier: SpfQualifier | undefined,
): TermParse {
  if (args === '' || args === ':') {
    return invalid(token, span, [diagnostic('spf/missing-argument', { span, params: { mechanism: name } })]);
  }
  if (args[0] !== ':') {
    return invalid(token, span, [
      diagnostic('spf/unexpected-argument', {
        span: { start: argsStart, end: span.end },
        params: { mechanism: name, argument: args },
      }),
    ]);
  }
  const value = args.slice(1);
  const slash = value.indexOf('/');
  const address = slash === -1 ? value : value.slice(0, slash);
  const bad = firstBadChar(address);
  if (bad !== null) return invalid(token, span, [badCharDiagnostic(address, bad, argsStart + 1)]);
  if (address === '') {
    return invalid(token, span, [diagnostic('spf/missing-argument', { span, params: { mechanism: name } })]);
  }
  const term: SpfMechanism & { kind: 'ip4' | 'ip6' } = { kind: name, address };
  const diagnostics: Diagnostic[] = [];
  if (slash !== -1) {
    const cidrText = value.slice(slash);
    const cidrSpan = { start: span.end - cidrText.length, end: span.end };
    // ip4-cidr-length = "/" 1*DIGIT (no dual form on ip4/ip6: `ip4:1.2.3.4//32` is an error)
    if (!SINGLE_CIDR.test(cidrText)) {
      return invalid(token, span, [
        diagnostic('spf/invalid-cidr', { span: cidrSpan, params: { cidr: cidrText } }),
      ]);
    }
    term.prefix = prefixValue(cidrText.slice(1));
    diagnostics.push(...leadingZero(cidrText.slice(1), cidrSpan.start, cidrSpan.end));
  }
  return { term: withQualifier(term, qualifier, span), diagnostics };
}

function parseModifier(token: string, name: string, start: number, span: Span): TermParse {
  const valueText = token.slice(name.length + 1);
  const valueStart = start + name.length + 1;
  const lower = name.toLowerCase();
  if (lower === 'redirect' || lower === 'exp') {
    // redirect = "redirect" "=" domain-spec; explanation = "exp" "=" domain-spec. Known names
    // are not "greedy" unknown-modifiers: a bad value is an error (suite: redirect-syntax-error).
    if (valueText === '') {
      return invalid(token, span, [
        diagnostic('spf/missing-argument', { span, params: { mechanism: `${lower}=` } }),
      ]);
    }
    const domain = readMacroString(valueText, valueStart, 'domain');
    if (!domain.parts) return invalid(token, span, domain.diagnostics);
    return { term: { kind: lower, domain: domain.parts, span }, diagnostics: domain.diagnostics };
  }
  // unknown-modifier = name "=" macro-string
  const value = readMacroString(valueText, valueStart, 'modifier');
  if (!value.parts) return invalid(token, span, value.diagnostics);
  return { term: { kind: 'modifier', name, value: value.parts, span }, diagnostics: value.diagnostics };
}

/**
 * A macro-string's syntax; parts are null when it cannot be read. (Whether a domain-spec ends
 * in a valid toplabel is a check on the model, in validate.ts, so it also covers hand-built
 * records.)
 */
function readMacroString(
  text: string,
  offset: number,
  context: MacroContext,
): { parts: MacroString | null; diagnostics: Diagnostic[] } {
  const parsed = parseMacroString(text, context, offset);
  return { parts: parsed.ok ? parsed.parts : null, diagnostics: parsed.diagnostics };
}

function prefixValue(digits: string): number {
  // Far beyond any valid prefix either way; the cap keeps the number exact for formatting.
  return Math.min(Number(digits), 999);
}

/**
 * ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT): no leading zeros (suite: cidr4-032). The
 * model keeps the number; the range is checked in validate.ts.
 */
function leadingZero(digits: string, start: number, end: number): Diagnostic[] {
  if (digits.length > 1 && digits[0] === '0') {
    return [diagnostic('spf/invalid-cidr', { span: { start, end }, params: { cidr: `/${digits}` } })];
  }
  return [];
}

function firstBadChar(text: string): number | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return i;
  }
  return null;
}

function badCharDiagnostic(text: string, index: number, offset: number): Diagnostic {
  const ch = String.fromCodePoint(text.codePointAt(index)!);
  return diagnostic('spf/invalid-character', {
    span: { start: offset + index, end: offset + index + ch.length },
    params: { char: ch, codePoint: `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` },
  });
}
