// The diagnostics for problems of the shared tag=value grammar (RFC 6376 §3.2), written once for
// the record kinds that use it (DKIM key records, DMARC); each kind passes its own codes.

import type { Code } from '../diagnostics/codes.ts';
import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import { findInvisible } from './invisible.ts';
import type { TagProblem } from './tag-list.ts';

export interface TagProblemCodes {
  emptyTag: Code;
  duplicateTag: Code;
  syntaxError: Code;
}

export function tagProblemDiagnostic(
  problem: TagProblem,
  text: string,
  codes: TagProblemCodes,
  o: { tagName?: (name: string) => string } = {},
): Diagnostic | null {
  switch (problem.kind) {
    case 'empty-spec':
      return diagnostic(codes.emptyTag, { span: problem.span });
    case 'duplicate':
      return diagnostic(codes.duplicateTag, {
        span: problem.span,
        params: { tag: o.tagName ? o.tagName(problem.name) : problem.name },
      });
    case 'bad-name':
      return diagnostic(codes.syntaxError, {
        span: problem.span,
        params: { text: text.slice(problem.span.start, problem.span.end) },
      });
    case 'bad-value-char':
      // Invisible characters are reported as record/invisible-character already, and a value that
      // contains one fails its own tag's check; report only visible non-ASCII characters here.
      if (findInvisible(problem.char).length > 0) return null;
      return diagnostic(codes.syntaxError, { span: problem.span, params: { text: problem.char } });
    case 'missing-equals':
      return diagnostic(codes.syntaxError, { span: problem.span, params: { text: problem.text } });
  }
}
