// Undoes the damage a DKIM record picks up between a provider's console and a DNS host's form
// (docs/cloudflare.md, Cloudflare mistake 4): quotes and `" "` splits copied from zone files, PEM armour,
// line breaks and spaces inside the key, escaped semicolons, invisible characters. Each change is
// listed so the check page and the DKIM builder can show what was done. Never throws.

import { stripInvisible } from '../shared/invisible.ts';
import { formatTagList, parseTagList } from '../shared/tag-list.ts';
import { decodeBase64, encodeBase64 } from './base64.ts';
import { classifyPublicKey } from './public-key.ts';

export type DkimRepairKind =
  /** Zero-width, control or bidi characters removed; full-width ASCII and odd spaces made ASCII. */
  | 'invisible-characters'
  /** `-----BEGIN PUBLIC KEY-----` … removed, the base64 body kept. */
  | 'pem-armour'
  /** A quoted zone-file string unwrapped (`"v=DKIM1; …"`). */
  | 'surrounding-quotes'
  /** Several quoted zone-file strings joined (`"…" "…"`, `( "…" "…" )`). */
  | 'joined-strings'
  /** Quote characters that had ended up inside the record removed. */
  | 'removed-quotes'
  /** Zone-file escapes undone (`\;` → `;`, `\"` → `"`). */
  | 'unescaped'
  /** Spaces and line breaks inside the p= value removed. */
  | 'whitespace-in-key'
  /** A bare key wrapped into `v=DKIM1; k=…; p=…`. */
  | 'wrapped-bare-key'
  /** A PKCS#1 RSAPublicKey wrapped into SubjectPublicKeyInfo. */
  | 'pkcs1-wrapped'
  /** An Ed25519 key taken out of SubjectPublicKeyInfo (RFC 8463 wants the 32 raw octets). */
  | 'ed25519-unwrapped';

export interface DkimKeyRepair {
  kind: DkimRepairKind;
}

export interface DkimRepairResult {
  /** The repaired record text; the input itself (trimmed) when nothing needed repair; null when the
   *  text is neither a DKIM record nor a key. */
  record: string | null;
  /** The p= value of the repaired record (null when there is none). */
  key: string | null;
  repairs: DkimKeyRepair[];
}

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/;
/** RFC 1035 §5.1: `\DDD` is the octet with that decimal value, `\X` is X. */
const ESCAPE = /\\(\d{3}|.)/g;
/** A key on its own: base64 with at most two pad characters at the end. */
const BARE_KEY = /^[A-Za-z0-9+/]+={0,2}$/;
/** Shorter than any real key: not worth treating as one. */
const MIN_BARE_KEY_CHARS = 40;

/** RFC 7468 §2: the body between the first BEGIN line and its END line (linear, no backtracking). */
function pemBody(text: string): string | null {
  const begin = PEM_BEGIN.exec(text);
  if (!begin) return null;
  const start = begin.index + begin[0].length;
  const end = text.indexOf(`-----END ${begin[1]}-----`, start);
  return end === -1 ? null : text.slice(start, end);
}

/** RFC 1035 §5.1 quoted character-strings, in order; an unterminated last string counts. Linear. */
function quotedStrings(text: string): string[] {
  const out: string[] = [];
  let i = text.indexOf('"');
  while (i !== -1 && i < text.length) {
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    out.push(text.slice(i + 1, Math.min(j, text.length)));
    i = j < text.length ? text.indexOf('"', j + 1) : -1;
  }
  return out;
}

function unescapeZone(text: string): string {
  return text.replace(ESCAPE, (_, e: string) => (e.length === 3 ? String.fromCharCode(Number(e)) : e));
}

