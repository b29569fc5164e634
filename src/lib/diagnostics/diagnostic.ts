// Building diagnostics from the catalog, so severity and RFC section are never typed twice.

import { CODES, type Code } from './codes.ts';
import type { Diagnostic, Severity, Span } from './model.ts';

export interface DiagnosticOptions {
  span?: Span;
  params?: Record<string, string | number>;
  /** Only where the catalog's severity depends on context (say so at the call site). */
  severity?: Severity;
}

export function diagnostic(code: Code, o: DiagnosticOptions = {}): Diagnostic {
  const info = CODES[code] as { severity: Severity; spec?: string };
  const d: Diagnostic = { code, severity: o.severity ?? info.severity };
  if (info.spec) d.spec = info.spec;
  if (o.span) d.span = o.span;
  if (o.params) d.params = o.params;
  return d;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
