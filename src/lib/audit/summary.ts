// The one-line verdict per area the report page summarises: loading while its lookups run, error
// when the lookup it rests on failed (temporary), fail / warn by its worst finding, none for an
// optional record that is not published, pass otherwise.

import type { AuditState } from './context.ts';
import type { AreaVerdict, AuditArea, Finding } from './model.ts';

/** Records a domain may well go without (MTA-STS, TLS-RPT, BIMI): absent is `none`, not a failure. */
const OPTIONAL: ReadonlySet<AuditArea> = new Set(['mta-sts', 'tls-rpt', 'bimi']);

export const AUDIT_AREAS: readonly AuditArea[] = ['mx', 'spf', 'dmarc', 'dkim', 'mta-sts', 'tls-rpt', 'bimi'];

function areaState(state: AuditState, area: AuditArea) {
  switch (area) {
    case 'mx':
      return state.mx;
    case 'spf':
      return state.spf;
    case 'dmarc':
      return state.dmarc;
    case 'dkim':
      return state.dkim;
    case 'mta-sts':
      return state.mtaSts;
    case 'tls-rpt':
      return state.tlsRpt;
    case 'bimi':
      return state.bimi;
  }
}

/** The findings about an area, counting the temporary DNS failures of its lookups. */
export function findingsOf(findings: readonly Finding[], area: AuditArea): Finding[] {
  return findings.filter((f) => f.area === area || (f.area === 'dns' && f.params?.area === area));
}

export function areaVerdicts(
  state: AuditState,
  findings: readonly Finding[],
): Record<AuditArea, AreaVerdict> {
  const out = {} as Record<AuditArea, AreaVerdict>;
  for (const area of AUDIT_AREAS) {
    const s = areaState(state, area);
    const mine = findingsOf(findings, area);
    if (s.status === 'loading') out[area] = 'loading';
    else if (s.status === 'error') out[area] = 'error';
    else if (mine.some((f) => f.severity === 'error')) out[area] = 'fail';
    else if (mine.some((f) => f.severity === 'warning')) out[area] = 'warn';
    else if (OPTIONAL.has(area) && 'records' in s && s.records.length === 0) out[area] = 'none';
    else out[area] = 'pass';
  }
  return out;
}
