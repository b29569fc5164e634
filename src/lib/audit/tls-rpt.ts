// SMTP TLS Reporting (RFC 8460 §3): the TXT record at `_smtp._tls.<domain>` telling senders where
// to report TLS failures. Optional; most useful together with MTA-STS.

import { parseTlsRpt } from '../tlsrpt/parse.ts';
import type { AuditContext, AuditState } from './context.ts';
import type { Finding } from './model.ts';
import { auditTxtArea, txtAreaFindings } from './txt-area.ts';

export const TLS_RPT_PREFIX = '_smtp._tls';

export async function auditTlsRpt(ctx: AuditContext): Promise<void> {
  await auditTxtArea(ctx, ctx.state.tlsRpt, {
    name: `${TLS_RPT_PREFIX}.${ctx.domain}`,
    prefix: /^\s*v\s*=\s*tlsrpt/i,
    parse: parseTlsRpt,
  });
}

export function tlsRptFindings(state: AuditState, domain: string): Finding[] {
  return txtAreaFindings(
    state.tlsRpt,
    'tls-rpt',
    { missing: 'tls-rpt/missing', multiple: 'tls-rpt/multiple-records' },
    { domain },
  );
}
