// Seconds as a person says them: "12 s", "about 4 minutes", "about 2 hours" (a TTL of 287 s is
// "about 5 minutes", not "wait 48 hours"), in the page's language.
import * as m from '../../../paraglide/messages.js';

const MINUTE = 60;
const HOUR = 3600;

export function approxDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < MINUTE) return m.watch_seconds({ count: s });
  if (s < HOUR) {
    const minutes = Math.round(s / MINUTE);
    if (minutes < MINUTE)
      return minutes === 1 ? m.watch_about_minute() : m.watch_about_minutes({ count: minutes });
  }
  const hours = Math.round(s / HOUR);
  return hours === 1 ? m.watch_about_hour() : m.watch_about_hours({ count: hours });
}
