// BIMI (draft-brand-indicators-for-message-identification §4.3): the assertion record at
// `default._bimi.<domain>`. Receivers show the logo only for mail that passes DMARC under an
// enforcing policy (quarantine or reject), so a BIMI record next to `p=none` shows nothing.

import { parseBimi } from '../bimi/parse.ts';
import type { AuditContext, AuditState } from './context.ts';
import { finding } from './finding.ts';
import type { Finding } from './model.ts';
import { auditTxtArea, txtAreaFindings } from './txt-area.ts';

/** The selector receivers use when a message names none (BIMI draft §4.2). */
export const BIMI_DEFAULT_SELECTOR = 'default';

export async function auditBimi(ctx: AuditContext): Promise<void> {
  await auditTxtArea(ctx, ctx.state.bimi, {
    name: `${BIMI_DEFAULT_SELECTOR}._bimi.${ctx.domain}`,
    prefix: /^\s*v\s*=\s*bimi/i,
    parse: parseBimi,
  });
}

export function bimiFindings(state: AuditState, domain: string): Finding[] {
  const area = state.bimi;
  const out = txtAreaFindings(
    area,
    'bimi',
    { missing: 'bimi/missing', multiple: 'bimi/multiple-records' },
    { domain },
  );
  const discovery = state.dmarc.discovery;
  if (area.record && discovery.status === 'done') {
    const policy = discovery.policy;
    if (policy !== 'quarantine' && policy !== 'reject') {
      out.push(finding('bimi/dmarc-not-enforced', 'bimi', { params: { domain, policy: policy ?? 'none' } }));
    }
  }
  return out;
}
