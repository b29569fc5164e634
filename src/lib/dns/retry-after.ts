// The `Retry-After` response header (RFC 9110 §10.2.3) a DoH server may send with 429 Too Many
// Requests (RFC 6585 §4) or 503 Service Unavailable (RFC 9110 §15.6.4): how long to wait before
// asking again, as seconds or as an HTTP-date.

/** RFC 9110 §10.2.3: `Retry-After = HTTP-date / delay-seconds`, `delay-seconds = 1*DIGIT`. */
const DELAY_SECONDS = /^\d+$/;

/**
 * RFC 9110 §5.6.7 HTTP-date: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), or the obsolete
 * RFC 850 and asctime forms a recipient "MUST accept". Checked by shape before Date.parse, which
 * would otherwise take almost anything.
 */
const HTTP_DATE = [
  /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]{5,8}, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

const MS_PER_SECOND = 1000;

/**
 * The wait a `Retry-After` value asks for, in milliseconds from `now`; `undefined` when the
 * header is absent or malformed (RFC 9110 §10.2.3 gives no meaning to anything else). A date in
 * the past asks for no wait.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (DELAY_SECONDS.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds * MS_PER_SECOND : undefined;
  }
  if (!HTTP_DATE.some((shape) => shape.test(text))) return undefined;
  // asctime has no zone: RFC 9110 §5.6.7 says HTTP-date is always UTC.
  const at = Date.parse(/GMT$/.test(text) ? text : `${text} GMT`);
  if (!Number.isFinite(at)) return undefined;
  return Math.max(0, at - now);
}
