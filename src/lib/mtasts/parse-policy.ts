// The MTA-STS policy file served at `https://mta-sts.<domain>/.well-known/mta-sts.txt`
// (RFC 8461 §3.2): `key: value` lines ended by LF or CRLF. Never throws; every problem carries a
// span into `body`.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic, ParseResult, Span } from '../diagnostics/model.ts';
import { isHostName } from '../mx/target.ts';
import { isExtensionName } from '../shared/field-list.ts';
import type { Extension, MtaStsMode, MtaStsPolicy } from './model.ts';
import { MTA_STS_VERSION } from './parse.ts';

/** RFC 8461 §3.2: max_age is "plaintext non-negative integer seconds, maximum value of 31557600". */
export const MAX_POLICY_MAX_AGE = 31557600;
/** RFC 8461 §3.2: sts-policy-max-age-value = 1*10(DIGIT) */
const MAX_AGE = /^\d{1,10}$/;
/** RFC 8461 §3.2 expects max_age "typically be in the range of weeks or greater": one week. */
export const SHORT_MAX_AGE = 604800;
const MODES: readonly MtaStsMode[] = ['enforce', 'testing', 'none'];
const KNOWN = ['version', 'mode', 'max_age', 'mx'] as const;
type KnownField = (typeof KNOWN)[number];

interface Line {
  text: string;
  span: Span;
  /** False only for a last line with no LF after it. */
  terminated: boolean;
}

function splitLines(body: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  for (;;) {
    const lf = body.indexOf('\n', pos);
    const end = lf === -1 ? body.length : lf;
    // sts-policy-term = LF / CRLF: a CR counts only right before the LF.
    const contentEnd = lf !== -1 && end > pos && body[end - 1] === '\r' ? end - 1 : end;
    lines.push({
      text: body.slice(pos, contentEnd),
      span: { start: pos, end: contentEnd },
      terminated: lf !== -1,
    });
    if (lf === -1) return lines;
    pos = lf + 1;
  }
}

/** RFC 8461 §3.2: `["*."] Domain`; Domain is RFC 5321's (A-labels only, letters-digits-hyphen). */
export function mxPatternProblem(pattern: string): 'not-ascii' | 'bad' | null {
  if ([...pattern].some((c) => c.charCodeAt(0) > 0x7f)) return 'not-ascii';
  const domain = pattern.startsWith('*.') ? pattern.slice(2) : pattern;
  return isHostName(domain) ? null : 'bad';
}

