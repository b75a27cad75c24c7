import prisma from "../db.server";
import { deliveredPurchasesByBucket } from "../db/statements/delivered-purchases.server";
import { dailyGaps } from "./orders.server";
import { addDays, dayOf, startOfDay } from "./shop-time";
import { doubleCounted, notFromTandem, type CountDay } from "../format/meta-count-words";
import { explainOutcome } from "../format/quality-outcome";

// Per pixel and shop day, Meta's Purchase count (from the stats edge, docs/decisions/032)
// beside the store's orders and the Purchases Tandem delivered to that pixel. A day is
// Meta's only when a successful read after the day's end had it in its seven-day window;
// otherwise its count is null ("not read"), never 0.

export const COUNT_DAYS = 7;
/** Meta's stats edge answers up to seven days back from the request. */
export const STATS_WINDOW_MS = 7 * 86_400_000;

export type PixelCounts = {
  destinationId: string;
  pixelId: string;
  /** "ok", "not_read", or the failure kind of the latest read of Meta's counts. */
  state: string;
  explanation: string | null;
  days: CountDay[];
  doubleCounted: number | null;
  notFromTandem: number | null;
  /** Complete days Meta's count was read for. */
  daysRead: number;
};

export async function getMetaCounts(shopDomain: string, options: { timezone?: string | null; now?: Date } = {}): Promise<PixelCounts[]> {
  const now = options.now ?? new Date();
  const timezone = options.timezone ?? "UTC";
  const today = dayOf(now, timezone);
  const days = Array.from({ length: COUNT_DAYS }, (_, i) => addDays(today, i - COUNT_DAYS + 1));
  const bounds = days.map((day) => ({ day, start: startOfDay(day, timezone), end: startOfDay(addDays(day, 1), timezone) }));
  const from = bounds[0].start;
  // The store's live orders per day: the daily rollups' count (the rows' when a day's
  // edges do not fall on the rollups' slots), not seven counts over the orders.
  const store = (await dailyGaps(shopDomain, days[0], today, timezone)).map((d) => d.received);
  // What Tandem delivered, per pixel and day, in one statement for every pixel.
  const delivered = await deliveredPurchasesByBucket(prisma, {
    shopDomain,
    bounds: [...bounds.map((b) => Math.floor(b.start.getTime() / 1000)), Math.floor(bounds[bounds.length - 1].end.getTime() / 1000)],
  });
  const destinations = await prisma.destination.findMany({
    where: { shopDomain },
    select: { id: true, pixelId: true },
    orderBy: { createdAt: "asc" },
  });
  return Promise.all(
    destinations.map(async (d) => {
      const [latest, okReads, hours] = await Promise.all([
        prisma.qualityRead.findFirst({
          where: { destinationId: d.id, statsOutcome: { not: null } },
          orderBy: { startedAt: "desc" },
          select: { statsOutcome: true, statsMessage: true },
        }),
        prisma.qualityRead.findMany({
          where: { destinationId: d.id, statsOutcome: "ok", startedAt: { gte: from } },
          select: { startedAt: true },
        }),
        prisma.metaEventCount.findMany({
          where: { destinationId: d.id, eventName: "Purchase", hourStart: { gte: from } },
          select: { hourStart: true, count: true },
        }),
      ]);
      const sent = bounds.map((_, i) => delivered.find((g) => g.destinationId === d.id && g.bucket === i)?.n ?? 0);
      const rows: CountDay[] = bounds.map((b, i) => {
        const partial = b.day === today;
        // Read after the day ended (or today, read today), with the day's start inside the read's window.
        const covered = okReads.some(
          (r) => r.startedAt >= (partial ? b.start : b.end) && r.startedAt.getTime() - STATS_WINDOW_MS <= b.start.getTime() + 3_600_000,
        );
        const meta = covered ? hours.filter((h) => h.hourStart >= b.start && h.hourStart < b.end).reduce((s, h) => s + h.count, 0) : null;
        return { day: b.day, meta, store: store[i], sent: sent[i], partial };
      });
      const state = latest?.statsOutcome ?? "not_read";
      return {
        destinationId: d.id,
        pixelId: d.pixelId,
        state,
        explanation: state === "ok" || state === "not_read" ? null : explainCounts(state, latest?.statsMessage ?? null),
        days: rows,
        doubleCounted: doubleCounted(rows),
        notFromTandem: notFromTandem(rows),
        daysRead: rows.filter((r) => !r.partial && r.meta !== null).length,
      };
    }),
  );
}

/** Why Meta's counts are missing, and what to do. */
export function explainCounts(outcome: string, message: string | null): string | null {
  if (outcome === "permission")
    return "Meta refused to share this pixel's event counts with its access token: it may send events, but not read the pixel's statistics. To see Meta's count beside your store's, save a token that can read the pixel: a system user token with access to this pixel (\"Use events dataset\" or \"Manage\") in an app with the ads_read permission. Sending is not affected.";
  return explainOutcome(outcome, message);
}
