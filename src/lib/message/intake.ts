// Reading one message (RFC 5322): the octets of an .eml file or a pasted string in, header fields
// (raw, as DKIM hashes them, and unfolded for display) and the body out. Line ends are normalised
// to CRLF first (RFC 5322 §2.1: "CR and LF MUST only occur together as CRLF"). Never throws.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import { decodeBase64 } from '../dkim/base64.ts';
import type { Diagnostic } from '../diagnostics/model.ts';

export interface HeaderField {
  /** As written (case kept). */
  name: string;
  lowerName: string;
  /**
   * The whole field as in the message: name, ':', value with its folding CRLFs, without the final
   * CRLF. A "binary string": one JS char per octet (latin1), because DKIM hashes octets.
   */
  raw: string;
  /** After the colon, unfolded (CRLF removed), trimmed, decoded as UTF-8 for display (no RFC 2047). */
  value: string;
  /** Octet offset of the field in the normalised message. */
  offset: number;
}

export interface MessageInput {
  /** Top of the message first. */
  headers: HeaderField[];
  /** Octets after the blank line, line ends normalised to CRLF. */
  body: Uint8Array;
  /** False when only header fields were given (no blank line, nothing after the fields). */
  hasBody: boolean;
  diagnostics: Diagnostic[];
}

/**
 * Header fields read before the rest is ignored. Real messages carry tens to a few hundred fields
 * (long Received chains and list headers included); thousands mean a broken or hostile input, and
 * each field costs work in every later step (DKIM h= selection, Received parsing).
 */
export const MAX_HEADER_FIELDS = 5_000;

/**
 * Octets of a message read; the rest is dropped with a diagnostic. Gmail accepts messages of up to
 * 50 MB (its published limit for received mail), so nothing deliverable is larger.
 */
export const MAX_MESSAGE_OCTETS = 50 * 1024 * 1024;

/**
 * The display `value` of one field is cut at this many characters (its `raw` form is always kept
 * whole, since DKIM hashes it). A 1 MB Received field is damage or abuse, and later parsers and the
 * page work on `value`.
 */
export const MAX_FIELD_VALUE_CHARS = 64 * 1024;

/**
 * Octets of the header section read. MTAs keep header sections far smaller (Postfix's default
 * header_size_limit is 100 KB per field); this leaves room for a pasted 1 MB field and stops a
 * 50 MB file without an empty line from being read as one header section.
 */
export const MAX_HEADER_SECTION_OCTETS = 4 * 1024 * 1024;

/** RFC 5322 §2.1.1: "Each line of characters MUST be no more than 998 characters ... excluding the CRLF." */
export const MAX_LINE_OCTETS = 998;

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HTAB = 0x09;
/** String.fromCharCode.apply takes this many arguments safely on every engine. */
const CHUNK = 0x8000;

/** Octets → a binary string, one char per octet (never TextDecoder('latin1'): that is windows-1252). */
export function binaryString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return out;
}

/** A binary string → its octets (each char's low 8 bits). */
export function binaryBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

const utf8 = new TextDecoder('utf-8');

function isAscii(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[^\x00-\x7f]/.test(text);
}

/** A binary string of UTF-8 octets, decoded for display (invalid sequences become U+FFFD). */
export function decodeUtf8Binary(text: string): string {
  return isAscii(text) ? text : utf8.decode(binaryBytes(text));
}

/**
 * One header field as the message has it (name, colon, value, folding line breaks kept), decoded
 * as UTF-8 for display, so a page can show it with its invisible characters marked (RFC 6532 §3.2
 * allows UTF-8 in header fields).
 */
export function headerFieldText(field: HeaderField): string {
  return decodeUtf8Binary(field.raw);
}

function toOctets(raw: string | Uint8Array): Uint8Array {
  if (raw instanceof Uint8Array) return raw;
  if (typeof raw !== 'string') return new Uint8Array(0);
  // Pasted text is Unicode: the message's octets are its UTF-8 encoding (RFC 6532 allows UTF-8
  // header fields; an ASCII message is the same either way).
  return new TextEncoder().encode(raw);
}

interface Normalised {
  bytes: Uint8Array;
  bareLf: number;
  bareCr: number;
}

/** Bare LF and bare CR each become CRLF (RFC 5322 §2.1, §2.3). Copies only when something changes. */
function normaliseLineEnds(bytes: Uint8Array): Normalised {
  let bareLf = 0;
  let bareCr = 0;
  const n = bytes.length;
  // Counted with the native indexOf: a 10 MB body is scanned in milliseconds.
  for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, i + 1)) {
    if (i === 0 || bytes[i - 1] !== CR) bareLf++;
  }
  for (let i = bytes.indexOf(CR); i !== -1; i = bytes.indexOf(CR, i + 1)) {
    if (i + 1 === n || bytes[i + 1] !== LF) bareCr++;
  }
  if (bareLf === 0 && bareCr === 0) return { bytes, bareLf, bareCr };
  const out = new Uint8Array(n + bareLf + bareCr);
  let o = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === CR) {
      out[o++] = CR;
      out[o++] = LF;
      if (i + 1 < n && bytes[i + 1] === LF) i++;
    } else if (b === LF) {
      out[o++] = CR;
      out[o++] = LF;
    } else out[o++] = b;
  }
  return { bytes: out, bareLf, bareCr };
}

