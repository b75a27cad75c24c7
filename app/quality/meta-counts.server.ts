import { randomUUID } from "node:crypto";
import prisma from "../db.server";
import type { QualityClient } from "../meta/dataset-quality.server";
import { STATS_WINDOW_MS } from "../models/meta-count-view.server";

// Meta's own count of the events Tandem compares with the store, read from the pixel's
// stats edge in the same claimed read as the Dataset Quality API (one read per pixel and
// day across instances). Each read replaces the hours of its window: Meta's late counts
// overwrite its early ones, and an hour Meta no longer reports is gone.

/** The events whose counts are kept: what the store itself can be counted against. */
export const COUNTED_EVENTS = ["Purchase", "InitiateCheckout"];
const HOUR_MS = 3_600_000;

type Destination = { id: string; shopDomain: string; pixelId: string };

/** Reads and stores Meta's counts for a claimed read; records the outcome on the read row. */
export async function readMetaCounts(
  readId: string,
  destination: Destination,
  accessToken: string,
  deps: { client: QualityClient; now: Date },
): Promise<string> {
  const since = new Date(Math.ceil((deps.now.getTime() - STATS_WINDOW_MS) / HOUR_MS) * HOUR_MS);
  const result = await deps.client.readPixelStats({ pixelId: destination.pixelId, accessToken, since, until: deps.now });
  if (!result.ok) {
    await prisma.qualityRead.update({
      where: { id: readId },
      data: { statsOutcome: result.kind, statsMessage: result.message.slice(0, 500) },
    });
    return result.kind;
  }
  const kept = result.counts.filter((c) => COUNTED_EVENTS.includes(c.eventName) && c.count > 0 && new Date(c.hour) >= since);
  await prisma.$transaction([
    prisma.metaEventCount.deleteMany({
      where: { destinationId: destination.id, eventName: { in: COUNTED_EVENTS }, hourStart: { gte: since, lte: deps.now } },
    }),
    prisma.metaEventCount.createMany({
      data: kept.map((c) => ({
        id: randomUUID(),
        shopDomain: destination.shopDomain,
        destinationId: destination.id,
        pixelId: destination.pixelId,
        eventName: c.eventName,
        hourStart: new Date(c.hour),
        count: c.count,
        readAt: deps.now,
      })),
    }),
    prisma.qualityRead.update({ where: { id: readId }, data: { statsOutcome: "ok", statsMessage: null } }),
  ]);
  return "ok";
}
