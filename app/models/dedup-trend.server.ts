import prisma from "../db.server";
import { dedupDaysFromRows } from "../db/statements/overview-counts.server";
import { rollupSumsBetween } from "../db/statements/rollups.server";
import { isSlotAligned, refreshRollups } from "./admin-rollup.server";
import { addDays, startOfDay } from "./shop-time";

// Deduplication coverage per shop day, for the overview's trend: of the live Purchases
// and InitiateCheckouts Meta accepted from the server or never sent because their browser
// never reported, how many were accepted with their browser copy seen. Read from the per-slot rollups (decision 016) like the daily gap; from the rows
// when a day boundary is not on a slot or the rollups could not be brought up to date.

/** The events the trend counts (the rollup's `sent` metric is keyed by event name). */
const DEDUP_EVENT_NAMES = ["Purchase", "InitiateCheckout"] as const;

export type DedupDay = { day: string; sent: number; browserSeen: number };

type Bucketed = { bucket: number; sent: number; seen: number };

function daysBetween(fromDay: string, toDay: string): string[] {
  const days: string[] = [];
  for (let day = fromDay; day <= toDay && days.length < 31; day = addDays(day, 1)) days.push(day);
  return days;
}

function toDays(days: string[], rows: Bucketed[]): DedupDay[] {
  const byBucket = new Map(rows.map((row) => [row.bucket, row]));
  return days.map((day, i) => ({ day, sent: byBucket.get(i)?.sent ?? 0, browserSeen: byBucket.get(i)?.seen ?? 0 }));
}

function boundsOf(days: string[], timezone: string): number[] {
  return [...days.map((day) => startOfDay(day, timezone)), startOfDay(addDays(days[days.length - 1], 1), timezone)].map((date) =>
    Math.floor(date.getTime() / 1000),
  );
}

/** At most 31 days, from `fromDay` to `toDay` inclusive (shop days). */
export async function dedupByDay(shopDomain: string, fromDay: string, toDay: string, timezone: string): Promise<DedupDay[]> {
  const days = daysBetween(fromDay, toDay);
  if (days.length === 0) return [];
  const seconds = boundsOf(days, timezone);
  if (!seconds.every(isSlotAligned) || !(await refreshRollups(shopDomain))) return dedupByDayFromRows(shopDomain, fromDay, toDay, timezone);
  const sums = await rollupSumsBetween(prisma, { shopDomain, metric: "sent", keys: DEDUP_EVENT_NAMES, bounds: seconds });
  const rows = sums.map((row) => ({ bucket: row.bucket, sent: row.n, seen: row.m }));
  return toDays(days, rows);
}

/** The same figures straight from OutboxEvent (the reference the rollup path is tested against). */
export async function dedupByDayFromRows(shopDomain: string, fromDay: string, toDay: string, timezone: string): Promise<DedupDay[]> {
  const days = daysBetween(fromDay, toDay);
  if (days.length === 0) return [];
  const seconds = boundsOf(days, timezone);
  const rows = await dedupDaysFromRows(prisma, shopDomain, seconds);
  return toDays(days, rows);
}
