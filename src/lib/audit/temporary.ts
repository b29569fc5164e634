// A lookup that got no answer (timeout, SERVFAIL, HTTP or network failure) is reported as what it
// is: temporary, with the question to retry, never as a missing record (RFC 7208 §2.6.6, docs/cloudflare.md).

import { finding } from './finding.ts';
import type { AuditArea, AuditLookup, Finding } from './model.ts';

export function temporaryFinding(lookup: AuditLookup, area: AuditArea): Finding {
  const r = lookup.response;
  return finding('dns/temporary', 'dns', {
    params: {
      area,
      name: lookup.name,
      type: lookup.type,
      status: r?.status ?? 'ERROR',
      resolver: r?.resolver ?? '',
      detail: r?.error ?? r?.status ?? '',
    },
    lookup: { name: lookup.name, type: lookup.type },
  });
}
