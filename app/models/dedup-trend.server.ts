import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { addDays, startOfDay } from "./shop-time";

// Deduplication coverage per shop day, for the overview's trend: of the live Purchases
// and InitiateCheckouts Meta accepted from the server, how many had their browser copy
// seen. One grouped query on the (shopDomain, eventName, eventTime) index.

export type DedupDay = { day: string; sent: number; browserSeen: number };

/** At most 31 days, from `fromDay` to `toDay` inclusive (shop days). */
export async function dedupByDay(shopDomain: string, fromDay: string, toDay: string, timezone: string): Promise<DedupDay[]> {
  const days: string[] = [];
  for (let day = fromDay; day <= toDay && days.length < 31; day = addDays(day, 1)) days.push(day);
  if (days.length === 0) return [];
  const bounds = [...days.map((day) => startOfDay(day, timezone)), startOfDay(addDays(days[days.length - 1], 1), timezone)].map((date) => Math.floor(date.getTime() / 1000));
  const bucket = Prisma.sql`CASE ${Prisma.join(bounds.slice(1).map((bound, i) => Prisma.sql`WHEN "eventTime" < ${bound} THEN ${i}`), " ")} END`;
  const rows = await prisma.$queryRaw<{ bucket: number | bigint; sent: number | bigint; seen: number | bigint }[]>`
    SELECT ${bucket} AS "bucket", COUNT(*) AS "sent", COUNT("browserSeenAt") AS "seen" FROM "OutboxEvent"
     WHERE "shopDomain" = ${shopDomain} AND "eventName" IN ('Purchase', 'InitiateCheckout')
       AND "eventTime" >= ${bounds[0]} AND "eventTime" < ${bounds[bounds.length - 1]}
       AND "isTest" = false AND "status" = 'delivered'
     GROUP BY 1`;
  const byBucket = new Map(rows.map((row) => [Number(row.bucket), row]));
  return days.map((day, i) => ({ day, sent: Number(byBucket.get(i)?.sent ?? 0), browserSeen: Number(byBucket.get(i)?.seen ?? 0) }));
}
