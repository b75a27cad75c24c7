import prisma from "../db.server";
import { storedQualityEvent, type QualityEvent } from "../meta/dataset-quality";
import { dayOf } from "../models/shop-time";
import { explainOutcome } from "../format/quality-outcome";

export { explainOutcome };

// What the Match quality page, the overview card and `tandem quality show` read: per pixel
// the latest read (and its error in words), the latest successful read's snapshots per
// scope, and each event's EMQ per shop day over 30 days (the day's latest read).

export const TREND_DAYS = 30;
const FIRST = ["Purchase", "InitiateCheckout"];

export type ReadState = { at: string; outcome: string; message: string | null; explanation: string | null };
export type PixelQuality = {
  destinationId: string;
  pixelId: string;
  lastRead: ReadState | null;
  lastSuccessAt: string | null;
  events: Array<{
    eventName: string;
    tandem: QualityEvent | null;
    all: QualityEvent | null;
    trend: Array<{ day: string; emq: number | null }>;
  }>;
};

export async function getPixelQuality(shopDomain: string, options: { timezone?: string | null; now?: Date } = {}): Promise<PixelQuality[]> {
  const now = options.now ?? new Date();
  const timezone = options.timezone ?? "UTC";
  const since = new Date(now.getTime() - TREND_DAYS * 86_400_000);
  const destinations = await prisma.destination.findMany({
    where: { shopDomain },
    select: { id: true, pixelId: true },
    orderBy: { createdAt: "asc" },
  });
  return Promise.all(
    destinations.map(async (d) => {
      const [lastRead, lastSuccess, trendRows] = await Promise.all([
        prisma.qualityRead.findFirst({ where: { destinationId: d.id, outcome: { not: null } }, orderBy: { startedAt: "desc" } }),
        prisma.qualityRead.findFirst({
          where: { destinationId: d.id, outcome: { in: ["ok", "partial"] } },
          orderBy: { startedAt: "desc" },
          select: { id: true, startedAt: true },
        }),
        prisma.qualitySnapshot.findMany({
          where: { destinationId: d.id, scope: "tandem", readAt: { gte: since } },
          select: { eventName: true, readAt: true, emq: true },
          orderBy: { readAt: "asc" },
        }),
      ]);
      const snapshots = lastSuccess
        ? await prisma.qualitySnapshot.findMany({
            where: { readId: lastSuccess.id },
            select: { scope: true, eventName: true, metrics: true },
          })
        : [];
      const names = [...new Set([...snapshots.map((s) => s.eventName), ...trendRows.map((r) => r.eventName)])].sort(byImportance);
      const days = lastDays(now, timezone, TREND_DAYS);
      return {
        destinationId: d.id,
        pixelId: d.pixelId,
        lastRead: lastRead
          ? {
              at: lastRead.startedAt.toISOString(),
              outcome: lastRead.outcome ?? "",
              message: lastRead.message,
              explanation: explainOutcome(lastRead.outcome, lastRead.message),
            }
          : null,
        lastSuccessAt: lastSuccess?.startedAt.toISOString() ?? null,
        events: names.map((eventName) => {
          const pick = (scope: string) => {
            const row = snapshots.find((s) => s.scope === scope && s.eventName === eventName);
            return row ? storedQualityEvent(row.metrics) : null;
          };
          const perDay = new Map<string, number | null>();
          for (const row of trendRows) if (row.eventName === eventName) perDay.set(dayOf(row.readAt, timezone), row.emq);
          return { eventName, tandem: pick("tandem"), all: pick("all"), trend: days.map((day) => ({ day, emq: perDay.get(day) ?? null })) };
        }),
      };
    }),
  );
}

function byImportance(a: string, b: string): number {
  const rank = (name: string) => (FIRST.includes(name) ? FIRST.indexOf(name) : FIRST.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}

function lastDays(now: Date, timezone: string, count: number): string[] {
  const days: string[] = [];
  for (let i = count - 1; i >= 0; i--) days.push(dayOf(new Date(now.getTime() - i * 86_400_000), timezone));
  return [...new Set(days)];
}
