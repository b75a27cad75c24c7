// Dates for the merchant: in the shop's timezone and the merchant's locale, passed
// explicitly on the server and in the browser alike, so both render the same text and
// React never sees a hydration mismatch (#418/#425 came from toLocaleString() defaults).

import { dateTimeFormat } from "./intl-cache";

export type DateFormat = { locale: string; timeZone: string };

export const DEFAULT_FORMAT: DateFormat = { locale: "en", timeZone: "UTC" };

/** A locale Intl accepts, from Shopify's `locale` parameter or Accept-Language; else "en". */
export function pickLocale(...candidates: Array<string | null | undefined>): string {
  for (const candidate of candidates) {
    const first = candidate?.split(",")[0]?.split(";")[0]?.trim();
    if (!first) continue;
    try {
      return Intl.DateTimeFormat.supportedLocalesOf([first]).length > 0 ? first : "en";
    } catch {
      continue;
    }
  }
  return "en";
}

/** An IANA zone Intl accepts, else UTC. */
export function pickTimeZone(zone: string | null | undefined): string {
  if (!zone) return "UTC";
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return "UTC";
  }
}

const toDate = (value: Date | string | number) => (value instanceof Date ? value : new Date(value));

/** "2 Dec 2026, 15:09" in the merchant's words. */
export function formatDateTime(value: Date | string | number, f: DateFormat): string {
  return dateTimeFormat(f.locale, { timeZone: f.timeZone, dateStyle: "medium", timeStyle: "short" }).format(toDate(value));
}

export function formatDate(value: Date | string | number, f: DateFormat): string {
  return dateTimeFormat(f.locale, { timeZone: f.timeZone, dateStyle: "medium" }).format(toDate(value));
}

/** "15:09" (or "3:09 PM"): for "waiting until". */
export function formatTime(value: Date | string | number, f: DateFormat): string {
  return dateTimeFormat(f.locale, { timeZone: f.timeZone, timeStyle: "short" }).format(toDate(value));
}

/** The UTC instant a calendar day (YYYY-MM-DD) starts in a timezone. */
export function zonedDayStart(day: string, timeZone: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  const guess = Date.UTC(y, m - 1, d);
  // Two passes: the offset at the guess, then at the corrected instant (DST edges).
  let instant = guess - offsetMs(new Date(guess), timeZone);
  instant = guess - offsetMs(new Date(instant), timeZone);
  return new Date(instant);
}

/** YYYY-MM-DD of an instant in a timezone. */
export function zonedDay(value: Date, timeZone: string): string {
  const parts = dateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(value);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

function offsetMs(at: Date, timeZone: string): number {
  const parts = dateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"), get("second"));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * A shop day ("2026-12-02", already in the shop's timezone) as the merchant reads it:
 * "2 Dec", or "Wed 2 Dec" with the weekday. Formatted at noon UTC so no timezone moves it.
 */
export function formatShopDay(day: string, locale: string, options: { weekday?: boolean } = {}): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  try {
    return dateTimeFormat(locale, {
      ...(options.weekday ? { weekday: "short" } : {}),
      day: "numeric",
      month: "short",
      timeZone: "UTC",
    }).format(date);
  } catch {
    return day;
  }
}

/** A timezone as people name it ("Eastern Time", "Japanische Normalzeit"), not its IANA id; the id if Intl has no name. */
export function zoneName(timeZone: string, locale: string, at = new Date()): string {
  try {
    const part = dateTimeFormat(locale, { timeZone, timeZoneName: "longGeneric" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName");
    return part?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

/**
 * A span of shop days as one date in the merchant's locale ("1.–3. Dez. 2026", "1–3 Dec
 * 2026", "Dec 1 – 3, 2026"): the locale joins the two days itself, so no English "to"
 * sits between German dates. Formatted at noon UTC so no timezone moves a day.
 */
export function formatShopPeriod(from: string, to: string, locale: string): string {
  const start = new Date(`${from}T12:00:00Z`);
  const end = new Date(`${to}T12:00:00Z`);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || start > end) return `${from} – ${to}`;
  try {
    return dateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).formatRange(start, end);
  } catch {
    return `${from} – ${to}`;
  }
}
