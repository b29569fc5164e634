// Checks over a domain's whole MX RRset (RFC 5321 §5.1, RFC 7505 §3), and the per-target checks
// that need DNS answers (the audit looks up each exchange and passes what it found).

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import type { MxEntry } from './model.ts';
import { isValidPreference } from './parse.ts';
import { classifyTarget, stripTrailingDot } from './target.ts';

export function validateMxSet(records: readonly MxEntry[]): Diagnostic[] {
  // RFC 5321 §5.1: with no MX, mail goes to the implicit MX (the domain's own A/AAAA).
  if (records.length === 0) return [diagnostic('mx/missing')];
  const diagnostics: Diagnostic[] = [];
  const nulls = records.filter((r) => classifyTarget(r.exchange) === 'null');
  if (nulls.length > 0 && nulls.length === records.length) {
    diagnostics.push(diagnostic('mx/null'));
  } else if (nulls.length > 0) {
    // RFC 7505 §3: "A domain that advertises a null MX MUST NOT advertise any other MX RR."
    diagnostics.push(diagnostic('mx/null-with-others', { params: { count: records.length - nulls.length } }));
  }
  const byPreference = new Map<number, number>();
  const byTarget = new Map<string, number>();
  records.forEach((r, index) => {
    const target = stripTrailingDot(r.exchange);
    if (!isValidPreference(r.preference)) {
      diagnostics.push(diagnostic('mx/bad-preference', { params: { value: String(r.preference), index } }));
    }
    const kind = classifyTarget(r.exchange);
    if (kind === 'null') {
      if (r.preference !== 0)
        diagnostics.push(diagnostic('mx/null-preference', { params: { value: r.preference, index } }));
      return;
    }
    if (kind === 'ip') diagnostics.push(diagnostic('mx/target-ip', { params: { target, index } }));
    if (kind === 'invalid') diagnostics.push(diagnostic('mx/invalid-target', { params: { target, index } }));
    byPreference.set(r.preference, (byPreference.get(r.preference) ?? 0) + 1);
    const key = target.toLowerCase();
    byTarget.set(key, (byTarget.get(key) ?? 0) + 1);
  });
  // RFC 5321 §5.1: equal preferences are legitimate; clients pick among them at random.
  for (const [preference, count] of byPreference) {
    if (count > 1) diagnostics.push(diagnostic('mx/duplicate-preference', { params: { preference, count } }));
  }
  for (const [target, count] of byTarget) {
    if (count > 1) diagnostics.push(diagnostic('mx/duplicate-target', { params: { target, count } }));
  }
  return diagnostics;
}

export interface MxTargetLookup {
  /** The CNAME target when the exchange name is an alias; null or absent when it is not. */
  cname?: string | null;
  /** How many A + AAAA records the exchange (after any CNAME) has; absent when not looked up. */
  addresses?: number;
}

/**
 * Checks one exchange with what DNS said about it. RFC 2181 §10.3: "The domain name used as ...
 * part of the value of a MX resource record must not be an alias." RFC 5321 §5.1: a target
 * without addresses is unusable.
 */
export function mxTargetDiagnostics(exchange: string, lookup: MxTargetLookup = {}): Diagnostic[] {
  const target = stripTrailingDot(exchange);
  const kind = classifyTarget(exchange);
  if (kind === 'null') return [];
  if (kind === 'ip') return [diagnostic('mx/target-ip', { params: { target } })];
  if (kind === 'invalid') return [diagnostic('mx/invalid-target', { params: { target } })];
  const out: Diagnostic[] = [];
  if (lookup.cname) {
    out.push(diagnostic('mx/target-cname', { params: { target, cname: stripTrailingDot(lookup.cname) } }));
  }
  if (lookup.addresses === 0) out.push(diagnostic('mx/target-no-address', { params: { target } }));
  return out;
}
