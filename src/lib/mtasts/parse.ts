// The MTA-STS TXT record at `_mta-sts.<domain>` (RFC 8461 §3.1). Never throws; every problem
// carries a span into `text`.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic, ParseResult } from '../diagnostics/model.ts';
import { extensionsOf, parseFieldList } from '../shared/field-list.ts';
import type { MtaStsRecord } from './model.ts';

export const MTA_STS_VERSION = 'STSv1';
/** RFC 8461 §3.1: sts-id = %s"id=" 1*32(ALPHA / DIGIT) */
const ID = /^[A-Za-z0-9]{1,32}$/;

export function parseMtaStsTxt(text: string): ParseResult<MtaStsRecord> {
  if (text.trim() === '') return { record: null, diagnostics: [diagnostic('record/empty')] };
  const list = parseFieldList(text, MTA_STS_VERSION, ['id']);
  const diagnostics: Diagnostic[] = list.problems.map((p) =>
    diagnostic(`mta-sts/${p.kind}`, { span: p.span, ...(p.params ? { params: p.params } : {}) }),
  );

  // RFC 8461 §3.2 (a paragraph on TXT records and policy files alike): when a field other than
  // `mx` appears more than once, senders use its first instance and ignore the rest.
  let id: string | null = null;
  const idField = list.fields.find((f) => f.name === 'id');
  if (!idField) {
    // An `ID=` field is already reported as mta-sts/field-case.
    if (!list.fields.some((f) => f.name.toLowerCase() === 'id'))
      diagnostics.push(diagnostic('mta-sts/missing-id', { span: { start: 0, end: text.length } }));
  } else if (!ID.test(idField.value)) {
    const span = idField.value === '' ? idField.span : idField.valueSpan;
    diagnostics.push(diagnostic('mta-sts/bad-id', { span, params: { value: idField.value } }));
  } else {
    id = idField.value;
  }

  const extensions = extensionsOf(list.fields, ['id']);
  diagnostics.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
  if (list.version === null || id === null) return { record: null, diagnostics };
  return { record: { version: MTA_STS_VERSION, id, extensions }, diagnostics };
}
