// Timing helpers for `npm run bench`: medians, rates over a time budget, and the `name: value`
// lines the script prints (one figure per line, so CI logs and notes can quote them).

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Rounds to `digits` decimals and drops trailing zeros. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function figure(name: string, value: number | string): void {
  console.log(`${name}: ${typeof value === 'number' ? round(value) : value}`);
}

/** A note about a figure (why it is what it is); printed as a comment line, not a figure. */
export function note(text: string): void {
  console.log(`# ${text}`);
}

/**
 * Items per second of `pass` (which handles `itemsPerPass` items), after `warmups` passes that are
 * not timed, repeating until at least `budgetMs` have passed (and at least `minPasses` passes).
 */
export async function rate(
  pass: () => Promise<void> | void,
  itemsPerPass: number,
  o: { warmups?: number; budgetMs?: number; minPasses?: number } = {},
): Promise<{ perSecond: number; passes: number; ms: number }> {
  for (let i = 0; i < (o.warmups ?? 2); i++) await pass();
  const budget = o.budgetMs ?? 2000;
  const minPasses = o.minPasses ?? 3;
  let passes = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < budget || passes < minPasses) {
    await pass();
    passes++;
    elapsed = performance.now() - start;
  }
  return { perSecond: (itemsPerPass * passes * 1000) / elapsed, passes, ms: elapsed };
}
