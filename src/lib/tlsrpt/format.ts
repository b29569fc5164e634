// TLS-RPT TXT record text from its model (RFC 8460 §3); the inverse of parseTlsRpt.

import type { TlsRptRecord } from './model.ts';

export function formatTlsRpt(r: TlsRptRecord): string {
  return [
    `v=${r.version}`,
    `rua=${r.rua.join(',')}`,
    ...r.extensions.map((e) => `${e.name}=${e.value}`),
  ].join('; ');
}
