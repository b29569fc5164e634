// BIMI Assertion Record text from its model; the inverse of parseBimi.

import type { BimiRecord } from './model.ts';

export function formatBimi(r: BimiRecord): string {
  const parts = [`v=${r.version}`, `l=${r.location}`];
  if (r.authority !== undefined) parts.push(`a=${r.authority}`);
  if (r.avatarPreference) parts.push(`avp=${r.avatarPreference}`);
  if (r.localPartSelector !== undefined) parts.push(`lps=${r.localPartSelector}`);
  for (const e of r.extensions) parts.push(`${e.name}=${e.value}`);
  return parts.join('; ');
}