/** The key for `p=`, fixed up: PKCS#1 wrapped, SPKI-wrapped Ed25519 unwrapped. */
function normalizeKey(key: string, repairs: DkimKeyRepair[]): { key: string; k?: 'rsa' | 'ed25519' } {
  const decoded = decodeBase64(key);
  if (!decoded.ok) return { key };
  const shape = classifyPublicKey(decoded.bytes);
  if (shape.kind === 'rsa') {
    if (shape.encoding === 'pkcs1') {
      repairs.push({ kind: 'pkcs1-wrapped' });
      return { key: encodeBase64(shape.spki), k: 'rsa' };
    }
    return { key, k: 'rsa' };
  }
  if (shape.kind === 'ed25519') {
    if (shape.encoding === 'spki-ed25519') {
      repairs.push({ kind: 'ed25519-unwrapped' });
      return { key: encodeBase64(shape.raw), k: 'ed25519' };
    }
    return { key, k: 'ed25519' };
  }
  return { key };
}

export function repairDkimKey(text: string): DkimRepairResult {
  const repairs: DkimKeyRepair[] = [];
  let s = text;

  const visible = stripInvisible(s);
  if (visible !== s) {
    repairs.push({ kind: 'invisible-characters' });
    s = visible;
  }

  const pem = pemBody(s);
  if (pem !== null) {
    repairs.push({ kind: 'pem-armour' });
    s = pem.replace(/\s/g, '');
  }

  // Zone-file presentation: the text starts with a quoted string, or quoted strings follow an
  // owner/TXT prefix or a "(": join the strings, undoing escapes (RFC 1035 §5.1).
  const trimmed = s.trim();
  const firstQuote = trimmed.indexOf('"');
  const prefix = firstQuote === -1 ? '' : trimmed.slice(0, firstQuote);
  if (firstQuote !== -1 && (prefix === '' || /(^|\s)(TXT|IN|\()(\s|$)|\(\s*$/i.test(prefix))) {
    const strings = quotedStrings(trimmed);
    if (strings.length > 0) {
      repairs.push({ kind: strings.length > 1 ? 'joined-strings' : 'surrounding-quotes' });
      const joined = strings.join('');
      const unescaped = unescapeZone(joined);
      if (unescaped !== joined) repairs.push({ kind: 'unescaped' });
      s = unescaped;
    }
  }
  if (s.includes('"')) {
    // Left-over quotes inside the data (a `" "` split pasted into a form that stored it as data).
    repairs.push({ kind: 'removed-quotes' });
    s = s.replace(/"\s*"/g, '').replace(/"/g, '');
  }
  if (/\\;/.test(s)) {
    repairs.push({ kind: 'unescaped' });
    s = s.replace(/\\;/g, ';');
  }

  s = s.trim();
  if (BARE_KEY.test(s.replace(/\s/g, '')) && s.replace(/\s/g, '').length >= MIN_BARE_KEY_CHARS) {
    return wrapBareKey(s, repairs);
  }

  const list = parseTagList(s);
  const p = list.tags.find((t) => t.name === 'p');
  if (!p) return { record: null, key: null, repairs };
  let key = p.value;
  if (/\s/.test(key)) {
    repairs.push({ kind: 'whitespace-in-key' });
    key = key.replace(/\s/g, '');
  }
  const fixed = normalizeKey(key, repairs);
  key = fixed.key;
  if (repairs.length === 0 && !/[\r\n]/.test(s)) return { record: s, key, repairs };
  const tags = list.tags.map((t): [string, string] => {
    if (t === p) return ['p', key];
    if (t.name === 'k' && fixed.k === 'ed25519' && repairs.some((r) => r.kind === 'ed25519-unwrapped'))
      return ['k', 'ed25519'];
    return [t.name, t.value.replace(/\s+/g, ' ')];
  });
  return { record: formatTagList(tags), key, repairs };
}

function wrapBareKey(text: string, repairs: DkimKeyRepair[]): DkimRepairResult {
  let key = text;
  if (/\s/.test(key)) {
    repairs.push({ kind: 'whitespace-in-key' });
    key = key.replace(/\s/g, '');
  }
  const fixed = normalizeKey(key, repairs);
  repairs.push({ kind: 'wrapped-bare-key' });
  return {
    record: formatTagList([
      ['v', 'DKIM1'],
      ['k', fixed.k ?? 'rsa'],
      ['p', fixed.key],
    ]),
    key: fixed.key,
    repairs,
  };
}
