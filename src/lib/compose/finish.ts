// The last step every builder shares: hold the draft to the record kind's own parser, and emit it
// only when no field is wrong and the parser reports no error. A record the parser rejects becomes
// a `composer/record-rejected` error instead (the builder's bug, never the user's record).

import { diagnostic, hasErrors } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import { splitTxt } from '../shared/txt.ts';
import type { BuiltRecord, FieldDiagnostic } from './model.ts';

export function fieldDiagnostic(field: string, d: Diagnostic, index?: number): FieldDiagnostic {
  return index === undefined ? { ...d, field } : { ...d, field, index };
}

/**
 * `check` is the record kind's parser (and validator) reduced to its diagnostics. It runs on the
 * draft even when fields are wrong, so the preview can show what the parser thinks of it.
 */
export function finishRecord(
  draft: string,
  name: string | undefined,
  fields: FieldDiagnostic[],
  check: (text: string) => Diagnostic[],
): BuiltRecord {
  const diagnostics = check(draft);
  const fieldDiagnostics = [...fields];
  // A parser error the field diagnostics already explain (spf/too-many-lookups on a draft with
  // too many includes) is the user's to fix; any other is the builder's bug.
  const explained = new Set(fields.filter((d) => d.severity === 'error').map((d) => d.code));
  const unexplained = [
    ...new Set(
      diagnostics.filter((d) => d.severity === 'error' && !explained.has(d.code)).map((d) => d.code),
    ),
  ];
  if (unexplained.length > 0) {
    fieldDiagnostics.push(
      fieldDiagnostic(
        'record',
        diagnostic('composer/record-rejected', { params: { codes: unexplained.join(', ') } }),
      ),
    );
  }
  const ok = !hasErrors(fieldDiagnostics);
  const content = ok ? draft : null;
  return {
    ...(name !== undefined && { name }),
    content,
    strings: content === null ? [] : splitTxt(content),
    draft,
    fieldDiagnostics,
    diagnostics,
    suggestion: content !== null && name !== undefined ? { type: 'TXT', name, content } : null,
  };
}
