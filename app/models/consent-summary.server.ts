import { Prisma } from "@prisma/client";
import { zonedDay, zonedDayStart } from "../format/dates";
import prisma from "../db.server";

const SHOPPER = Prisma.sql`COALESCE("checkoutToken", "eventId")`;

export type ReasonCounts = { reason: string; action: string; today: number; week: number; month: number };

/**
 * How many shoppers each consent reason decided for: today, the last 7 and the last 30
 * days (the shop's days), most frequent first. A shopper is a checkout (its token, which
 * the checkout's and the order's events share), else the event itself: counted once
 * whatever the number of pixels the decision was made for. Test orders are left out. One
 * pass over the index `(shopDomain, isTest, createdAt, consentReason, consentAction,
 * checkoutToken, eventId)`, which holds every column read: three grouped counts that read
 * the rows took 1 s at 330,000 events a month.
 */
export async function consentReasonCounts(shopDomain: string, timeZone: string, now = new Date()): Promise<ReasonCounts[]> {
  const today = zonedDay(now, timeZone);
  const daysAgo = (n: number) =>
    zonedDayStart(new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10), timeZone);
  const rows = await prisma.$queryRaw<
    { reason: string; action: string; today: number | bigint; week: number | bigint; month: number | bigint }[]
  >`
    SELECT "consentReason" AS "reason", "consentAction" AS "action",
           COUNT(DISTINCT CASE WHEN "createdAt" >= ${zonedDayStart(today, timeZone)} THEN ${SHOPPER} END) AS "today",
           COUNT(DISTINCT CASE WHEN "createdAt" >= ${daysAgo(6)} THEN ${SHOPPER} END) AS "week",
           COUNT(DISTINCT ${SHOPPER}) AS "month"
      FROM "OutboxEvent"
     WHERE "shopDomain" = ${shopDomain} AND "isTest" = false AND "createdAt" >= ${daysAgo(29)}
     GROUP BY "consentReason", "consentAction"`;
  return rows
    .map((row) => ({ reason: row.reason, action: row.action, today: Number(row.today), week: Number(row.week), month: Number(row.month) }))
    .sort((a, b) => b.month - a.month);
}
