// SPF macros (RFC 7208 §7): reading a macro-string into parts, and expanding it.
// The grammar is quoted in model.ts above `MacroPart`.

import type { Diagnostic } from '../diagnostics/model.ts';
import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { MacroLetter, MacroPart, MacroString } from './model.ts';

const MACRO_LETTERS = new Set<string>(['s', 'l', 'o', 'd', 'i', 'p', 'h', 'c', 'r', 't', 'v']);
/** RFC 7208 §7.1: "The following macro letters are allowed only in "exp" text: c, r, t". */
export const EXP_ONLY_LETTERS: ReadonlySet<MacroLetter> = new Set<MacroLetter>(['c', 'r', 't']);
export const MACRO_DELIMITERS = '.-+,/_=';
/** Digits beyond this keep every part anyway; the cap keeps the number exact. */
const MAX_DIGITS_VALUE = Number.MAX_SAFE_INTEGER;

/**
 * Where a macro-string appears: domain-specs and unknown-modifier values are macro-strings;
 * explanation text (the TXT record `exp=` points to) also allows spaces (§6.2 explain-string).
 */
export type MacroContext = 'domain' | 'modifier' | 'explanation';

export interface MacroParseResult {
  parts: MacroString;
  /** False when any diagnostic is a syntax error (the parts are then incomplete). */
  ok: boolean;
  diagnostics: Diagnostic[];
}

function isLiteralChar(code: number, context: MacroContext): boolean {
  // macro-literal = %x21-24 / %x26-7E; explain-string adds SP.
  return (code >= 0x21 && code <= 0x7e && code !== 0x25) || (context === 'explanation' && code === 0x20);
}

function codePointLabel(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Reads a macro-string. Reports every problem (with spans shifted by `offset`) and keeps going.
 * (Letters c, r, t outside explanation text are a check on the model: validate.ts.)
 */
export function parseMacroString(text: string, context: MacroContext, offset = 0): MacroParseResult {
  const parts: MacroPart[] = [];
  const diagnostics: Diagnostic[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') parts.push({ kind: 'literal', text: literal });
    literal = '';
  };
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code !== 0x25) {
      if (isLiteralChar(code, context)) {
        literal += text[i];
        i++;
        continue;
      }
      // A run of characters that may not appear (control, non-ASCII, space outside exp text).
      let end = i;
      while (
        end < text.length &&
        text.charCodeAt(end) !== 0x25 &&
        !isLiteralChar(text.charCodeAt(end), context)
      )
        end++;
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      diagnostics.push(
        diagnostic('spf/invalid-character', {
          span: { start: offset + i, end: offset + end },
          params: { char: ch, codePoint: codePointLabel(ch) },
        }),
      );
      i = end;
      continue;
    }
    // "%"
    const next = text[i + 1];
    if (next === '%' || next === '_' || next === '-') {
      flush();
      parts.push({ kind: 'escape', escape: `%${next}` as '%%' | '%_' | '%-' });
      i += 2;
      continue;
    }
    if (next !== '{') {
      // RFC 7208 §7.1: "A '%' character not followed by a '{', '%', '-', or '_' character is a
      // syntax error."
      diagnostics.push(
        diagnostic('spf/invalid-macro', {
          span: { start: offset + i, end: offset + Math.min(i + 2, text.length) },
          params: { macro: text.slice(i, i + 2) },
        }),
      );
      i += next === undefined ? 1 : 2;
      continue;
    }
    const close = text.indexOf('}', i + 2);
    const body = close === -1 ? text.slice(i + 2) : text.slice(i + 2, close);
    const end = close === -1 ? text.length : close + 1;
    const macro = close === -1 ? null : readMacroBody(body);
    if (!macro) {
      diagnostics.push(
        diagnostic('spf/invalid-macro', {
          span: { start: offset + i, end: offset + end },
          params: { macro: text.slice(i, end) },
        }),
      );
    } else {
      flush();
      parts.push(macro);
    }
    i = end;
  }
  flush();
  return { parts, ok: diagnostics.length === 0, diagnostics };
}

