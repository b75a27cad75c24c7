import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { configureDestination } from "~/models/destinations.server";
import { createQualityClient } from "~/meta/dataset-quality.server";
import { pruneQuality, refreshShopQuality, runDailyQualityReads, type QualityDeps } from "~/quality/quality-reads.server";
import { getPixelQuality } from "~/quality/quality-view.server";
import { getSecretBox } from "~/secrets/token-encryption.server";
import { startMetaEmulator, type MetaEmulator } from "../../scripts/lib/meta-emulator";
import { initiateCheckoutRow, purchaseRow } from "../../scripts/lib/meta-emulator/quality-fixtures";

// The daily read of Meta's Dataset Quality API on the real database (both providers): two
// instances running the job at once read each pixel once per day, both readings stored as
// dated snapshots per event name; Refresh reads again (once per five minutes); a token
// that may not read quality data is stored as such and explained in words; a rate limit
// is tried again an hour later; old snapshots go with retention.

const shop = "quality-reads.myshopify.com";
const PIXELS = ["1111111111111111", "2222222222222222"];
const TOKEN = "EAAB" + "q".repeat(40);
let meta: MetaEmulator;

beforeAll(async () => {
  meta = await startMetaEmulator();
});
afterAll(() => meta.close());

beforeEach(async () => {
  meta.reset();
  await prisma.qualitySnapshot.deleteMany();
  await prisma.qualityRead.deleteMany();
  await prisma.destination.deleteMany();
  await prisma.shop.deleteMany();
  for (const pixelId of PIXELS) expect(await configureDestination(shop, { pixelId, accessToken: TOKEN })).toMatchObject({ ok: true });
  for (const pixelId of PIXELS)
    meta.setDatasetQuality(pixelId, {
      agents: { tandem: [purchaseRow()] },
      all: [purchaseRow({ event_match_quality: { composite_score: 5.5 } }), initiateCheckoutRow()],
    });
});

const deps = (now: Date): QualityDeps => ({
  client: createQualityClient({ baseUrl: meta.url, version: "v26.0" }),
  openToken: (s) => getSecretBox().open(s),
  now,
});
const qualityRequests = () => meta.requests().filter((r) => r.path.endsWith("/dataset_quality"));
const day1 = new Date("2026-12-01T09:00:00Z");
const hours = (base: Date, h: number) => new Date(base.getTime() + h * 3_600_000);

describe("daily Dataset Quality reads", () => {
  it("GIVEN two instances running the job at the same moment THEN each pixel is read once that day, filtered and unfiltered", async () => {
    const [a, b] = await Promise.all([runDailyQualityReads(deps(day1)), runDailyQualityReads(deps(day1))]);
    expect(a + b).toBe(2);
    expect(qualityRequests()).toHaveLength(4);
    expect(
      qualityRequests()
        .map((r) => `${r.pixelId}:${r.agentName ?? "all"}`)
        .sort(),
    ).toEqual(PIXELS.flatMap((p) => [`${p}:all`, `${p}:tandem`]).sort());
    // Later the same day, and from either instance: nothing more.
    expect(await runDailyQualityReads(deps(hours(day1, 10)))).toBe(0);
    expect(qualityRequests()).toHaveLength(4);
    // The next UTC day: read again.
    expect(await runDailyQualityReads(deps(hours(day1, 24)))).toBe(2);
    expect(qualityRequests()).toHaveLength(8);

    const snapshots = await prisma.qualitySnapshot.findMany({ where: { pixelId: PIXELS[0], readAt: day1 } });
    expect(snapshots.map((s) => `${s.scope}:${s.eventName}:${s.emq}`).sort()).toEqual([
      "all:InitiateCheckout:6.4",
      "all:Purchase:5.5",
      "tandem:Purchase:8.1",
    ]);
  });

  it("GIVEN Refresh THEN the shop's pixels are read now, once per five minutes however often it is pressed", async () => {
    await runDailyQualityReads(deps(day1));
    meta.setDatasetQuality(PIXELS[0], { agents: { tandem: [purchaseRow({ event_match_quality: { composite_score: 9.2 } })] }, all: [] });
    expect(await refreshShopQuality(shop, deps(hours(day1, 1)))).toBe(2);
    expect(await refreshShopQuality(shop, deps(hours(day1, 1)))).toBe(0);
    const view = await getPixelQuality(shop, { now: hours(day1, 1) });
    expect(view[0].events[0]).toMatchObject({ eventName: "Purchase", tandem: { emq: 9.2 }, all: null });
    expect(view[0].events[0].trend.at(-1)).toEqual({ day: "2026-12-01", emq: 9.2 });
  });

  it("GIVEN a token that may send but not read quality data THEN the read is stored as a permission error and explained in words", async () => {
    meta.fail({ mode: "permission", code: 200, endpoint: "dataset_quality", pixelId: PIXELS[1] });
    await runDailyQualityReads(deps(day1));
    const view = await getPixelQuality(shop, { now: day1 });
    expect(view[1].lastRead).toMatchObject({ outcome: "permission" });
    expect(view[1].lastRead?.explanation).toMatch(/Use events dataset/);
    expect(view[1].lastRead?.explanation).toMatch(/Generate access token/);
    expect(view[1].events).toEqual([]);
    expect(view[0].events.length).toBeGreaterThan(0);
    // A permission error is not retried the same day; it is the next day.
    expect(await runDailyQualityReads(deps(hours(day1, 2)))).toBe(0);
  });

  it("GIVEN a rate limit THEN the pixel is read again an hour later, not before", async () => {
    meta.fail({ mode: "throttle", code: 80004, endpoint: "dataset_quality", pixelId: PIXELS[0] });
    await runDailyQualityReads(deps(day1));
    expect((await getPixelQuality(shop, { now: day1 }))[0].lastRead?.outcome).toBe("rate_limited");
    expect(await runDailyQualityReads(deps(new Date(day1.getTime() + 30 * 60_000)))).toBe(0);
    expect(await runDailyQualityReads(deps(hours(day1, 2)))).toBe(1);
    expect((await getPixelQuality(shop, { now: hours(day1, 2) }))[0].lastRead?.outcome).toBe("ok");
  });

  it("GIVEN snapshots older than the retention THEN they are pruned; recent ones stay", async () => {
    await runDailyQualityReads(deps(day1));
    await runDailyQualityReads(deps(hours(day1, 24 * 100)));
    const removed = await pruneQuality(hours(day1, 24 * 100), 30);
    expect(removed).toBeGreaterThan(0);
    expect(await prisma.qualitySnapshot.count({ where: { readAt: day1 } })).toBe(0);
    expect(await prisma.qualitySnapshot.count()).toBeGreaterThan(0);
  });
});
