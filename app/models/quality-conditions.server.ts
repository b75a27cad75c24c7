import prisma from "../db.server";
import { countCause, isOutOfBand } from "../format/meta-count-words";
import { storedQualityEvent } from "../meta/dataset-quality";
import { latestReadDays } from "./meta-count-view.server";

// Alert conditions from Meta's own figures (the daily Dataset Quality reads), per enabled
// pixel, on the readings of Tandem's events: Purchase EMQ below 6, Purchase EMQ down by a
// point or more since the previous day's reading, a diagnostic Meta did not report in that
// previous reading. "Previous" is the latest successful reading at least 12 hours older
// than the latest, within 8 days, so a Refresh an hour later is not a baseline. Also:
// Meta's Purchase count of the latest complete day read out of the 0.8-1.2 band against
// the store's orders (docs/decisions/032), and another Meta pixel, or a purchase with a
// foreign event id, first seen on the storefront in the last 24 hours (docs/decisions/031).

export type QualityConditionKey = "emq_low" | "emq_drop" | "meta_diagnostic_new" | "meta_count_out_of_band" | "foreign_pixel_new";

export const QUALITY_CONDITION_TITLES: Record<QualityConditionKey, string> = {
  emq_low: "Meta rates the match quality of your purchases below 6 of 10",
  emq_drop: "Meta's match quality for your purchases dropped by a point or more",
  meta_diagnostic_new: "Meta reports a new problem with your events",
  meta_count_out_of_band: "Meta's purchase count does not match your store's orders",
  foreign_pixel_new: "Another Meta pixel was found on your storefront",
};

/** A change, not a state: its end is not a resolution, so it mails when it starts only. */
export const NOTICE_CONDITIONS: ReadonlySet<string> = new Set<QualityConditionKey>([
  "emq_drop",
  "meta_diagnostic_new",
  "foreign_pixel_new",
]);
const NEW_FINDING_MS = 24 * 3_600_000;

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
  await countConditions(shopDomain, now, new Set(destinations.map((d) => d.id)), add);
  const fresh = await prisma.pixelAuditFinding.findMany({
    where: { shopDomain, firstSeenAt: { gte: new Date(now.getTime() - NEW_FINDING_MS), lte: now } },
    select: { kind: true, subject: true, pageType: true },
  });
  for (const f of fresh)
    add(
      "foreign_pixel_new",
      f.kind === "foreign_pixel"
        ? `Meta pixel ${f.subject} runs on your ${f.pageType} pages beside Tandem's.`
        : `A ${f.subject.split(":")[0]} with an event id Tandem did not make was sent from your ${f.pageType} pages.`,
    );
  const next: Record<QualityConditionKey, string> = {
    emq_low: "See Meta's suggestion on the Match quality page.",
    emq_drop: "See Meta's suggestion on the Match quality page.",
    meta_diagnostic_new: "See Meta's suggestion on the Match quality page.",
    meta_count_out_of_band: "The Match quality page shows the days side by side.",
    foreign_pixel_new: "It may count your purchases twice: the Match quality page says what it costs and how to fix it.",
  };
  return [...found].map(([key, texts]) => ({ key, detail: `${[...new Set(texts)].join(" ")} ${next[key]}` }));
}

/** The latest complete day Meta's count was read for, per enabled pixel, when it is out of band. */
async function countConditions(shopDomain: string, now: Date, enabled: Set<string>, add: (key: QualityConditionKey, text: string) => void) {
  const shop = await prisma.shop.findUnique({ where: { domain: shopDomain }, select: { timezone: true } });
  for (const { destinationId, pixelId, day } of await latestReadDays(shopDomain, { now, timezone: shop?.timezone })) {
    if (!enabled.has(destinationId)) continue;
    if (isOutOfBand(day))
      add(
        "meta_count_out_of_band",
        `Pixel ${pixelId}, ${day.day}: Meta counted ${day.meta} purchases, your store had ${day.store} orders. ${countCause(day) ?? ""}`.trim(),
      );
  }
}
