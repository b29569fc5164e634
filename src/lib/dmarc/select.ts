// Picks the DMARC record out of the whole TXT answer at a `_dmarc` name (RFC 9989 §4.10 steps 2
// and 6): records that do not start with v=DMARC1 are discarded, and more than one DMARC record
// means all of them are discarded.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import { joinTxt } from '../shared/txt.ts';

/**
 * RFC 9989 §4.10: "Records that do not start with a "v" tag that identifies the current version of
 * DMARC are discarded." The tag name is case-insensitive, the value exactly DMARC1 (§4.8:
 * `dmarc-version = "v" equals %s"DMARC1"`), followed by `dmarc-sep` or the end.
 */
const DMARC_START = /^[vV][ \t]*=[ \t]*DMARC1[ \t]*(?:;|$)/;
/** Looks like an attempt at a DMARC record but is not identified as one (case, spaces, typos). */
const DMARC_NEAR_MISS = /^\s*v\s*=\s*dmarc/i;
const MAX_QUOTED_TEXT = 80;

export function isDmarcRecordText(text: string): boolean {
  return DMARC_START.test(text);
}

export interface DmarcRecordSelection {
  /** The one DMARC record (its character-strings joined), or null. */
  record: string | null;
  /** Every TXT record that starts with v=DMARC1, joined. */
  records: string[];
  /** TXT records that are not DMARC records (discarded, RFC 9989 §4.10). */
  ignored: string[];
  diagnostics: Diagnostic[];
}

function quote(text: string): string {
  return text.length > MAX_QUOTED_TEXT ? `${text.slice(0, MAX_QUOTED_TEXT)}…` : text;
}

/**
 * `txtRecords` is the TXT answer: one entry per record, each the record's character-strings.
 * Strings of one record are joined without a separator (RFC 7208 §3.3, as every DMARC
 * implementation does). `name` (the queried name) only goes into diagnostic parameters.
 */
export function selectDmarcRecord(
  txtRecords: ReadonlyArray<readonly string[]>,
  o: { name?: string } = {},
): DmarcRecordSelection {
  const name = o.name ?? '_dmarc';
  const records: string[] = [];
  const ignored: string[] = [];
  const nearMisses: string[] = [];
  for (const strings of txtRecords) {
    const text = joinTxt(strings);
    if (isDmarcRecordText(text)) records.push(text);
    else {
      ignored.push(text);
      if (DMARC_NEAR_MISS.test(text)) nearMisses.push(text);
    }
  }
  const diagnostics: Diagnostic[] = [];
  for (const text of nearMisses) {
    // Receivers discard it. That is fatal when it was meant to be the only record, a warning when a
    // proper record exists beside it.
    diagnostics.push(
      diagnostic('dmarc/not-identified', {
        params: { name, text: quote(text) },
        severity: records.length === 0 ? 'error' : 'warning',
      }),
    );
  }
  if (records.length > 1) {
    diagnostics.push(diagnostic('dmarc/multiple-records', { params: { name, count: records.length } }));
  }
  return { record: records.length === 1 ? records[0] : null, records, ignored, diagnostics };
}
