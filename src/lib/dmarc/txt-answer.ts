// The TXT records of a DNS response, for the DMARC lookups: the resolver has already followed any
// CNAME chain (DnsResponse lists the CNAMEs first, then the final records), so every TXT record in
// the answer belongs to the question, whatever owner name it carries (a wildcard's, a target's).

import type { DnsResponse } from '../dns/model.ts';

export interface TxtAnswer {
  /** One entry per TXT record: its character-strings, kept apart. */
  records: string[][];
  /** Owner names of the TXT records (the target of a CNAME, `*.…` for a visible wildcard). */
  owners: string[];
  /** CNAME targets followed, in order. */
  cnames: string[];
}

export { isTemporaryFailure } from '../dns/answer.ts';

export function txtAnswer(response: DnsResponse): TxtAnswer {
  const out: TxtAnswer = { records: [], owners: [], cnames: [] };
  for (const rr of response.answers) {
    if (rr.type === 'CNAME' && typeof rr.data === 'string') out.cnames.push(rr.data);
    if (rr.type !== 'TXT') continue;
    out.records.push(Array.isArray(rr.data) ? rr.data.map(String) : [String(rr.data)]);
    out.owners.push(rr.name);
  }
  return out;
}
