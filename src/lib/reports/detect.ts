// What a report file is, from its content (magic bytes, the first non-space character, a mail
// header line) rather than its name — receivers and mail clients name attachments freely.

import { isGzip, isZip } from './decompress.ts';

export type ContentKind = 'empty' | 'gzip' | 'zip' | 'xml' | 'json' | 'mbox' | 'message' | 'unknown';

/** How far into a file the first non-space character and the first header line are looked for. */
const SNIFF_BYTES = 4096;

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

/** The offset after a UTF-8 byte order mark and leading white space. */
export function contentStart(b: Uint8Array): number {
  let at = 0;
  if (b.length >= 3 && b[0] === UTF8_BOM[0] && b[1] === UTF8_BOM[1] && b[2] === UTF8_BOM[2]) at = 3;
  const limit = Math.min(b.length, SNIFF_BYTES);
  while (at < limit && isSpace(b[at])) at++;
  return at;
}

/**
 * RFC 5322 §2.2: a header field is a name of printable characters but ":" followed by ":";
 * RFC 4155 §2: an mbox message starts with a "From " line.
 */
function firstLineKind(b: Uint8Array, at: number): 'mbox' | 'message' | null {
  const end = Math.min(b.length, at + 998);
  if (b[at] === 0x46 && b[at + 1] === 0x72 && b[at + 2] === 0x6f && b[at + 3] === 0x6d && b[at + 4] === 0x20)
    return 'mbox';
  for (let i = at; i < end; i++) {
    const c = b[i];
    if (c === 0x3a) return i > at ? 'message' : null;
    if (c < 0x21 || c > 0x7e) return null;
  }
  return null;
}

export function detectContent(b: Uint8Array): ContentKind {
  if (b.length === 0) return 'empty';
  if (isGzip(b)) return 'gzip';
  if (isZip(b)) return 'zip';
  const at = contentStart(b);
  if (at >= b.length) return 'empty';
  if (b[at] === 0x3c) return 'xml'; // "<"
  if (b[at] === 0x7b) return 'json'; // "{"
  return firstLineKind(b, at) ?? 'unknown';
}

/** The encoding an XML declaration names (`<?xml version="1.0" encoding="…"?>`), lower-cased. */
function declaredEncoding(b: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(b.subarray(0, Math.min(b.length, 200)));
  return /^\s*(?:\uFEFF|\u00EF\u00BB\u00BF)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/
    .exec(head)?.[1]
    ?.toLowerCase();
}

/** Single-byte encodings reporters declare; anything else is read as UTF-8. */
const LEGACY_ENCODINGS = new Set(['iso-8859-1', 'latin1', 'windows-1252', 'us-ascii', 'ascii']);

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');

/** Text of a report: UTF-8 (or the single-byte encoding it declares); bad bytes become U+FFFD. */
export function decodeText(b: Uint8Array): { text: string; invalid: boolean } {
  const declared = declaredEncoding(b);
  if (declared !== undefined && LEGACY_ENCODINGS.has(declared))
    return { text: new TextDecoder('windows-1252').decode(b), invalid: false };
  try {
    return { text: utf8.decode(b), invalid: false };
  } catch {
    return { text: utf8Lenient.decode(b), invalid: true };
  }
}
