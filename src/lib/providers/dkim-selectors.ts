// Selector names worth probing when a domain's DKIM selector is unknown. RFC 6376 §3.6.2.1
// puts keys at `<selector>._domainkey.<domain>` and gives no way to list them, so a checker can
// only try likely names (a miss is `dkim/not-found`, a warning: the selector may be unknown).

import { PROVIDERS } from './catalog.ts';

/**
 * Names seen widely in the wild, independent of the provider presets: generic defaults
 * (`default`, `dkim`, `mail`, `smtp`), Microsoft 365 (`selector1`/`selector2`), Google
 * (`google`), rotating pairs (`k1`/`k2`, `s1`/`s2`), MXroute (`mxvault`), Everlytic
 * (`everlytickey1`), Mandrill's older TXT selector (`mandrill`) and Zoho's example (`zoho`).
 */
const WIDELY_USED = [
  'default',
  'google',
  'selector1',
  'selector2',
  'k1',
  'k2',
  's1',
  's2',
  'dkim',
  'mail',
  'smtp',
  'mxvault',
  'everlytickey1',
  'mandrill',
  'zoho',
] as const;

/** `fm2` → `fm`: one name per numbered family is enough to find a provider's keys. */
function family(selector: string): string {
  return selector.replace(/\d+$/, '');
}

/**
 * The widely used names, then one selector per numbered family from each provider's selector hint
 * (`fm1` for Fastmail's fm1–fm3). Lower case, no duplicates, stable order.
 */
export function providerDkimSelectors(): string[] {
  const out: string[] = [...WIDELY_USED];
  const families = new Set(out.map(family));
  for (const provider of PROVIDERS) {
    for (const selector of provider.dkim.selectors) {
      if (out.includes(selector)) continue;
      const f = family(selector);
      // Keep names without a number (`protonmail`) and the first of each numbered family.
      if (f !== selector && families.has(f)) continue;
      families.add(f);
      out.push(selector);
    }
  }
  return out;
}
