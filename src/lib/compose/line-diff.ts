// A line diff (longest common subsequence) for showing how a merged record differs from the one
// it replaces, one term per line. Records are short (tens of terms), so O(n·m) is fine.

import type { DiffLine } from './model.ts';

/** `key` decides which lines are the same (e.g. case-insensitive for SPF terms). */
export function lineDiff(
  before: readonly string[],
  after: readonly string[],
  key: (line: string) => string = (line) => line,
): DiffLine[] {
  const a = before.map(key);
  const b = after.map(key);
  // lcs[i][j] = length of the LCS of a[i..] and b[j..]
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: after[j] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      out.push({ op: 'remove', text: before[i++] });
    } else {
      out.push({ op: 'add', text: after[j++] });
    }
  }
  while (i < a.length) out.push({ op: 'remove', text: before[i++] });
  while (j < b.length) out.push({ op: 'add', text: after[j++] });
  return out;
}
