// Does an MX host match a policy's `mx` patterns (RFC 8461 §4.1)? A pattern matches its exact
// name; a `*.` pattern matches names with exactly one more label on the left (`*.example.com`
// covers `mx1.example.com`, not `example.com` nor `a.mx1.example.com`). Names compare without
// case and without a trailing dot.

import { diagnostic } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/model.ts';
import type { MtaStsPolicy } from './model.ts';

function normalize(name: string): string {
  return name.trim().replace(/\.$/, '').toLowerCase();
}

export function mxPatternMatches(pattern: string, mxHost: string): boolean {
  const p = normalize(pattern);
  const host = normalize(mxHost);
  if (host === '') return false;
  if (!p.startsWith('*.')) return p === host;
  const suffix = p.slice(1); // ".example.com"
  if (!host.endsWith(suffix) || host.length === suffix.length) return false;
  return !host.slice(0, -suffix.length).includes('.');
}

export function policyMatchesMx(
  policy: Pick<MtaStsPolicy, 'mx'> | readonly string[],
  mxHost: string,
): boolean {
  const patterns = Array.isArray(policy)
    ? (policy as readonly string[])
    : (policy as Pick<MtaStsPolicy, 'mx'>).mx;
  return patterns.some((p) => mxPatternMatches(p, mxHost));
}

/**
 * One `mta-sts/mx-not-covered` per MX host that no pattern matches. RFC 8461 §5.1: in `enforce`
 * mode senders do not deliver to such a host (error); in `testing` they deliver and report
 * (warning, the catalog's error lowered here); `none` checks nothing.
 */
export function policyMxDiagnostics(
  policy: Pick<MtaStsPolicy, 'mx' | 'mode'>,
  mxHosts: readonly string[],
): Diagnostic[] {
  if (policy.mode === 'none') return [];
  return mxHosts
    .filter((host) => !policyMatchesMx(policy, host))
    .map((host) =>
      diagnostic('mta-sts/mx-not-covered', {
        params: { host: normalize(host) },
        ...(policy.mode === 'testing' ? { severity: 'warning' as const } : {}),
      }),
    );
}
