// Days and times in the shop's timezone, formatted on the server into plain text so the
// browser renders exactly what the server did (no hydration mismatch across timezones).

import { formatDateTime as formatDateTimeIn, formatTime as formatTimeIn } from "../format/dates";

export type ShopClock = { timezone: string; locale: string };

/** The admin's one date-and-time format (format/dates.ts), on the server. */
export function formatDateTime(date: Date | string | null | undefined, clock: ShopClock): string {
  if (!date) return "";
  return formatDateTimeIn(date, { locale: clock.locale, timeZone: clock.timezone });
}

/** The admin's one time format ("1:08 AM", "01:08"): never a second style such as "01:00 AM". */
export function formatTime(date: Date | string, clock: ShopClock): string {
  return formatTimeIn(date, { locale: clock.locale, timeZone: clock.timezone });
}

// A day of an instant in a timezone, and the instant a day starts there (DST-aware): the
// same rules the browser uses, kept once in format/dates.ts.
export { zonedDay as dayOf, zonedDayStart as startOfDay } from "../format/dates";

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * A merchant locale from the admin's `locale` query parameter (on the embedded load), else
 * the browser's Accept-Language (client navigations, such as a search form, drop the
 * parameter: without this the dates switched language after the first search), else English.
 */
export function localeFrom(request: Request): string {
  const candidates = [
    new URL(request.url).searchParams.get("locale"),
    request.headers.get("Accept-Language")?.split(",")[0]?.split(";")[0]?.trim(),
  ];
  for (const value of candidates) {
    if (!value || !/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(value)) continue;
    try {
      return new Intl.DateTimeFormat(value).resolvedOptions().locale;
    } catch {
      // next candidate
    }
  }
  return "en-US";
}