/** `letter transformers *delimiter` between "%{" and "}"; null when it is not that. */
function readMacroBody(body: string): MacroPart | null {
  const m = /^([a-zA-Z])([0-9]*)([rR]?)([.\-+,/_=]*)$/.exec(body);
  if (!m) return null;
  const letter = m[1].toLowerCase();
  if (!MACRO_LETTERS.has(letter)) return null;
  const part: MacroPart = {
    kind: 'macro',
    letter: letter as MacroLetter,
    urlEscape: m[1] !== letter,
    reverse: m[3] !== '',
    delimiters: m[4],
  };
  if (m[2] !== '') {
    const digits = Math.min(Number(m[2]), MAX_DIGITS_VALUE);
    // RFC 7208 §7.3: "If a DIGIT is specified, the value MUST be nonzero."
    if (digits === 0) return null;
    part.digits = digits;
  }
  return part;
}

/** Inverse of `parseMacroString` (canonical: lower-case `r`, digits without leading zeros). */
export function formatMacroString(parts: MacroString): string {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'literal') out += part.text;
    else if (part.kind === 'escape') out += part.escape;
    else {
      const letter = part.urlEscape ? part.letter.toUpperCase() : part.letter;
      out += `%{${letter}${part.digits ?? ''}${part.reverse ? 'r' : ''}${part.delimiters}}`;
    }
  }
  return out;
}

export function macroLetters(parts: MacroString): Set<MacroLetter> {
  const letters = new Set<MacroLetter>();
  for (const part of parts) if (part.kind === 'macro') letters.add(part.letter);
  return letters;
}

/** Does any macro in `parts` use `letter`? (`macroLetters(parts).has(letter)` without the set.) */
export function usesMacroLetter(parts: MacroString, letter: MacroLetter): boolean {
  for (const part of parts) if (part.kind === 'macro' && part.letter === letter) return true;
  return false;
}

export function hasMacros(parts: MacroString): boolean {
  return parts.some((p) => p.kind === 'macro');
}

/** The values the macro letters stand for (§7.3). `i` is already in dotted form. */
export type MacroValues = Record<MacroLetter, string>;

const UNRESERVED = /[A-Za-z0-9\-._~]/;
const utf8 = new TextEncoder();

/**
 * RFC 7208 §7.3: "Uppercase macros expand exactly as their lowercase equivalents, and are then
 * URL escaped. URL escaping MUST be performed for characters not in the "unreserved" set".
 */
export function urlEscape(value: string): string {
  let out = '';
  for (const ch of value) {
    if (UNRESERVED.test(ch)) out += ch;
    else for (const byte of utf8.encode(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function transform(value: string, part: Extract<MacroPart, { kind: 'macro' }>): string {
  const delimiters = part.delimiters === '' ? '.' : part.delimiters;
  // RFC 7208 §7.3: split on any of the delimiters, reverse if asked, keep the right-hand
  // `digits` parts, and join them with dots.
  let pieces: string[] = [];
  let current = '';
  for (const ch of value) {
    if (delimiters.includes(ch)) {
      pieces.push(current);
      current = '';
    } else current += ch;
  }
  pieces.push(current);
  if (part.reverse) pieces.reverse();
  if (part.digits !== undefined && part.digits < pieces.length)
    pieces = pieces.slice(pieces.length - part.digits);
  const joined = pieces.join('.');
  return part.urlEscape ? urlEscape(joined) : joined;
}

/** Expands a macro-string (§7.3). The caller supplies every value, `p` included. */
export function expandMacro(parts: MacroString, values: MacroValues): string {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'literal') out += part.text;
    else if (part.kind === 'escape') out += part.escape === '%%' ? '%' : part.escape === '%_' ? ' ' : '%20';
    else out += transform(values[part.letter], part);
  }
  return out;
}
