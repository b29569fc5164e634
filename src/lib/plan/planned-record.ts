// Whether a planned record can go into the dry run (issue 14, "Bad input": a planned record that does
// not parse is shown with its diagnostics and excluded from the overlay). SPF, DMARC and DKIM texts
// are read by their own parsers (RFC 7208 §4.5, RFC 9989 §4.8, RFC 6376 §3.6.1); an MX exchange or a
// CNAME target must be a host name (RFC 1035 §3.3.9, §3.3.1; `.` alone is the null MX, RFC 7505);
// every owner name must be a name.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import { parseDkimKey } from '../dkim/parse.ts';
import { parseDmarc } from '../dmarc/parse.ts';
import type { RecordSuggestion } from '../export/model.ts';
import { normalizeQueryName } from '../shared/domain-name.ts';
import { parseSpf } from '../spf/parse.ts';
import { recordKind } from './record-kind.ts';

export interface PlannedRecordCheck {
  record: RecordSuggestion;
  /** What its parser says (warnings included). */
  diagnostics: Diagnostic[];
  /** No error: the record goes into the dry run. */
  usable: boolean;
}

function nameProblem(name: string, field: 'name' | 'content'): Diagnostic[] {
  const normalized = normalizeQueryName(name);
  if (normalized.ok) return [];
  return [diagnostic('plan/record-invalid', { params: { field, problem: normalized.problem.kind } })];
}

export function checkPlannedRecord(record: RecordSuggestion): PlannedRecordCheck {
  const diagnostics: Diagnostic[] = [...nameProblem(record.name, 'name')];
  if (record.type === 'MX') {
    if (record.content.trim() !== '.') diagnostics.push(...nameProblem(record.content, 'content'));
    if (
      record.priority !== undefined &&
      !(Number.isInteger(record.priority) && record.priority >= 0 && record.priority <= 65535)
    )
      diagnostics.push(
        diagnostic('plan/record-invalid', { params: { field: 'priority', problem: 'range' } }),
      );
  } else if (record.type === 'CNAME') {
    diagnostics.push(...nameProblem(record.content, 'content'));
  } else {
    // Judged by what it is meant to be: ` v=spf1 …` is no SPF record to a receiver (RFC 7208 §4.5),
    // so the SPF parser's own error says why, rather than the record passing as "some TXT".
    const kind = recordKind({ ...record, content: record.content.trimStart() });
    if (kind === 'spf') diagnostics.push(...parseSpf(record.content).diagnostics);
    else if (kind === 'dmarc') diagnostics.push(...parseDmarc(record.content).diagnostics);
    else if (kind === 'dkim') diagnostics.push(...parseDkimKey(record.content).diagnostics);
  }
  return { record, diagnostics, usable: !diagnostics.some((d) => d.severity === 'error') };
}

/** Each planned record checked, in plan order. */
export function checkPlannedRecords(plan: readonly RecordSuggestion[]): PlannedRecordCheck[] {
  return plan.map(checkPlannedRecord);
}
