// Number, share and date formats for the #/reports page, in the chosen language.
import { getLocale } from '../../../paraglide/runtime.js';

export function formatCount(n: number): string {
  return new Intl.NumberFormat(getLocale()).format(n);
}

/** `part / whole` as a percentage with one decimal; an en dash when there is no whole. */
export function formatShare(part: number, whole: number): string {
  if (whole <= 0) return '–';
  return new Intl.NumberFormat(getLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(
    part / whole,
  );
}

/** A UTC calendar day, `YYYY-MM-DD` (reports' date ranges are UTC, RFC 9990). */
export function formatDay(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  return Number.isNaN(d.getTime()) ? '?' : d.toISOString().slice(0, 10);
}
