// Checks on a whole DKIM key record (RFC 6376 §3.6.1, RFC 8301): a revoked key, hash algorithms a
// verifier may no longer use, a key not meant for mail, test mode.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic, Span } from '../diagnostics/model.ts';
import type { DkimKeyRecord } from './model.ts';

/** Span of each tag in the record text, by tag name (absent for composed records). */
export type DkimTagSpans = Partial<Record<string, Span>>;

const KNOWN_HASHES = new Set(['sha1', 'sha256']);
const KNOWN_FLAGS = new Set(['y', 's']);
/** RFC 6376 §3.6.1 s=: "*" matches all service types; "email" is electronic mail. */
const MAIL_SERVICES = new Set(['*', 'email']);

export function validateDkimKey(r: DkimKeyRecord, o: { spans?: DkimTagSpans } = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (tag: string): Span | undefined => o.spans?.[tag];

  // §3.6.1 p=: "An empty value means that this public key has been revoked."
  if (r.p === '') out.push(diagnostic('dkim/key-revoked', { span: at('p') }));

  if (r.h) {
    const hashes = r.h.map((h) => h.toLowerCase());
    for (const h of r.h) {
      // §3.6.1 h=: "Unrecognized algorithms MUST be ignored." ("sha 256" is not sha256: §3.2 "WSP
      // inside the value is significant".)
      if (!KNOWN_HASHES.has(h.toLowerCase()))
        out.push(diagnostic('dkim/unknown-hash', { span: at('h'), params: { alg: h } }));
    }
    // RFC 8301 §3.1: "Verifiers MUST NOT consider signatures using SHA-1 ... as valid"; a key that
    // allows only SHA-1 verifies nothing.
    if (!hashes.includes('sha256'))
      out.push(diagnostic('dkim/hash-sha256-missing', { span: at('h'), params: { h: r.h.join(':') } }));
    else if (hashes.includes('sha1')) out.push(diagnostic('dkim/hash-sha1', { span: at('h') }));
  }

  // §3.6.1 s=: a key without "email" or "*" must not verify mail signatures.
  if (r.s && !r.s.some((s) => MAIL_SERVICES.has(s.toLowerCase()))) {
    out.push(diagnostic('dkim/not-for-email', { span: at('s'), params: { s: r.s.join(':') } }));
  }

  if (r.t) {
    // §3.6.1 t=y: "Verifiers MUST NOT treat messages from Signers in testing mode differently from
    // unsigned email". §3.6.1: "Unrecognized flags MUST be ignored."
    if (r.t.some((f) => f.toLowerCase() === 'y')) out.push(diagnostic('dkim/test-mode', { span: at('t') }));
    for (const flag of r.t) {
      if (!KNOWN_FLAGS.has(flag.toLowerCase()))
        out.push(diagnostic('dkim/unknown-flag', { span: at('t'), params: { flag } }));
    }
  }
  return out;
}
