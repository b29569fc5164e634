// Localized area names for the report (the records themselves keep their protocol names).
import type { AuditArea } from '../../../lib/index.ts';
import * as m from '../../../paraglide/messages.js';

export function areaTitle(area: AuditArea): string {
  switch (area) {
    case 'mx':
      return m.report_area_mx();
    case 'spf':
      return m.report_area_spf();
    case 'dmarc':
      return m.report_area_dmarc();
    case 'dkim':
      return m.report_area_dkim();
    case 'mta-sts':
      return m.report_area_mta_sts();
    case 'tls-rpt':
      return m.report_area_tls_rpt();
    case 'bimi':
      return m.report_area_bimi();
    case 'zone':
      return m.report_area_zone();
  }
}
