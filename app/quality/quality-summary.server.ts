import prisma from "../db.server";
import { storedQualityEvent } from "../meta/dataset-quality";
import type { CountSummary } from "../format/meta-count-words";
import { getMetaCounts } from "../models/meta-count-view.server";
import type { QualitySummary } from "./quality-summary";
import { explainOutcome } from "./quality-view.server";

// The overview card's summary: the first pixel's latest reading of Tandem's Purchase events, against its reading of a
// week before, and Meta's diagnostics across the latest reading of every pixel.

const WEEK_MS = 7 * 86_400_000;

export async function qualitySummary(shopDomain: string, now = new Date(), timezone: string | null = null): Promise<QualitySummary> {
  const summary = await emqSummary(shopDomain, now);
  if (summary.state === "no_pixel") return summary;
  return { ...summary, count: await countSummary(shopDomain, now, timezone) };
}

/** The first pixel's latest complete day with Meta's count, or why there is none. */
async function countSummary(shopDomain: string, now: Date, timezone: string | null): Promise<CountSummary | null> {
  const [first] = await getMetaCounts(shopDomain, { now, timezone });
  if (!first) return null;
  if (first.state !== "ok" && first.state !== "not_read" && first.explanation)
    return { state: "unavailable", explanation: first.explanation };
  const day = [...first.days].reverse().find((d) => !d.partial && d.meta !== null);
  return day ? { state: "read", day, doubleCounted: first.doubleCounted } : { state: "not_read" };
}

async function emqSummary(shopDomain: string, now: Date): Promise<QualitySummary> {
  const destination = await prisma.destination.findFirst({
    where: { shopDomain },
    orderBy: { createdAt: "asc" },
    select: { id: true, pixelId: true },
  });
  if (!destination) return { state: "no_pixel" };
  const lastRead = await prisma.qualityRead.findFirst({
    where: { destinationId: destination.id, outcome: { not: null } },
    orderBy: { startedAt: "desc" },
  });
  if (!lastRead) return { state: "not_read" };
  const lastOk = ["ok", "partial"].includes(lastRead.outcome ?? "")
    ? lastRead
    : await prisma.qualityRead.findFirst({
        where: { destinationId: destination.id, outcome: { in: ["ok", "partial"] } },
        orderBy: { startedAt: "desc" },
      });
  if (!lastOk)
    return {
      state: "failed",
      pixelId: destination.pixelId,
      explanation: explainOutcome(lastRead.outcome, lastRead.message) ?? "Meta did not answer.",
    };
  const [latest, weekAgo, snapshots] = await Promise.all([
    prisma.qualitySnapshot.findFirst({ where: { readId: lastOk.id, scope: "tandem", eventName: "Purchase" }, select: { emq: true } }),
    prisma.qualitySnapshot.findFirst({
      where: {
        destinationId: destination.id,
        scope: "tandem",
        eventName: "Purchase",
        readAt: { lte: new Date(now.getTime() - WEEK_MS) },
        emq: { not: null },
      },
      orderBy: { readAt: "desc" },
      select: { emq: true },
    }),
    prisma.qualitySnapshot.findMany({ where: { readId: lastOk.id, scope: "tandem" }, select: { metrics: true } }),
  ]);
  const diagnostics = snapshots.reduce((sum, s) => sum + (storedQualityEvent(s.metrics)?.diagnostics?.length ?? 0), 0);
  const emq = latest?.emq ?? null;
  return {
    state: "read",
    pixelId: destination.pixelId,
    emq,
    weekChange: emq !== null && weekAgo?.emq != null ? Math.round((emq - weekAgo.emq) * 10) / 10 : null,
    diagnostics,
    readAt: lastOk.startedAt.toISOString(),
  };
}
