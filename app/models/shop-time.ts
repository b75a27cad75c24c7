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

/** YYYY-MM-DD of an instant in a timezone. */
export function dayOf(date: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(
    date,
  );
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** The instant a calendar day (YYYY-MM-DD) starts in a timezone (DST-aware). */
export function startOfDay(day: string, timezone: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  // Guess UTC midnight, then correct by the zone's offset at that guess (twice, for DST edges).
  let guess = Date.UTC(y, m - 1, d);
  for (let i = 0; i < 2; i++) guess = Date.UTC(y, m - 1, d) - offsetMs(new Date(guess), timezone);
  return new Date(guess);
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function offsetMs(date: Date, timezone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: timezone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
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