/** Index of the first CRLFCRLF at or after `from`, or -1. */
function findBlankLine(bytes: Uint8Array, from: number): number {
  for (let i = bytes.indexOf(CR, from); i !== -1 && i + 3 < bytes.length; i = bytes.indexOf(CR, i + 1)) {
    if (bytes[i + 1] === LF && bytes[i + 2] === CR && bytes[i + 3] === LF) return i;
  }
  return -1;
}

/**
 * RFC 5322 §3.6.8: field-name = 1*ftext; ftext = %d33-57 / %d59-126. RFC 5322 §4.5.8 (obsolete
 * syntax) allows WSP between the name and the colon. Returns the name's end, or -1.
 */
function fieldNameEnd(line: string): number {
  let i = 0;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c === 0x3a || c < 33 || c > 126) break;
    i++;
  }
  if (i === 0) return -1;
  let j = i;
  while (j < line.length && (line.charCodeAt(j) === SP || line.charCodeAt(j) === HTAB)) j++;
  return line.charCodeAt(j) === 0x3a ? i : -1;
}

function isContinuation(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === SP || c === HTAB;
}

/** A field's display value: unfolded (RFC 5322 §2.2.3), trimmed, UTF-8 decoded, cut at the limit. */
function displayValue(raw: string, colon: number): { value: string; cut: boolean } {
  let text = raw.slice(colon + 1);
  const cut = text.length > MAX_FIELD_VALUE_CHARS * 4;
  if (cut) text = text.slice(0, MAX_FIELD_VALUE_CHARS * 4);
  let value = decodeUtf8Binary(text.replace(/\r\n/g, '')).trim();
  if (value.length > MAX_FIELD_VALUE_CHARS) {
    value = value.slice(0, MAX_FIELD_VALUE_CHARS);
    return { value, cut: true };
  }
  return { value, cut };
}

/**
 * Reads a message: a pasted string (taken as Unicode text, encoded as UTF-8) or the octets of an
 * .eml file. Never throws; every oddity is a diagnostic.
 */
