// The policy a receiver applies from a DMARC record: defaults (RFC 9989 §4.7) and the fallback for
// a missing or invalid p/sp/np (RFC 9989 §4.10.1).

import type { DmarcRecord, EffectiveDmarcPolicy } from './model.ts';
import { hasUsableRua } from './validate.ts';

const POLICY_TAGS = new Set(['p', 'sp', 'np']);

/**
 * Null when receivers apply no DMARC processing: no valid p (or an invalid sp/np) and no usable rua
 * (RFC 9989 §4.10.1 "Otherwise, the Mail Receiver applies no DMARC processing to this message").
 */
export function effectiveDmarcPolicy(r: DmarcRecord): EffectiveDmarcPolicy | null {
  const invalidPolicy = (r.invalid ?? []).some((t) => POLICY_TAGS.has(t.name));
  const base = {
    psd: r.psd ?? 'u',
    t: r.t ?? 'n',
    adkim: r.adkim ?? 'r',
    aspf: r.aspf ?? 'r',
    fo: r.fo ?? ['0'],
  } as const;
  if (invalidPolicy || r.p === undefined) {
    if (!hasUsableRua(r)) return null;
    // §4.10.1: "act as if a record containing "p=none" was retrieved". A merely missing p keeps
    // the record's valid sp/np (§4.7: "treated as if it included "p=none""); an invalid policy tag
    // makes the whole record read as p=none.
    if (invalidPolicy)
      return { ...base, fo: [...base.fo], p: 'none', sp: 'none', np: 'none', fellBackToNone: true };
    const sp = r.sp ?? 'none';
    return { ...base, fo: [...base.fo], p: 'none', sp, np: r.np ?? sp, fellBackToNone: true };
  }
  // §4.7 np: "If the "np" tag is absent, the policy specified by the "sp" tag (if the "sp" tag is
  // present) or the policy specified by the "p" tag, if the "sp" tag is not present, MUST be applied".
  const sp = r.sp ?? r.p;
  return { ...base, fo: [...base.fo], p: r.p, sp, np: r.np ?? sp, fellBackToNone: false };
}
