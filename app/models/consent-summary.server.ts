import { zonedDay, zonedDayStart } from "../components/dates";
import prisma from "../db.server";

export type ReasonCounts = { reason: string; action: string; today: number; week: number; month: number };

/**
 * How many live events each consent reason decided: today, the last 7 and the last 30
 * days (the shop's days), most frequent first. Test orders are left out.
 */
export async function consentReasonCounts(shopDomain: string, timeZone: string, now = new Date()): Promise<ReasonCounts[]> {
  const today = zonedDay(now, timeZone);
  const daysAgo = (n: number) => zonedDayStart(new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10), timeZone);
  const windows = { today: zonedDayStart(today, timeZone), week: daysAgo(6), month: daysAgo(29) };
  const [day, week, month] = await Promise.all(
    Object.values(windows).map((since) =>
      prisma.outboxEvent.groupBy({ by: ["consentReason", "consentAction"], where: { shopDomain, isTest: false, createdAt: { gte: since } }, _count: { _all: true } }),
    ),
  );
  const key = (g: { consentReason: string; consentAction: string }) => `${g.consentReason}\u0000${g.consentAction}`;
  const rows = new Map<string, ReasonCounts>();
  for (const g of month) rows.set(key(g), { reason: g.consentReason, action: g.consentAction, today: 0, week: 0, month: g._count._all });
  // Queried side by side: an event written in between may be in a shorter window only.
  for (const g of week) { const row = rows.get(key(g)); if (row) row.week = g._count._all; }
  for (const g of day) { const row = rows.get(key(g)); if (row) row.today = g._count._all; }
  return [...rows.values()].sort((a, b) => b.month - a.month);
}
