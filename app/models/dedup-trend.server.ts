import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { DEDUP_COUNTED, isSlotAligned, refreshRollups } from "./admin-rollup.server";
import { addDays, startOfDay } from "./shop-time";

// Deduplication coverage per shop day, for the overview's trend: of the live Purchases
// and InitiateCheckouts Meta accepted from the server or never sent because their browser
// never reported, how many were accepted with their browser copy seen. Read from the per-slot rollups (decision 016) like the daily gap; from the rows
// when a day boundary is not on a slot or the rollups could not be brought up to date.

export type DedupDay = { day: string; sent: number; browserSeen: number };

type Bucketed = { bucket: number | bigint; sent: number | bigint | null; seen: number | bigint | null };

function daysBetween(fromDay: string, toDay: string): string[] {
  const days: string[] = [];
  for (let day = fromDay; day <= toDay && days.length < 31; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Day i holds [seconds[i], seconds[i + 1]): one CASE over a column of epoch seconds. */
function bucketOf(column: string, seconds: number[]): Prisma.Sql {
  return Prisma.sql`CASE ${Prisma.join(
    seconds.slice(1).map((bound, i) => Prisma.sql`WHEN ${Prisma.raw(`"${column}"`)} < ${bound} THEN ${i}`),
    " ",
  )} END`;
}

function toDays(days: string[], rows: Bucketed[]): DedupDay[] {
  const byBucket = new Map(rows.map((row) => [Number(row.bucket), row]));
  return days.map((day, i) => ({ day, sent: Number(byBucket.get(i)?.sent ?? 0), browserSeen: Number(byBucket.get(i)?.seen ?? 0) }));
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
  const rows = await prisma.$queryRaw<Bucketed[]>`
    SELECT ${bucketOf("slot", seconds)} AS "bucket", SUM("n") AS "sent", SUM("m") AS "seen" FROM "AdminRollup"
     WHERE "shopDomain" = ${shopDomain} AND "metric" = 'sent' AND "key" IN ('Purchase', 'InitiateCheckout')
       AND "slot" >= ${seconds[0]} AND "slot" < ${seconds[seconds.length - 1]}
     GROUP BY 1`;
  return toDays(days, rows);
}

/** The same figures straight from OutboxEvent (the reference the rollup path is tested against). */
export async function dedupByDayFromRows(shopDomain: string, fromDay: string, toDay: string, timezone: string): Promise<DedupDay[]> {
  const days = daysBetween(fromDay, toDay);
  if (days.length === 0) return [];
  const seconds = boundsOf(days, timezone);
  const rows = await prisma.$queryRaw<Bucketed[]>`
    SELECT ${bucketOf("eventTime", seconds)} AS "bucket", COUNT(DISTINCT "eventId") AS "sent",
           COUNT(DISTINCT CASE WHEN "browserSeenAt" IS NOT NULL AND "status" = 'delivered' THEN "eventId" END) AS "seen" FROM "OutboxEvent"
     WHERE "shopDomain" = ${shopDomain} AND "eventName" IN ('Purchase', 'InitiateCheckout')
       AND "eventTime" >= ${seconds[0]} AND "eventTime" < ${seconds[seconds.length - 1]}
       AND "isTest" = false AND ${DEDUP_COUNTED}
     GROUP BY 1`;
  return toDays(days, rows);
}
