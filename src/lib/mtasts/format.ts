// MTA-STS TXT record and policy file text from their models (RFC 8461 §3.1, §3.2); the inverse
// of parseMtaStsTxt / parseMtaStsPolicy.

import type { MtaStsPolicy, MtaStsRecord } from './model.ts';

export function formatMtaStsTxt(r: MtaStsRecord): string {
  return [`v=${r.version}`, `id=${r.id}`, ...r.extensions.map((e) => `${e.name}=${e.value}`)].join('; ');
}

export interface FormatPolicyOptions {
  /** RFC 8461 §3.2 calls the pairs "CRLF-separated" (LF is accepted too); default CRLF. */
  lineEnding?: '\r\n' | '\n';
}

export function formatMtaStsPolicy(p: MtaStsPolicy, o: FormatPolicyOptions = {}): string {
  const eol = o.lineEnding ?? '\r\n';
  const lines = [
    `version: ${p.version}`,
    `mode: ${p.mode}`,
    ...p.mx.map((mx) => `mx: ${mx}`),
    `max_age: ${p.maxAge}`,
    ...p.extensions.map((e) => `${e.name}: ${e.value}`),
  ];
  return lines.map((l) => l + eol).join('');
}
