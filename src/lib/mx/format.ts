// MX presentation form (RFC 1035 §5.1): `10 mx.example.com.`; the null MX is `0 .` (RFC 7505 §3).

import type { MxRecord } from './model.ts';

export interface FormatMxOptions {
  /** Absolute name with the trailing dot, as zone files need it (default true). */
  trailingDot?: boolean;
}

export function formatMx(r: MxRecord, o: FormatMxOptions = {}): string {
  if (r.exchange === '.' || r.exchange === '') return `${r.preference} .`;
  const dot = (o.trailingDot ?? true) && !r.exchange.endsWith('.') ? '.' : '';
  return `${r.preference} ${r.exchange}${dot}`;
}
