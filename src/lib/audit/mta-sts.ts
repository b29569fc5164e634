// MTA-STS (RFC 8461): the TXT record at `_mta-sts.<domain>` (§3.1), then, when it is published,
// the policy file at `https://mta-sts.<domain>/.well-known/mta-sts.txt` (§3.2) fetched when the
// browser can read it. Most policy hosts send no CORS headers, so a browser usually cannot: that
// is said plainly, never reported as a broken policy.

import { policyMxDiagnostics } from '../mtasts/match.ts';
import { parseMtaStsPolicy } from '../mtasts/parse-policy.ts';
import { parseMtaStsTxt } from '../mtasts/parse.ts';
import type { AuditContext, AuditState } from './context.ts';
import { finding, fromDiagnostics } from './finding.ts';
import type { Finding, MtaStsPolicyFetch } from './model.ts';
import { auditTxtArea, txtAreaFindings } from './txt-area.ts';

export const MTA_STS_PREFIX = '_mta-sts';
export const DEFAULT_POLICY_TIMEOUT_MS = 8000;

/** RFC 8461 §3.3: "The policy is fetched ... via HTTPS ... HTTP 3xx redirects MUST NOT be followed". */
export function policyUrl(domain: string): string {
  return `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
}

async function fetchPolicy(
  ctx: AuditContext,
  fetchFn: typeof fetch,
  policy: MtaStsPolicyFetch,
): Promise<void> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(ctx.signal?.reason);
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('policy fetch timed out', 'TimeoutError'));
  }, ctx.policyTimeoutMs);
  policy.status = 'loading';
  ctx.state.fetches++;
  ctx.changed();
  try {
    const response = await fetchFn(policy.url, {
      signal: controller.signal,
      redirect: 'manual',
      credentials: 'omit',
      cache: 'no-store',
    });
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      policy.status = 'http-error';
      policy.error = 'redirect';
      if (response.status) policy.httpStatus = response.status;
    } else if (!response.ok) {
      policy.status = 'http-error';
      policy.httpStatus = response.status;
    } else {
      const text = await response.text();
      policy.text = text;
      const parsed = parseMtaStsPolicy(text);
      if (parsed.record) policy.policy = parsed.record;
      policy.diagnostics = parsed.diagnostics;
      policy.status = 'done';
    }
  } catch (e) {
    if (timedOut) policy.status = 'timeout';
    else if (ctx.signal?.aborted) policy.status = 'skipped';
    // Browsers reject with a bare TypeError ("Failed to fetch") for CORS refusals and network
    // failures alike; script is not told which.
    else policy.status = 'blocked';
    policy.error = e instanceof Error ? e.message : String(e);
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onAbort);
  }
  ctx.changed();
}

export async function auditMtaSts(ctx: AuditContext): Promise<void> {
  const area = ctx.state.mtaSts;
  await auditTxtArea(ctx, area, {
    name: `${MTA_STS_PREFIX}.${ctx.domain}`,
    prefix: /^\s*v\s*=\s*sts/i,
    parse: parseMtaStsTxt,
  });
  if (area.records.length === 0) {
    area.policy.status = 'skipped';
    ctx.changed();
    return;
  }
  if (!ctx.fetch) {
    area.policy.status = 'skipped';
    ctx.changed();
    return;
  }
  await fetchPolicy(ctx, ctx.fetch, area.policy);
}

export function mtaStsFindings(state: AuditState, domain: string): Finding[] {
  const area = state.mtaSts;
  const out = txtAreaFindings(
    area,
    'mta-sts',
    { missing: 'mta-sts/missing', multiple: 'mta-sts/multiple-records' },
    { domain },
  );
  const policy = area.policy;
  const url = policy.url;
  switch (policy.status) {
    case 'blocked':
      out.push(finding('mta-sts/policy-unreadable', 'mta-sts', { params: { url } }));
      break;
    case 'timeout':
      out.push(finding('mta-sts/policy-timeout', 'mta-sts', { params: { url } }));
      break;
    case 'http-error':
      out.push(
        finding('mta-sts/policy-http-error', 'mta-sts', {
          params: { url, status: policy.httpStatus ?? policy.error ?? '' },
        }),
      );
      break;
    case 'done': {
      out.push(...fromDiagnostics(policy.diagnostics, 'mta-sts', { url }));
      // RFC 8461 §4.1: every MX host must match a policy `mx` pattern, once the MX set is known.
      if (policy.policy && state.mx.status === 'done') {
        const hosts = state.mx.records.map((r) => r.exchange).filter((e) => e !== '.');
        out.push(...fromDiagnostics(policyMxDiagnostics(policy.policy, hosts), 'mta-sts'));
      }
      break;
    }
    default:
      break;
  }
  return out;
}
