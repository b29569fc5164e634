// Authentication-Results (RFC 8601 §2.2) and ARC-Authentication-Results (RFC 8617 §4.1.1): what a
// receiver stamped on the message. Lenient with Microsoft's form, which has no authserv-id
// (`spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=example.com; dkim=pass …; compauth=pass reason=100`).
// Never throws.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { AuthResult, AuthenticationResults } from './model.ts';

/** Characters of one field parsed; receivers write a few hundred, a few KB with many signatures. */
export const MAX_AUTH_RESULTS_CHARS = 16 * 1024;
/** resinfo entries kept per field (each DKIM signature is one; 50 is far above any real message). */
export const MAX_AUTH_RESULTS_ENTRIES = 50;

interface Piece {
  kind: 'word' | 'comment' | 'semi';
  text: string;
}

/** Words (`key=value`, `ptype.prop=value` or bare), comments and `;` separators, quotes honoured. */
function pieces(s: string): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  let word = '';
  const flush = () => {
    if (word !== '') out.push({ kind: 'word', text: word });
    word = '';
  };
  while (i < s.length) {
    const c = s[i];
    if (c === '(') {
      flush();
      let depth = 0;
      let j = i;
      for (; j < s.length; j++) {
        if (s[j] === '\\') j++;
        else if (s[j] === '(') depth++;
        else if (s[j] === ')' && --depth === 0) break;
      }
      out.push({ kind: 'comment', text: s.slice(i + 1, Math.min(j, s.length)).trim() });
      i = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < s.length && s[j] !== '"') {
        if (s[j] === '\\' && j + 1 < s.length) j++;
        text += s[j];
        j++;
      }
      word += text;
      i = j + 1;
    } else if (c === ';') {
      flush();
      out.push({ kind: 'semi', text: ';' });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      // "header.d = example.com": RFC 8601 allows CFWS around "=" and "."; glue them back.
      const next = s.slice(i).search(/\S/);
      const after = next === -1 ? '' : s[i + next];
      const ptype = /^(smtp|header|body|policy)\.?$/i.test(word);
      if (word.endsWith('=') || after === '=' || (ptype && (word.endsWith('.') || after === '.'))) {
        i += next === -1 ? s.length : next;
        continue;
      }
      flush();
      i++;
    } else {
      word += c;
      i++;
    }
  }
  flush();
  return out;
}

/** RFC 8601 §2.2: method = Keyword [ [CFWS] "/" [CFWS] method-version ] "=" result. */
const METHOD = /^([A-Za-z0-9_-]+)(?:\/(\d+))?=(.*)$/;

function startResult(word: string): AuthResult | null {
  const m = METHOD.exec(word);
  if (!m) return null;
  const r: AuthResult = { method: m[1].toLowerCase(), result: m[3].toLowerCase(), props: {}, comments: [] };
  if (m[2]) r.version = Number(m[2]);
  return r;
}

/**
 * One field's value (after the colon, unfolded). `arc` reads the `i=<n>;` instance tag that
 * ARC-Authentication-Results puts first (RFC 8617 §4.1.1).
 */
export function parseAuthenticationResults(
  value: string,
  o: { headerIndex?: number; arc?: boolean } = {},
): AuthenticationResults {
  const out: AuthenticationResults = {
    authservId: '',
    results: [],
    headerIndex: o.headerIndex ?? 0,
    diagnostics: [],
  };
  if (typeof value !== 'string') return out;
  let text = value;
  if (text.length > MAX_AUTH_RESULTS_CHARS) {
    out.diagnostics.push(
      diagnostic('message/auth-results-truncated', {
        params: { length: text.length, limit: MAX_AUTH_RESULTS_CHARS },
      }),
    );
    text = text.slice(0, MAX_AUTH_RESULTS_CHARS);
  }
  const list = pieces(text);
  let at = 0;
  if (o.arc) {
    const first = list[0];
    const m = first?.kind === 'word' ? /^i=(\d+)$/i.exec(first.text) : null;
    if (m) {
      out.instance = Number(m[1]);
      at = list[1]?.kind === 'semi' ? 2 : 1;
    }
  }
  // authserv-id [version]: the first word, unless it already reads `method=result` (Microsoft).
  const head = list[at];
  if (head?.kind === 'word' && !METHOD.test(head.text)) {
    out.authservId = head.text.toLowerCase().replace(/\.$/, '');
    at++;
    if (list[at]?.kind === 'word' && /^\d+$/.test(list[at].text)) {
      out.version = Number(list[at].text);
      at++;
    }
  } else if (head?.kind === 'word') {
    out.diagnostics.push(diagnostic('message/auth-results-no-authserv-id'));
  }
  let current: AuthResult | null = null;
  let expectMethod = out.authservId === '';
  let skipped = 0;
  for (; at < list.length; at++) {
    const p = list[at];
    if (p.kind === 'semi') {
      current = null;
      expectMethod = true;
      continue;
    }
    if (p.kind === 'comment') {
      if (current) current.comments.push(p.text);
      continue;
    }
    if (expectMethod) {
      expectMethod = false;
      // RFC 8601 §2.2 no-result: authserv-id ";" "none".
      if (p.text.toLowerCase() === 'none' && out.results.length === 0) continue;
      current = startResult(p.text);
      if (current === null) skipped++;
      else if (out.results.length < MAX_AUTH_RESULTS_ENTRIES) out.results.push(current);
      continue;
    }
    if (current === null) continue;
    const eq = p.text.indexOf('=');
    if (eq <= 0) {
      skipped++;
      continue;
    }
    const key = p.text.slice(0, eq).toLowerCase();
    const val = p.text.slice(eq + 1);
    if (key === 'reason') current.reason = val;
    // propspec keys are `ptype.property` (smtp.mailfrom, header.d); others are Microsoft's extras.
    else current.props[key] = val;
  }
  if (skipped > 0)
    out.diagnostics.push(diagnostic('message/auth-results-syntax', { params: { count: skipped } }));
  return out;
}

/** The address in a result's comments that Microsoft writes as "sender IP is 192.0.2.1". */
export function senderIpComment(r: AuthResult): string | undefined {
  for (const c of r.comments) {
    const m = /sender IP is ([0-9A-Fa-f.:]+)/i.exec(c);
    if (m) return m[1];
  }
  return undefined;
}
