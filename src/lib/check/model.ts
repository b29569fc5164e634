// What the "Check a record" page gets back for one pasted record: its kind, the kind's model,
// every problem with spans into the text as pasted, and a mechanically corrected record.

import type { BimiRecord } from '../bimi/model.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import type { DkimKeyInspection, DkimKeyRecord } from '../dkim/model.ts';
import type { DmarcRecord } from '../dmarc/model.ts';
import type { MtaStsPolicy, MtaStsRecord } from '../mtasts/model.ts';
import type { MxRecord } from '../mx/model.ts';
import type { SpfRecord } from '../spf/model.ts';
import type { TlsRptRecord } from '../tlsrpt/model.ts';

export type RecordKind =
  'spf' | 'dmarc' | 'dkim' | 'mx' | 'mta-sts' | 'mta-sts-policy' | 'tls-rpt' | 'bimi' | 'unknown';

export type CheckedRecord =
  | SpfRecord
  | DmarcRecord
  | DkimKeyRecord
  | MxRecord
  | MtaStsRecord
  | MtaStsPolicy
  | TlsRptRecord
  | BimiRecord;

export interface CheckResult {
  kind: RecordKind;
  /** The kind parser's model; null when the text could not be read as that kind. */
  record: CheckedRecord | null;
  /** record !== null and no diagnostic of severity error. */
  valid: boolean;
  /** Every problem; spans are offsets into the text exactly as it was pasted. */
  diagnostics: Diagnostic[];
  /** The text the parser read: zone-file quotes removed and strings joined, outer blanks trimmed. */
  normalized: string;
  /** A mechanically corrected record (quotes removed, full-width punctuation and invisible
   *  characters fixed, DKIM key repaired), when it differs from what was pasted. */
  fixed?: string;
  /** DKIM only: what is inside the key (algorithm, size). */
  key?: Omit<DkimKeyInspection, 'diagnostics'>;
}
