// One finding per problem (issue 10 item 5): a record of 1,000 strings can carry 999 unknown tags,
// and 999 findings that say the same thing bury the one that matters and take seconds to render.
// Findings of one code, area and severity that carry no record fix of their own become one
// finding with a count and the list of places (the parameters that tell the occurrences apart).

import type { Finding } from './model.ts';

/** Occurrences of one code kept as places in full; beyond it only the count grows (bounds the
 *  report's size on hostile DNS content; the first places are the ones a reader looks at). */
export const MAX_PLACES = 100;

/** Findings that stay apart: a fix, a retry or a pointer to another finding's fix is per record. */
function collapsible(f: Finding): boolean {
  return !f.fix && !f.replaces && !f.lookup && !f.fixIn;
}

function groupKey(f: Finding): string {
  return `${f.area}\u0000${f.code}\u0000${f.severity}`;
}

/** The parameters of `params` whose values differ across the group (`varying`). */
function placeOf(
  params: Record<string, string | number> | undefined,
  varying: ReadonlySet<string>,
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const key of varying) if (params?.[key] !== undefined) out[key] = params[key];
  return out;
}

/**
 * Collapses repeated findings, keeping the order of first occurrence. The collapsed finding keeps
 * the first occurrence's parameters (so its message reads as before) and adds `count` (all
 * occurrences) and `places` (at most MAX_PLACES, each with the parameters that vary).
 */
export function collapseRepeated(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!collapsible(f)) continue;
    const key = groupKey(f);
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  const out: Finding[] = [];
  for (const f of findings) {
    if (!collapsible(f)) {
      out.push(f);
      continue;
    }
    const group = groups.get(groupKey(f))!;
    if (group.length === 1) {
      out.push(f);
      continue;
    }
    if (group[0] !== f) continue; // already emitted with its group
    const keys = new Set(group.flatMap((g) => Object.keys(g.params ?? {})));
    const varying = new Set(
      [...keys].filter((k) => group.some((g) => g.params?.[k] !== group[0].params?.[k])),
    );
    const collapsed: Finding = {
      ...f,
      count: group.length,
      places: group.slice(0, MAX_PLACES).map((g) => placeOf(g.params, varying)),
    };
    out.push(collapsed);
  }
  return out;
}
