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

type DayBound = { day: string; start: Date; end: Date };

function dayBoundsUpTo(now: Date, timezone: string): { today: string; bounds: DayBound[] } {
  const today = dayOf(now, timezone);
  const days = Array.from({ length: COUNT_DAYS }, (_, i) => addDays(today, i - COUNT_DAYS + 1));
  return { today, bounds: days.map((day) => ({ day, start: startOfDay(day, timezone), end: startOfDay(addDays(day, 1), timezone) })) };
}

/** Unix seconds of the days' edges, for `deliveredPurchasesByBucket`. */
const edgesOf = (bounds: DayBound[]) => [
  ...bounds.map((b) => Math.floor(b.start.getTime() / 1000)),
  Math.floor(bounds[bounds.length - 1].end.getTime() / 1000),
];

/** One pixel's Meta count per day (null for a day no successful read covered). */
async function metaCountsByDay(destinationId: string, bounds: DayBound[], today: string): Promise<Array<number | null>> {
  const from = bounds[0].start;
  const [okReads, hours] = await Promise.all([
    prisma.qualityRead.findMany({
      where: { destinationId, statsOutcome: "ok", startedAt: { gte: from } },
      select: { startedAt: true },
    }),
    prisma.metaEventCount.findMany({
      where: { destinationId, eventName: "Purchase", hourStart: { gte: from } },
      select: { hourStart: true, count: true },
    }),
  ]);
  return bounds.map((b) => {
    const partial = b.day === today;
    // Read after the day ended (or today, read today), with the day's start inside the read's window.
    const covered = okReads.some(
      (r) => r.startedAt >= (partial ? b.start : b.end) && r.startedAt.getTime() - STATS_WINDOW_MS <= b.start.getTime() + 3_600_000,
    );
    return covered ? hours.filter((h) => h.hourStart >= b.start && h.hourStart < b.end).reduce((sum, h) => sum + h.count, 0) : null;
  });
}

export async function getMetaCounts(shopDomain: string, options: { timezone?: string | null; now?: Date } = {}): Promise<PixelCounts[]> {
  const now = options.now ?? new Date();
  const timezone = options.timezone ?? "UTC";
  const { today, bounds } = dayBoundsUpTo(now, timezone);
  // The store's live orders per day: the daily rollups' count (the rows' when a day's
  // edges do not fall on the rollups' slots), not seven counts over the orders.
  const store = (await dailyGaps(shopDomain, bounds[0].day, today, timezone)).map((d) => d.received);
  // What Tandem delivered, per pixel and day, in one statement for every pixel.
  const delivered = await deliveredPurchasesByBucket(prisma, { shopDomain, bounds: edgesOf(bounds) });
  const destinations = await prisma.destination.findMany({
    where: { shopDomain },
    select: { id: true, pixelId: true },
    orderBy: { createdAt: "asc" },
  });
  return Promise.all(
    destinations.map(async (d) => {
      const [latest, meta] = await Promise.all([
        prisma.qualityRead.findFirst({
          where: { destinationId: d.id, statsOutcome: { not: null } },
          orderBy: { startedAt: "desc" },
          select: { statsOutcome: true, statsMessage: true },
        }),
        metaCountsByDay(d.id, bounds, today),
      ]);
      const rows: CountDay[] = bounds.map((b, i) => ({
        day: b.day,
        meta: meta[i],
        store: store[i],
        sent: delivered.find((g) => g.destinationId === d.id && g.bucket === i)?.n ?? 0,
        partial: b.day === today,
      }));
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

/**
 * Per pixel, the latest complete day Meta's count was read for, with the store's orders and
 * Tandem's delivered Purchases of that day alone: what the overview's banner and the alerts
 * judge (the same figures as that day's row of `getMetaCounts`, without reading the week).
 */
export async function latestReadDays(
  shopDomain: string,
  options: { timezone?: string | null; now?: Date } = {},
): Promise<Array<{ destinationId: string; pixelId: string; day: CountDay }>> {
  const now = options.now ?? new Date();
  const timezone = options.timezone ?? "UTC";
  const { today, bounds } = dayBoundsUpTo(now, timezone);
  const destinations = await prisma.destination.findMany({
    where: { shopDomain },
    select: { id: true, pixelId: true },
    orderBy: { createdAt: "asc" },
  });
  const found = await Promise.all(
    destinations.map(async (d) => {
      const meta = await metaCountsByDay(d.id, bounds, today);
      for (let i = bounds.length - 1; i >= 0; i--) {
        const count = meta[i];
        if (count !== null && bounds[i].day !== today) return { d, bound: bounds[i], meta: count };
      }
      return null;
    }),
  );
  const read = found.filter((f) => f !== null);
  // The store's orders and Tandem's deliveries once per day, however many pixels' latest
  // read day it is (the delivered statement counts every pixel's).
  const days = [...new Map(read.map((f) => [f.bound.day, f.bound])).values()];
  const sides = new Map(
    await Promise.all(
      days.map(async (bound) => {
        const [[gap], delivered] = await Promise.all([
          dailyGaps(shopDomain, bound.day, bound.day, timezone),
          deliveredPurchasesByBucket(prisma, { shopDomain, bounds: edgesOf([bound]) }),
        ]);
        return [bound.day, { store: gap.received, delivered }] as const;
      }),
    ),
  );
  return read.map(({ d, bound, meta }) => {
    const { store, delivered } = sides.get(bound.day)!;
    const sent = delivered.find((g) => g.destinationId === d.id)?.n ?? 0;
    return { destinationId: d.id, pixelId: d.pixelId, day: { day: bound.day, meta, store, sent, partial: false } };
  });
}

/** Why Meta's counts are missing, and what to do. */
export function explainCounts(outcome: string, message: string | null): string | null {
  if (outcome === "permission")
    return "Meta refused to share this pixel's event counts with its access token: it may send events, but not read the pixel's statistics. To see Meta's count beside your store's, save a token that can read the pixel: a system user token with access to this pixel (\"Use events dataset\" or \"Manage\") in an app with the ads_read permission. Sending is not affected.";
  return explainOutcome(outcome, message);
}
