// RFC 5322 §3.3 date-time (with the obsolete forms of §4.3) → Unix milliseconds, for the dates of
// Received fields. Lenient: day names and seconds optional, comments ignored, any case.

/** RFC 5322 §4.3 obs-zone: the US zones and UT/GMT; military single letters are treated as -0000. */
const ZONES: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -5 * 60,
  EDT: -4 * 60,
  CST: -6 * 60,
  CDT: -5 * 60,
  MST: -7 * 60,
  MDT: -6 * 60,
  PST: -8 * 60,
  PDT: -7 * 60,
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

//   date-time = [ day-of-week "," ] date time [CFWS]
//   date      = day month year;  time = time-of-day zone;  time-of-day = hour ":" minute [ ":" second ]
const DATE_TIME =
  /(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2})\s*:\s*(\d{2})(?:\s*:\s*(\d{2}))?(?:\.\d+)?\s*([+-]\d{4}|[a-z]{1,5})?/i;

/** Unix milliseconds, or undefined when the text holds no date-time. */
export function parseDateTime(text: string): number | undefined {
  if (typeof text !== 'string' || text.length > 512) return undefined;
  const m = DATE_TIME.exec(text.replace(/\([^()]*\)/g, ' '));
  if (!m) return undefined;
  const day = Number(m[1]);
  const month = MONTHS.indexOf(m[2].toLowerCase());
  let year = Number(m[3]);
  // RFC 5322 §4.3: "If a two digit year is encountered whose value is between 00 and 49, the year
  // is interpreted by adding 2000 ... 50 and 99 ... adding 1900"; three digits: adding 1900.
  if (m[3].length === 2) year += year < 50 ? 2000 : 1900;
  else if (m[3].length === 3) year += 1900;
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] ? Number(m[6]) : 0;
  if (month < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  let offset = 0;
  const zone = m[7];
  if (zone && /^[+-]\d{4}$/.test(zone)) {
    const sign = zone[0] === '-' ? -1 : 1;
    offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  } else if (zone) {
    // RFC 5322 §4.3: other alphabetic zones "SHOULD all be considered equivalent to "-0000"".
    offset = ZONES[zone.toUpperCase()] ?? 0;
  }
  const utc = Date.UTC(year, month, day, hour, minute, second);
  return Number.isFinite(utc) ? utc - offset * 60_000 : undefined;
}