/** sts-policy-ext-value: visible characters and UTF-8, inner spaces only, no control characters. */
function isPolicyExtensionValue(value: string): boolean {
  const control = [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  return value !== '' && !control && !value.startsWith(' ') && !value.endsWith(' ');
}

export function parseMtaStsPolicy(body: string): ParseResult<MtaStsPolicy> {
  if (body.trim() === '') return { record: null, diagnostics: [diagnostic('record/empty')] };
  const diagnostics: Diagnostic[] = [];
  const lines = splitLines(body);
  const first = new Map<string, { value: string; valid: boolean }>();
  const mx: string[] = [];
  let mxLines = 0;
  const extensions: Extension[] = [];

  lines.forEach((line, index) => {
    // A final empty piece after the last terminator is the optional [sts-policy-term].
    if (line.text === '' && index === lines.length - 1 && index > 0) return;
    if (/^[ \t]*$/.test(line.text)) {
      const span = {
        start: line.span.start,
        end: line.terminated ? Math.min(body.length, line.span.end + 1) : line.span.end,
      };
      diagnostics.push(diagnostic('mta-sts/policy-empty-line', { span }));
      return;
    }
    const colon = line.text.indexOf(':');
    const name = colon === -1 ? '' : line.text.slice(0, colon);
    if (colon === -1 || !isExtensionName(name)) {
      diagnostics.push(
        diagnostic('mta-sts/policy-malformed-line', { span: line.span, params: { text: line.text } }),
      );
      return;
    }
    // sts-policy-field-delim = ":" *WSP, and *WSP before the terminator.
    const raw = line.text.slice(colon + 1);
    const lead = /^[ \t]*/.exec(raw)![0].length;
    const value = raw.slice(lead).replace(/[ \t]+$/, '');
    const valueStart = line.span.start + colon + 1 + lead;
    const valueSpan = { start: valueStart, end: valueStart + value.length };
    const nameSpan = { start: line.span.start, end: line.span.start + colon };
    const lineSpan = line.span;

    const known = (KNOWN as readonly string[]).includes(name) ? (name as KnownField) : null;
    if (!known) {
      const expected = KNOWN.find((k) => k === name.toLowerCase());
      if (expected) {
        // RFC 8461 §3.2: field names are case-sensitive (%s"mode" …).
        diagnostics.push(
          diagnostic('mta-sts/policy-field-case', { span: nameSpan, params: { name, expected } }),
        );
        return;
      }
    }
    const duplicate = known !== 'mx' && first.has(name);
    if (duplicate)
      diagnostics.push(diagnostic('mta-sts/duplicate-field', { span: lineSpan, params: { name } }));

    let valid = true;
    const params = { value };
    switch (known) {
      case 'version':
        if (value !== MTA_STS_VERSION) {
          valid = false;
          diagnostics.push(diagnostic('mta-sts/policy-bad-version', { span: valueSpan, params }));
        }
        break;
      case 'mode':
        if (!(MODES as readonly string[]).includes(value)) {
          valid = false;
          diagnostics.push(diagnostic('mta-sts/policy-bad-mode', { span: valueSpan, params }));
        }
        break;
      case 'max_age':
        if (!MAX_AGE.test(value)) {
          valid = false;
          diagnostics.push(diagnostic('mta-sts/policy-bad-max-age', { span: valueSpan, params }));
        } else if (Number(value) > MAX_POLICY_MAX_AGE) {
          valid = false;
          diagnostics.push(
            diagnostic('mta-sts/policy-max-age-too-large', {
              span: valueSpan,
              params: { value, max: MAX_POLICY_MAX_AGE },
            }),
          );
        }
        break;
      case 'mx': {
        mxLines++;
        const problem = value === '' ? 'bad' : mxPatternProblem(value);
        if (problem === 'not-ascii')
          diagnostics.push(diagnostic('mta-sts/policy-mx-not-ascii', { span: valueSpan, params }));
        else if (problem === 'bad')
          diagnostics.push(
            diagnostic('mta-sts/policy-bad-mx', { span: value === '' ? lineSpan : valueSpan, params }),
          );
        else mx.push(value);
        break;
      }
      default:
        if (!isPolicyExtensionValue(value)) {
          valid = false;
          diagnostics.push(
            diagnostic('mta-sts/policy-bad-extension-value', {
              span: value === '' ? lineSpan : valueSpan,
              params: { name },
            }),
          );
        } else if (!duplicate) {
          extensions.push({ name, value });
          diagnostics.push(diagnostic('mta-sts/unknown-field', { span: lineSpan, params: { name } }));
        }
    }
    if (!duplicate && known !== 'mx') first.set(name, { value, valid });
  });

  const whole = { start: 0, end: body.length };
  const required = (
    name: 'version' | 'mode' | 'max_age',
    code: 'mta-sts/policy-missing-version' | 'mta-sts/policy-missing-mode' | 'mta-sts/policy-missing-max-age',
  ) => {
    const f = first.get(name);
    if (!f) diagnostics.push(diagnostic(code, { span: whole }));
    return f?.valid ? f.value : null;
  };
  const version = required('version', 'mta-sts/policy-missing-version');
  const mode = required('mode', 'mta-sts/policy-missing-mode') as MtaStsMode | null;
  const maxAge = required('max_age', 'mta-sts/policy-missing-max-age');
  // RFC 8461 §3.2: mx is "required at least once, except when mode is "none"".
  if (mxLines === 0 && mode !== null && mode !== 'none') {
    diagnostics.push(diagnostic('mta-sts/policy-missing-mx', { span: whole, params: { mode } }));
  }
  if (mode === 'testing') diagnostics.push(diagnostic('mta-sts/mode-testing'));
  if (mode === 'none') diagnostics.push(diagnostic('mta-sts/mode-none'));
  if (maxAge !== null && mode !== null && mode !== 'none' && Number(maxAge) < SHORT_MAX_AGE) {
    diagnostics.push(
      diagnostic('mta-sts/max-age-short', { params: { value: Number(maxAge), recommended: SHORT_MAX_AGE } }),
    );
  }

  if (version === null || mode === null || maxAge === null) return { record: null, diagnostics };
  return { record: { version: MTA_STS_VERSION, mode, maxAge: Number(maxAge), mx, extensions }, diagnostics };
}
