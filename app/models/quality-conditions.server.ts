import prisma from "../db.server";
import { storedQualityEvent } from "../meta/dataset-quality";

// Alert conditions from Meta's own figures (the daily Dataset Quality reads), per enabled
// pixel, on the readings of Tandem's events: Purchase EMQ below 6, Purchase EMQ down by a
// point or more since the previous day's reading, a diagnostic Meta did not report in that
// previous reading. "Previous" is the latest successful reading at least 12 hours older
// than the latest, within 8 days, so a Refresh an hour later is not a baseline.

export type QualityConditionKey = "emq_low" | "emq_drop" | "meta_diagnostic_new";

export const QUALITY_CONDITION_TITLES: Record<QualityConditionKey, string> = {
  emq_low: "Meta rates the match quality of your purchases below 6 of 10",
  emq_drop: "Meta's match quality for your purchases dropped by a point or more",
  meta_diagnostic_new: "Meta reports a new problem with your events",
};

/** A change, not a state: its end is not a resolution, so it mails when it starts only. */
export const NOTICE_CONDITIONS: ReadonlySet<string> = new Set<QualityConditionKey>(["emq_drop", "meta_diagnostic_new"]);

export const EMQ_FLOOR = 6;
export const EMQ_DROP = 1;
const BASELINE_GAP_MS = 12 * 3_600_000;
const LOOKBACK_MS = 8 * 86_400_000;

export async function qualityConditions(shopDomain: string, now: Date): Promise<Array<{ key: QualityConditionKey; detail: string }>> {
  const destinations = await prisma.destination.findMany({
    where: { shopDomain, enabled: true },
    select: { id: true, pixelId: true },
    orderBy: { createdAt: "asc" },
  });
  const found = new Map<QualityConditionKey, string[]>();
  const add = (key: QualityConditionKey, text: string) => found.set(key, [...(found.get(key) ?? []), text]);
  for (const d of destinations) {
    const reads = await prisma.qualityRead.findMany({
      where: {
        destinationId: d.id,
        outcome: { in: ["ok", "partial"] },
        startedAt: { gte: new Date(now.getTime() - LOOKBACK_MS), lte: now },
      },
      orderBy: { startedAt: "desc" },
      take: 20,
      select: { id: true, startedAt: true },
    });
    const latest = reads[0];
    if (!latest) continue;
    const previous = reads.find((r) => r.startedAt.getTime() <= latest.startedAt.getTime() - BASELINE_GAP_MS);
    const rows = await prisma.qualitySnapshot.findMany({
      where: { readId: { in: previous ? [latest.id, previous.id] : [latest.id] }, scope: "tandem" },
      select: { readId: true, eventName: true, emq: true, metrics: true },
    });
    const of = (readId: string | undefined) => rows.filter((r) => r.readId === readId);
    const emq = of(latest.id).find((r) => r.eventName === "Purchase")?.emq ?? null;
    const before = of(previous?.id).find((r) => r.eventName === "Purchase")?.emq ?? null;
    if (emq !== null && emq < EMQ_FLOOR) add("emq_low", `Pixel ${d.pixelId}: Purchase EMQ ${emq} of 10.`);
    if (emq !== null && before !== null && before - emq >= EMQ_DROP)
      add("emq_drop", `Pixel ${d.pixelId}: Purchase EMQ ${before} then ${emq}.`);
    if (!previous) continue;
    const names = (readId: string) =>
      new Set(of(readId).flatMap((r) => (storedQualityEvent(r.metrics)?.diagnostics ?? []).map((x) => `${r.eventName}: ${x.name}`)));
    const earlier = names(previous.id);
    const fresh = [...names(latest.id)].filter((name) => !earlier.has(name));
    if (fresh.length) add("meta_diagnostic_new", `Pixel ${d.pixelId}: ${fresh.join("; ")}.`);
  }
  return [...found].map(([key, texts]) => ({ key, detail: `${texts.join(" ")} See Meta's suggestion on the Match quality page.` }));
}
