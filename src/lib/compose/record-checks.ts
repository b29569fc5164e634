// The record parsers the builders hold their output to (keep in sync with the record kinds:
// a builder must never emit what these reject).

import type { Diagnostic } from '../diagnostics/model.ts';
import { parseDmarc } from '../dmarc/parse.ts';
import { parseSpf } from '../spf/parse.ts';

/** parseSpf (which folds in validateSpf) reduced to its diagnostics. */
export function spfDiagnostics(text: string): Diagnostic[] {
  return parseSpf(text).diagnostics;
}

export function dmarcDiagnostics(text: string): Diagnostic[] {
  return parseDmarc(text).diagnostics;
}
