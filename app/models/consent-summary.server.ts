import { zonedDay, zonedDayStart } from "../format/dates";
import prisma from "../db.server";
import { shoppersByConsentReason } from "../db/statements/consent-counts.server";

export type ReasonCounts = { reason: string; action: string; today: number; week: number; month: number };

/**
 * How many shoppers each consent reason decided for: today, the last 7 and the last 30
 * days (the shop's days), most frequent first. A shopper is a checkout, else the event
 * itself: counted once whatever the number of pixels the decision was made for. Test
 * orders are left out. Three grouped counts that read the rows took 1 s at 330,000 events
 * a month; the statement reads one index instead (app/db/statements/consent-counts.server.ts).
 */
export async function consentReasonCounts(shopDomain: string, timeZone: string, now = new Date()): Promise<ReasonCounts[]> {
  const today = zonedDay(now, timeZone);
  const daysAgo = (n: number) =>
    zonedDayStart(new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10), timeZone);
  const rows = await shoppersByConsentReason(prisma, shopDomain, {
    todayFrom: zonedDayStart(today, timeZone),
    weekFrom: daysAgo(6),
    monthFrom: daysAgo(29),
  });
  return rows
    .map((row) => ({ reason: row.reason, action: row.action, today: Number(row.today), week: Number(row.week), month: Number(row.month) }))
    .sort((a, b) => b.month - a.month);
}
