// The one-line verdict per area the report page summarises: loading while its lookups run, error
// when the lookup it rests on failed (temporary), fail / warn by its worst finding, none for an
// optional record that is not published, pass otherwise.

import type { AuditState } from './context.ts';
import type { AreaVerdict, AuditArea, AuditReport, Finding } from './model.ts';

/** Records a domain may well go without (MTA-STS, TLS-RPT, BIMI): absent is `none`, not a failure. */
const OPTIONAL: ReadonlySet<AuditArea> = new Set(['mta-sts', 'tls-rpt', 'bimi']);

export const AUDIT_AREAS: readonly AuditArea[] = [
  'mx',
  'spf',
  'dmarc',
  'dkim',
  'mta-sts',
  'tls-rpt',
  'bimi',
  'zone',
];

/** The per-area details of a report (or of the audit's running state), by area id. */
type AreaHolder = Pick<AuditReport, 'mx' | 'spf' | 'dmarc' | 'dkim' | 'mtaSts' | 'tlsRpt' | 'bimi' | 'zone'>;

/** An area's details by its id (`mta-sts` → `mtaSts`): the one mapping, for the report page too. */
export function areaDetails(report: AreaHolder, area: AuditArea): AreaHolder[keyof AreaHolder] {
  switch (area) {
    case 'mx':
      return report.mx;
    case 'spf':
      return report.spf;
    case 'dmarc':
      return report.dmarc;
    case 'dkim':
      return report.dkim;
    case 'mta-sts':
      return report.mtaSts;
    case 'tls-rpt':
      return report.tlsRpt;
    case 'bimi':
      return report.bimi;
    case 'zone':
      return report.zone;
  }
}

const areaState = (state: AuditState, area: AuditArea) => areaDetails(state, area);

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
