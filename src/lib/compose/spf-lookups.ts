// Counting an SPF record's DNS lookups without the network (RFC 7208 §4.6.4): the terms in the
// record itself, plus what each include costs where that is known — measured online by the SPF
// tree analysis, or given by the provider data. Unknown costs keep the total a lower bound.

import { knownSpfLookupCost } from '../providers/catalog.ts';
import type { SpfLookupCount } from './model.ts';

/** The nested cost of `include:<domain>` or `redirect=<domain>`, if known. */
export function nestedCost(domain: string, measured?: Readonly<Record<string, number>>): number | undefined {
  const key = domain.toLowerCase().replace(/\.$/, '');
  const online = measured?.[key];
  if (typeof online === 'number' && Number.isInteger(online) && online >= 0) return online;
  return knownSpfLookupCost(key);
}

/**
 * `direct` DNS-querying terms, and the domains they descend into (include/redirect targets, whose
 * own terms count too).
 */
export function countLookups(
  direct: number,
  targets: readonly string[],
  measured?: Readonly<Record<string, number>>,
): SpfLookupCount {
  let nested = 0;
  const unknown: string[] = [];
  for (const target of targets) {
    const cost = nestedCost(target, measured);
    if (cost === undefined) unknown.push(target);
    else nested += cost;
  }
  return { direct, nested, total: direct + nested, unknown };
}
