// What the audit reads out of a DnsResponse: the shared vocabulary of dns/answer.ts, plus splitting
// a name's TXT records into the kind asked for and the rest.

import type { TxtRecord } from '../dns/answer.ts';

// keep one vocabulary: these live in dns/answer.ts (architecture issue, "one DNS-answer vocabulary")
export { addresses, cnameChain, isTemporaryFailure, txtRecords } from '../dns/answer.ts';

/** Splits TXT records into those that are the record kind asked for and the rest. */
export function partitionTxt(
  records: readonly TxtRecord[],
  is: RegExp | ((text: string) => boolean),
): { matching: TxtRecord[]; other: TxtRecord[] } {
  const test = typeof is === 'function' ? is : (text: string) => is.test(text);
  const matching: TxtRecord[] = [];
  const other: TxtRecord[] = [];
  for (const r of records) (test(r.text) ? matching : other).push(r);
  return { matching, other };
}
