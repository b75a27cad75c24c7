// The range of times Tandem believes. Shopify did not exist before 2006 and no order is
// placed tomorrow: a timestamp outside [2000-01-01, now + 1 day] is a broken clock, a
// forged payload or a unit mistake (seconds read as ms). Such a value is treated as
// absent, never stored as a date: the admin's 15-minute rollups, SQL date functions and
// Prisma's date parameters all fail on years past 9999, and one such row took the whole
// overview down.

export const EARLIEST_SANE_MS = Date.UTC(2000, 0, 1);
export const FUTURE_SLACK_MS = 24 * 3_600_000;

export function isSaneTimeMs(ms: number, nowMs: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_SANE_MS && ms <= nowMs + FUTURE_SLACK_MS;
}

/** A timestamp Shopify or a browser sent, as a Date inside the sane range, or null. */
export function saneDate(value: unknown, now: Date): Date | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const ms = typeof value === "number" ? value : Date.parse(value);
  return isSaneTimeMs(ms, now.getTime()) ? new Date(ms) : null;
}
