// The explanation string of a `fail` (RFC 7208 §6.2): the exp= modifier's TXT record, expanded
// with the macros of §7 for the domain whose record gave the result.

import type { TypedAnswer } from '../dns/answer.ts';
import { txtText } from '../dns/answer.ts';
import type { RRType } from '../dns/model.ts';
import { EvaluationStop } from './evaluation-stop.ts';
import { expandMacro, parseMacroString, usesMacroLetter, type MacroValues } from './macro.ts';
import type { MacroString, SpfRecord, SpfStep, SpfTerm } from './model.ts';
import { targetName } from './target-name.ts';

/** The record a result came from: its exp= is the one to use (§6.2). */
export interface ResultSource {
  domain: string;
  record: SpfRecord;
}

/** What the explanation needs of a running evaluation (check-host.ts `Evaluation`). */
export interface ExplanationContext {
  readonly trace: SpfStep[];
  readonly signal?: AbortSignal;
  query(name: string, type: RRType, via: string[]): Promise<TypedAnswer>;
  expand(spec: MacroString, domain: string, via: string[]): Promise<string>;
  macroValues(domain: string, p: string): MacroValues;
  pValue(domain: string, via: string[]): Promise<string>;
}

/** RFC 7208 §6.2: the explanation of a fail, or undefined when exp= is absent or unusable. */
export async function explanation(
  ctx: ExplanationContext,
  source: ResultSource,
): Promise<string | undefined> {
  const exp = source.record.terms.find((t): t is Extract<SpfTerm, { kind: 'exp' }> => t.kind === 'exp');
  if (!exp) return undefined;
  try {
    const target = targetName(await ctx.expand(exp.domain, source.domain, []));
    if (target === null) {
      ctx.trace.push({ kind: 'explanation', domain: source.domain, ignored: 'invalid-name' });
      return undefined;
    }
    // Not a counted lookup (§4.6.4), and never a void lookup (suite: exp-void).
    const answer = await ctx.query(target, 'TXT', []);
    if (answer.kind !== 'data' || answer.records.length !== 1) {
      // §6.2: "If there are any DNS processing errors (any RCODE other than 0), or if no
      // records are returned, or if more than one record is returned, or if there are syntax
      // errors in the explanation string, then proceed as if no "exp" modifier was given."
      ctx.trace.push({
        kind: 'explanation',
        domain: target,
        ignored: answer.kind === 'error' ? 'dns' : 'records',
      });
      return undefined;
    }
    const parsed = parseMacroString(txtText(answer.records[0]), 'explanation');
    if (!parsed.ok) {
      ctx.trace.push({ kind: 'explanation', domain: target, ignored: 'syntax' });
      return undefined;
    }
    const p = usesMacroLetter(parsed.parts, 'p') ? await ctx.pValue(source.domain, []) : 'unknown';
    const expanded = expandMacro(parsed.parts, ctx.macroValues(source.domain, p));
    ctx.trace.push({ kind: 'explanation', domain: target, text: expanded });
    return expanded;
  } catch (e) {
    // A stop while fetching the explanation (query cap) does not change the result.
    if (e instanceof EvaluationStop && !ctx.signal?.aborted) return undefined;
    throw e;
  }
}
