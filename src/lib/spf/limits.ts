// RFC 7208's numbers in one place, and which terms cost a DNS lookup (§4.6.4). check-host.ts,
// validate.ts and tree.ts all count with `isLookupTerm`, so their counts agree.

import type { SpfTerm } from './model.ts';

export const SPF_VERSION = 'v=spf1';

/**
 * RFC 7208 §4.5: records "that begin with a version section of exactly "v=spf1"", and "the
 * version section is terminated by either an SP character or the end of the record". ABNF
 * strings are case-insensitive, so `V=SPF1` is one too (the suite's `case-insensitive`).
 */
export function isSpfRecordText(text: string): boolean {
  return /^v=spf1(?: |$)/i.test(text);
}

/** RFC 7208 §4.6.4: "SPF implementations MUST limit the total number of those terms to 10". */
export const MAX_DNS_MECHANISMS = 10;
/** RFC 7208 §4.6.4: "SPF implementations SHOULD limit "void lookups" to two." */
export const MAX_VOID_LOOKUPS = 2;
/** RFC 7208 §4.6.4: "the evaluation of each "MX" record MUST NOT result in querying more than
 *  10 address records"; more MX names than this is a permerror for the mx mechanism. */
export const MAX_MX_NAMES = 10;
/** RFC 7208 §4.6.4: at most 10 PTR names are looked up and checked (ptr, %{p}). */
export const MAX_PTR_NAMES = 10;
/** RFC 7208 §7.3: an expanded name over 253 octets loses labels from the left. */
export const MAX_DOMAIN_OCTETS = 253;
export const MAX_LABEL_OCTETS = 63;
/** RFC 7208 §3.4: "If the combined length of the DNS name and the text of all the records of a
 *  given type is under 450 octets, then DNS answers ought to fit in UDP packets." Measured here
 *  on the record text alone. */
export const RECOMMENDED_MAX_RECORD_OCTETS = 450;

/**
 * The terms that cause DNS queries (§4.6.4): "the "include", "a", "mx", "ptr", and "exists"
 * mechanisms, and the "redirect" modifier". `exp` is evaluated only after the result is known
 * and does not count.
 */
export function isLookupTerm(term: SpfTerm): boolean {
  switch (term.kind) {
    case 'include':
    case 'a':
    case 'mx':
    case 'ptr':
    case 'exists':
    case 'redirect':
      return true;
    default:
      return false;
  }
}

/**
 * The terms evaluation can reach, in order: mechanisms up to and including the first `all`
 * (RFC 7208 §4.6.2: later ones are never evaluated), then `redirect` when there is no `all`
 * (§6.1: "redirect ... MUST be ignored" if the record has an "all" mechanism).
 */
export function reachableTerms(terms: readonly SpfTerm[]): { reachable: SpfTerm[]; ignored: SpfTerm[] } {
  const reachable: SpfTerm[] = [];
  const ignored: SpfTerm[] = [];
  const allIndex = terms.findIndex((t) => t.kind === 'all');
  let redirectSeen = false;
  terms.forEach((term, i) => {
    if (term.kind === 'redirect') {
      if (allIndex === -1 && !redirectSeen) reachable.push(term);
      else ignored.push(term);
      redirectSeen = true;
      return;
    }
    if (term.kind === 'exp' || term.kind === 'modifier' || term.kind === 'invalid') return;
    if (allIndex !== -1 && i > allIndex) ignored.push(term);
    else reachable.push(term);
  });
  // redirect is evaluated last, after every mechanism (§6.1), wherever it was written.
  const redirect = reachable.findIndex((t) => t.kind === 'redirect');
  if (redirect !== -1) reachable.push(...reachable.splice(redirect, 1));
  return { reachable, ignored };
}
