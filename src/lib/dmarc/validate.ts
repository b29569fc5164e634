// Checks that need the whole DMARC record (RFC 9989 §4.7, §4.10.1): what a receiver makes of a
// missing or invalid policy, and the nudges a domain owner needs (p=none, t=y, no reports).

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic, Span } from '../diagnostics/model.ts';
import type { DmarcPolicy, DmarcRecord } from './model.ts';

/** Span of each tag in the record text, by lower-case tag name (absent for composed records). */
export type DmarcTagSpans = Partial<Record<string, Span>>;

export interface ValidateDmarcOptions {
  spans?: DmarcTagSpans;
  /** Length of the record text, for diagnostics about the record as a whole. */
  length?: number;
}

const POLICY_TAGS = ['p', 'sp', 'np'] as const;
const STRICTNESS: Record<DmarcPolicy, number> = { none: 0, quarantine: 1, reject: 2 };

/** RFC 9989 §4.7 t=y: "one level below the specified policy". */
export function testModePolicy(policy: DmarcPolicy): DmarcPolicy {
  return policy === 'reject' ? 'quarantine' : 'none';
}

/** RFC 9989 §4.10.1: "at least one syntactically valid reporting URI" in rua. */
export function hasUsableRua(r: DmarcRecord): boolean {
  return (r.rua?.length ?? 0) > 0;
}

export function validateDmarc(r: DmarcRecord, o: ValidateDmarcOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const spans = o.spans ?? {};
  const whole: Span | undefined = o.length === undefined ? undefined : { start: 0, end: o.length };
  const at = (tag: string): Span | undefined => spans[tag] ?? whole;

  const invalidPolicies = (r.invalid ?? []).filter((t) =>
    (POLICY_TAGS as readonly string[]).includes(t.name),
  );
  const policyMissing = r.p === undefined && !invalidPolicies.some((t) => t.name === 'p');

  // RFC 9989 §4.10.1: "If a retrieved DMARC Policy Record does not contain a valid "p" tag, or
  // contains an "sp" or "np" tag that is not valid, then: If a "rua" tag is present and contains at
  // least one syntactically valid reporting URI, the Mail Receiver MUST act as if a record
  // containing "p=none" was retrieved and continue processing; Otherwise, the Mail Receiver applies
  // no DMARC processing to this message."
  if (policyMissing || invalidPolicies.length > 0) {
    if (hasUsableRua(r)) {
      if (invalidPolicies.length > 0) {
        const tags = invalidPolicies.map((t) => t.name).join(', ');
        out.push(
          diagnostic('dmarc/policy-falls-back-to-none', {
            span: at(invalidPolicies[0].name),
            params: { tag: tags },
          }),
        );
      } else {
        out.push(diagnostic('dmarc/missing-policy', { span: whole }));
      }
    } else {
      // A PSD record (psd=y) may publish no policy: it still marks the organizational boundary for
      // the tree walk (§4.10.2), so this is only a warning there.
      out.push(
        diagnostic('dmarc/no-effective-policy', {
          span: whole,
          severity: r.psd === 'y' ? 'warning' : undefined,
        }),
      );
    }
  }

  if (r.p === 'none') out.push(diagnostic('dmarc/policy-none', { span: at('p') }));

  // RFC 9989 §4.7 t: "it has no effect on any policy ("p", "sp", or "np") that is "none"".
  if (r.t === 'y' && r.p !== undefined && r.p !== 'none') {
    out.push(
      diagnostic('dmarc/test-mode', { span: at('t'), params: { policy: r.p, applied: testModePolicy(r.p) } }),
    );
  }

  if (r.p !== undefined) {
    for (const tag of ['sp', 'np'] as const) {
      const value = r[tag];
      if (value !== undefined && STRICTNESS[value] < STRICTNESS[r.p]) {
        out.push(
          diagnostic('dmarc/subdomain-policy-weaker', { span: at(tag), params: { tag, value, p: r.p } }),
        );
      }
    }
  }

  if (!hasUsableRua(r)) {
    // Without rua and with p=none (or no p) the record neither protects nor reports anything:
    // a warning there, otherwise only a note.
    const monitoringOnly = r.p === undefined || r.p === 'none';
    out.push(
      diagnostic('dmarc/no-aggregate-reports', {
        span: whole,
        severity: monitoringOnly ? 'warning' : undefined,
      }),
    );
  }

  // RFC 9989 §4.7 fo: "This tag's content MUST be ignored if a "ruf" tag (below) is not also specified."
  if (r.fo !== undefined && (r.ruf?.length ?? 0) === 0)
    out.push(diagnostic('dmarc/fo-without-ruf', { span: at('fo') }));

  // RFC 9989 §5.2: psd=y is for Public Suffix Operators; on an ordinary domain it makes every
  // subdomain its own Organizational Domain (§4.10.2 step 2).
  if (r.psd === 'y') out.push(diagnostic('dmarc/psd-set', { span: at('psd') }));

  return out;
}