export function readMessage(raw: string | Uint8Array): MessageInput {
  const diagnostics: Diagnostic[] = [];
  let octets = toOctets(raw);
  if (octets.length === 0) {
    diagnostics.push(diagnostic('message/empty'));
    return { headers: [], body: new Uint8Array(0), hasBody: false, diagnostics };
  }
  if (octets.length > MAX_MESSAGE_OCTETS) {
    diagnostics.push(
      diagnostic('message/too-large', { params: { octets: octets.length, limit: MAX_MESSAGE_OCTETS } }),
    );
    octets = octets.subarray(0, MAX_MESSAGE_OCTETS);
  }
  const { bytes, bareLf, bareCr } = normaliseLineEnds(octets);
  if (bareLf > 0) diagnostics.push(diagnostic('message/bare-lf-normalised', { params: { count: bareLf } }));
  if (bareCr > 0) diagnostics.push(diagnostic('message/bare-cr-normalised', { params: { count: bareCr } }));

  let start = 0;
  // A pasted message often starts with an empty line or two; an mbox file with a "From " line.
  while (bytes[start] === CR && bytes[start + 1] === LF) start += 2;
  if (start > 0)
    diagnostics.push(diagnostic('message/leading-blank-lines', { params: { count: start / 2 } }));

  const blank = findBlankLine(bytes, start);
  // With a blank line the header section ends at its first CRLF; without one, everything may be
  // header (a paste of just the headers) until a line that is neither a field nor a continuation.
  const sectionEnd = blank === -1 ? bytes.length : blank + 2;
  const headerEnd = Math.min(sectionEnd, start + MAX_HEADER_SECTION_OCTETS);
  if (headerEnd < sectionEnd)
    diagnostics.push(
      diagnostic('message/header-section-too-large', {
        params: { octets: sectionEnd - start, limit: MAX_HEADER_SECTION_OCTETS },
      }),
    );
  const headerText = binaryString(bytes.subarray(start, headerEnd));
  const headers: HeaderField[] = [];
  let bodyStart = blank === -1 ? bytes.length : blank + 4;
  let hasBody = blank !== -1;
  let current: { name: string; start: number; end: number; colon: number } | null = null;
  let longLines = 0;
  let malformed = 0;
  let fieldsCut = 0;
  let tooMany = false;

  const finish = () => {
    if (!current) return;
    if (headers.length >= MAX_HEADER_FIELDS) {
      tooMany = true;
    } else {
      const fieldRaw = headerText.slice(current.start, current.end);
      const { value, cut } = displayValue(fieldRaw, current.colon);
      if (cut) fieldsCut++;
      headers.push({
        name: current.name,
        lowerName: current.name.toLowerCase(),
        raw: fieldRaw,
        value,
        offset: start + current.start,
      });
    }
    current = null;
  };

  let pos = 0;
  while (pos < headerText.length && !tooMany) {
    let eol = headerText.indexOf('\r\n', pos);
    const lineEnd = eol === -1 ? headerText.length : eol;
    if (eol === -1) eol = headerText.length;
    const line = headerText.slice(pos, lineEnd);
    if (lineEnd - pos > MAX_LINE_OCTETS) longLines++;
    if (line.length === 0) break; // only when there is no separator and the text ends in CRLF
    if (isContinuation(line) && current) {
      current.end = lineEnd;
    } else {
      const nameEnd = isContinuation(line) ? -1 : fieldNameEnd(line);
      if (nameEnd > 0) {
        finish();
        current = { name: line.slice(0, nameEnd), start: pos, end: lineEnd, colon: line.indexOf(':') };
      } else if (pos === 0 && line.startsWith('From ')) {
        // The mbox separator (RFC 4155 §2), not part of the message.
        diagnostics.push(diagnostic('message/mbox-from-line'));
      } else if (blank === -1) {
        // RFC 5322 §2.1: the body is "separated from the header section by an empty line"; here it
        // is not, so the first line that cannot be a field starts the body.
        finish();
        bodyStart = start + pos;
        hasBody = true;
        diagnostics.push(diagnostic('message/no-header-body-separator', { params: { offset: bodyStart } }));
        break;
      } else {
        finish();
        malformed++;
      }
    }
    pos = eol + 2;
  }
  finish();

  if (malformed > 0)
    diagnostics.push(diagnostic('message/malformed-header-line', { params: { count: malformed } }));
  if (longLines > 0) diagnostics.push(diagnostic('message/line-too-long', { params: { count: longLines } }));
  if (fieldsCut > 0)
    diagnostics.push(
      diagnostic('message/field-value-truncated', {
        params: { count: fieldsCut, limit: MAX_FIELD_VALUE_CHARS },
      }),
    );
  if (tooMany)
    diagnostics.push(diagnostic('message/too-many-header-fields', { params: { limit: MAX_HEADER_FIELDS } }));
  if (headers.length === 0) diagnostics.push(diagnostic('message/no-header-fields'));
  else if (blank === -1 && !hasBody) diagnostics.push(diagnostic('message/headers-only'));

  const body = bodyStart < bytes.length ? bytes.subarray(bodyStart) : new Uint8Array(0);
  return { headers, body, hasBody, diagnostics };
}

/** The fields named `lowerName` (lower case), top of the message first. */
export function headersNamed(input: Pick<MessageInput, 'headers'>, lowerName: string): HeaderField[] {
  return input.headers.filter((h) => h.lowerName === lowerName);
}

// RFC 2047 §2: encoded-word = "=?" charset "?" encoding "?" encoded-text "?="
// (charset may carry an RFC 2231 §5 language suffix: "utf-8*en").
const ENCODED_WORD = /=\?([^?\s*]+)(?:\*[^?\s]*)?\?([bBqQ])\?([^?\s]*)\?=/g;
/** RFC 2047 §6.2: whitespace between two adjacent encoded-words is ignored. */
const BETWEEN_WORDS = /(\?=)[ \t\r\n]+(?==\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)/g;

/** RFC 2047 §4.1: base64 (RFC 4648 §4); null when damaged. */
function decodeB(text: string): Uint8Array | null {
  const decoded = decodeBase64(text);
  return decoded.ok ? decoded.bytes : null;
}

/** RFC 2047 §4.2: "_" is a space; "=XX" an octet. */
function decodeQ(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '_') out.push(SP);
    else if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(text.charCodeAt(i) & 0xff);
  }
  return Uint8Array.from(out);
}

/**
 * RFC 2047 encoded-words decoded, for display only (DKIM and every check use the raw field). A word
 * in an unknown charset or with bad base64 is left as written.
 */
export function decodeEncodedWords(text: string): string {
  if (!text.includes('=?')) return text;
  return text
    .replace(BETWEEN_WORDS, '$1')
    .replace(ENCODED_WORD, (word, charset: string, enc: string, data: string) => {
      const bytes = enc.toUpperCase() === 'B' ? decodeB(data) : decodeQ(data);
      if (!bytes) return word;
      try {
        return new TextDecoder(charset.toLowerCase()).decode(bytes);
      } catch {
        return word; // unknown charset label
      }
    });
}
