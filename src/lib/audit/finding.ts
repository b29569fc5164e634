// Building findings from the one code catalog (severity and RFC section are never typed twice),
// and turning a record's diagnostics into findings of an area.

import { CODES, isCode, type Code } from '../diagnostics/codes.ts';
import type { Diagnostic, Severity } from '../diagnostics/model.ts';
import type { RecordSuggestion } from '../export/model.ts';
import type { Finding, FindingArea, LookupKey } from './model.ts';

export interface FindingOptions {
  params?: Record<string, string | number>;
  fix?: RecordSuggestion[];
  replaces?: RecordSuggestion[];
  lookup?: LookupKey;
  /** Only where the catalog's severity depends on context (say so at the call site). */
  severity?: Severity;
}

export function finding(code: Code, area: FindingArea, o: FindingOptions = {}): Finding {
  const info = CODES[code] as { severity: Severity; spec?: string };
  const f: Finding = { code, severity: o.severity ?? info.severity, area };
  if (info.spec) f.spec = info.spec;
  if (o.params) f.params = o.params;
  if (o.fix && o.fix.length > 0) f.fix = o.fix;
  if (o.replaces && o.replaces.length > 0) f.replaces = o.replaces;
  if (o.lookup) f.lookup = o.lookup;
  return f;
}

/** A record's diagnostics as findings; `params` (the record's name…) are added to each. */
export function fromDiagnostics(
  diagnostics: readonly Diagnostic[],
  area: FindingArea,
  params: Record<string, string | number> = {},
): Finding[] {
  return diagnostics.map((d) => {
    const f: Finding = { code: d.code, severity: d.severity, area };
    const spec = d.spec ?? (isCode(d.code) ? (CODES[d.code] as { spec?: string }).spec : undefined);
    if (spec) f.spec = spec;
    const merged = { ...params, ...d.params };
    if (Object.keys(merged).length > 0) f.params = merged;
    return f;
  });
}
