// The Gmail and Yahoo sender requirements (in force since 2024; docs/cloudflare.md) as a checklist computed
// from the audit: each line says pass / fail / unknown and names the finding codes that decide it.
// Lines that depend on the sending IPs or on the messages themselves (reverse DNS, TLS, From
// alignment, one-click unsubscribe) cannot be decided from DNS alone and say `unknown`.

import type { AuditState } from './context.ts';
import type { Finding, RequirementLine } from './model.ts';

type Verdict = 'pass' | 'fail' | 'unknown' | 'loading';

const SPF_CODES = [
  'spf/missing',
  'spf/multiple-records',
  'spf/too-many-lookups',
  'spf/too-many-void-lookups',
  'spf/include-missing-record',
  'spf/provider-include-missing',
];
const DKIM_CODES = [
  'dkim/not-found',
  'dkim/key-damaged',
  'dkim/key-too-short',
  'dkim/key-revoked',
  'dkim/proxied-cname',
];
const DMARC_CODES = [
  'dmarc/missing',
  'dmarc/multiple-records',
  'dmarc/cname-and-txt',
  'dmarc/no-effective-policy',
];

/** Gmail's reply to unauthenticated mail (neither SPF nor DKIM passes, or DMARC fails). */
const UNAUTHENTICATED = '550 5.7.26';
/** Gmail's reply when the sending IP has no PTR record. */
const NO_PTR = '550 5.7.25';

function codesIn(findings: readonly Finding[], area: string, watched: readonly string[]): string[] {
  const out = new Set<string>();
  for (const f of findings) {
    if (f.area !== area) continue;
    if (watched.includes(f.code) || f.severity === 'error') out.add(f.code);
  }
  return [...out];
}

function spfVerdict(state: AuditState, findings: readonly Finding[]): Verdict {
  const spf = state.spf;
  if (spf.status === 'loading' || spf.treeStatus === 'loading') return 'loading';
  if (spf.status === 'error') return 'unknown';
  // RFC 7208 §4.5 and §4.6.4: no record, two records, or a record that ends in permerror.
  if (findings.some((f) => f.area === 'spf' && f.severity === 'error')) return 'fail';
  return spf.records.length === 1 ? 'pass' : 'fail';
}

function dkimVerdict(state: AuditState, findings: readonly Finding[]): Verdict {
  const dkim = state.dkim;
  const broken = (selector: string) =>
    findings.some((f) => f.area === 'dkim' && f.severity === 'error' && f.params?.selector === selector);
  const good = dkim.selectors.some(
    (s) => s.status === 'found' && s.key && !s.key.revoked && !broken(s.selector),
  );
  if (good) return 'pass';
  if (dkim.selectors.some((s) => s.status === 'loading' || (s.status === 'found' && !s.key)))
    return 'loading';
  // Keys found, all unusable: a fail. None found: the selector may simply not be one we tried.
  if (dkim.selectors.some((s) => s.status === 'found')) return 'fail';
  return 'unknown';
}

function dmarcVerdict(state: AuditState, findings: readonly Finding[]): Verdict {
  const dmarc = state.dmarc;
  if (dmarc.status === 'loading' || dmarc.discovery.status === 'loading') return 'loading';
  if (dmarc.discovery.status === 'error') return 'unknown';
  if (dmarc.cnameAndTxt) return 'fail';
  if (findings.some((f) => f.area === 'dmarc' && DMARC_CODES.includes(f.code))) return 'fail';
  // "DMARC at least p=none": any policy that applies passes.
  return dmarc.discovery.policy ? 'pass' : 'fail';
}

function either(a: Verdict, b: Verdict): Verdict {
  if (a === 'pass' || b === 'pass') return 'pass';
  if (a === 'loading' || b === 'loading') return 'loading';
  if (a === 'fail' && b === 'fail') return 'fail';
  return 'unknown';
}

function both(a: Verdict, b: Verdict): Verdict {
  if (a === 'fail' || b === 'fail') return 'fail';
  if (a === 'loading' || b === 'loading') return 'loading';
  if (a === 'pass' && b === 'pass') return 'pass';
  return 'unknown';
}

export function senderRequirements(state: AuditState, findings: readonly Finding[]): RequirementLine[] {
  const spf = spfVerdict(state, findings);
  const dkim = dkimVerdict(state, findings);
  const dmarc = dmarcVerdict(state, findings);
  const spfCodes = codesIn(findings, 'spf', SPF_CODES);
  const dkimCodes = codesIn(findings, 'dkim', DKIM_CODES);
  const dmarcCodes = codesIn(findings, 'dmarc', DMARC_CODES);
  const authentication = either(spf, dkim);
  const line = (
    id: RequirementLine['id'],
    audience: RequirementLine['audience'],
    status: Verdict,
    codes: string[],
    decidedBy: string[],
    bounces: string[] = [],
  ): RequirementLine => ({ id, audience, status, codes: status === 'pass' ? [] : codes, decidedBy, bounces });
  return [
    line(
      'spf-or-dkim',
      'all',
      authentication,
      [...spfCodes, ...dkimCodes],
      [...SPF_CODES, ...DKIM_CODES],
      [UNAUTHENTICATED],
    ),
    line('ptr', 'all', 'unknown', [], [], [NO_PTR]),
    line('tls', 'all', 'unknown', [], []),
    line(
      'spf-and-dkim',
      'bulk',
      both(spf, dkim),
      [...spfCodes, ...dkimCodes],
      [...SPF_CODES, ...DKIM_CODES],
      [UNAUTHENTICATED],
    ),
    line('dmarc', 'bulk', dmarc, dmarcCodes, DMARC_CODES, [UNAUTHENTICATED]),
    // Alignment depends on the From domain and the DKIM d= of real messages; DNS can only show
    // that nothing at the domain could align.
    line(
      'alignment',
      'bulk',
      authentication === 'fail' ? 'fail' : 'unknown',
      [...spfCodes, ...dkimCodes],
      [...SPF_CODES, ...DKIM_CODES],
      [UNAUTHENTICATED],
    ),
    line('one-click-unsubscribe', 'bulk', 'unknown', [], []),
  ];
}
