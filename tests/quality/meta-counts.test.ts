import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { configureDestination } from "~/models/destinations.server";
import { createQualityClient } from "~/meta/dataset-quality.server";
import { countCause, isOutOfBand } from "~/format/meta-count-words";
import { getMetaCounts, latestReadDays } from "~/models/meta-count-view.server";
import { runDailyQualityReads, type QualityDeps } from "~/quality/quality-reads.server";
import { getSecretBox } from "~/secrets/token-encryption.server";
import { startMetaEmulator, type MetaEmulator } from "../../scripts/lib/meta-emulator";
import { receivedPurchase } from "../support/received-orders";

// Meta's Purchase count beside the store's orders, on the real database (both providers):
// the daily read takes the pixel's stats edge once per pixel and day however many
// instances run it; per shop day the page gets Meta's count, the store's orders and what
// Tandem delivered, a day out of the 0.8-1.2 band with its likely cause, the purchases
// counted twice as a figure, and a token that may not read the counts said in words.

const shop = "meta-counts.myshopify.com";
const GOOD = "5555555555555555";
const DENIED = "6666666666666666";
const TOKEN = "EAAB" + "c".repeat(40);
const NOW = new Date("2026-12-08T09:00:00Z");
let meta: MetaEmulator;

beforeAll(async () => {
  meta = await startMetaEmulator({ now: () => NOW.getTime() });
});
afterAll(() => meta.close());

let n = 0;
async function storeDay(day: string, orders: number, delivered: number) {
  for (let i = 0; i < orders; i++) {
    const at = new Date(`${day}T10:00:00Z`);
    const id = String(++n);
    await prisma.receivedOrder.create({ data: receivedPurchase(shop, id, at) });
    if (i >= delivered) continue;
    const destination = await prisma.destination.findFirstOrThrow({ where: { pixelId: GOOD } });
    await prisma.outboxEvent.create({
      data: {
        shopDomain: shop,
        destinationId: destination.id,
        eventName: "Purchase",
        eventId: `purchase_${id}`,
        status: "delivered",
        payload: "{}",
        eventTime: Math.floor(at.getTime() / 1000),
        sourceTopic: "orders/create",
        consentAction: "send",
        consentReason: "signal_allows_marketing",
      },
    });
  }
}
const metaHour = (day: string, count: number, hour = 12) => ({
  start_time: `${day}T${String(hour).padStart(2, "0")}:00:00+0000`,
  data: [
    { value: "Purchase", count },
    { value: "PageView", count: 400 },
  ],
});

beforeEach(async () => {
  meta.reset();
  for (const table of ["metaEventCount", "qualitySnapshot", "qualityRead", "outboxEvent", "receivedOrder", "destination", "shop"] as const)
    await (prisma[table] as { deleteMany: () => Promise<unknown> }).deleteMany();
  for (const pixelId of [GOOD, DENIED])
    expect(await configureDestination(shop, { pixelId, accessToken: TOKEN })).toMatchObject({ ok: true });
  await storeDay("2026-12-04", 10, 4);
  await storeDay("2026-12-05", 10, 10);
  await storeDay("2026-12-06", 10, 10);
  await storeDay("2026-12-07", 10, 10);
  meta.setPixelStats(GOOD, [
    metaHour("2026-12-04", 4),
    metaHour("2026-12-05", 6, 9),
    metaHour("2026-12-05", 4, 23),
    metaHour("2026-12-06", 20),
    metaHour("2026-12-07", 6),
    metaHour("2026-12-08", 3, 8),
  ]);
  meta.setPixelStats(DENIED, "denied");
});

const deps = (now: Date): QualityDeps => ({
  client: createQualityClient({ baseUrl: meta.url, version: "v26.0" }),
  openToken: (s) => getSecretBox().open(s),
  now,
});
const statsRequests = () => meta.requests().filter((r) => r.path.endsWith("/stats"));

describe("Meta's count beside the store's", () => {
  it("GIVEN two instances THEN one stats read per pixel; per day Meta's count, the store's, Tandem's, and the days out of band with their cause", async () => {
    const before = await getMetaCounts(shop, { now: NOW, timezone: "UTC" });
    expect(before[0]).toMatchObject({ state: "not_read", doubleCounted: null });
    expect(before[0].days.every((d) => d.meta === null)).toBe(true);

    await Promise.all([runDailyQualityReads(deps(NOW)), runDailyQualityReads(deps(NOW))]);
    expect(
      statsRequests()
        .map((r) => r.pixelId)
        .sort(),
    ).toEqual([GOOD, DENIED]);
    // Only the compared events are kept, never PageView.
    expect(await prisma.metaEventCount.count({ where: { eventName: "PageView" } })).toBe(0);

    const [good, denied] = await getMetaCounts(shop, { now: NOW, timezone: "UTC" });
    expect(good.state).toBe("ok");
    const byDay = Object.fromEntries(good.days.map((d) => [d.day, d]));
    expect(good.days.map((d) => d.day)).toEqual([
      "2026-12-02",
      "2026-12-03",
      "2026-12-04",
      "2026-12-05",
      "2026-12-06",
      "2026-12-07",
      "2026-12-08",
    ]);
    expect(byDay["2026-12-05"]).toEqual({ day: "2026-12-05", meta: 10, store: 10, sent: 10, partial: false });
    expect(isOutOfBand(byDay["2026-12-05"])).toBe(false);
    expect(byDay["2026-12-06"]).toMatchObject({ meta: 20, store: 10, sent: 10 });
    expect(countCause(byDay["2026-12-06"])).toMatch(
      /10 purchases more than your store had, about twice as many: deduplication is likely broken/,
    );
    expect(countCause(byDay["2026-12-06"])).toMatch(/10 purchases reached Meta that Tandem did not send/);
    expect(countCause(byDay["2026-12-07"])).toMatch(
      /Tandem sent 10 of the store's 10 orders, and Meta counted 6: Meta may still be processing/,
    );
    expect(countCause(byDay["2026-12-04"])).toMatch(/Tandem sent 4 of the store's 10 orders: the others were held back/);
    expect(byDay["2026-12-08"]).toMatchObject({ meta: 3, partial: true });
    expect(isOutOfBand(byDay["2026-12-08"])).toBe(false);
    expect(good.doubleCounted).toBe(10);
    // What the overview's banner and the alerts judge: the latest complete day read, read alone, as the week's row has it.
    expect(await latestReadDays(shop, { now: NOW, timezone: "UTC" })).toEqual([
      { destinationId: good.destinationId, pixelId: GOOD, day: byDay["2026-12-07"] },
    ]);

    expect(denied.state).toBe("permission");
    expect(denied.explanation).toMatch(/may send events, but not read the pixel's statistics/);
    expect(denied.days.every((d) => d.meta === null)).toBe(true);
  });

  it("GIVEN a later read where Meta's count of a day changed THEN the day shows Meta's latest figure", async () => {
    await runDailyQualityReads(deps(NOW));
    meta.setPixelStats(GOOD, [metaHour("2026-12-06", 11), metaHour("2026-12-07", 10)]);
    const tomorrow = new Date(NOW.getTime() + 86_400_000);
    await runDailyQualityReads(deps(tomorrow));
    const [good] = await getMetaCounts(shop, { now: tomorrow, timezone: "UTC" });
    const byDay = Object.fromEntries(good.days.map((d) => [d.day, d]));
    expect(byDay["2026-12-06"].meta).toBe(11);
    expect(byDay["2026-12-07"].meta).toBe(10);
    expect(good.doubleCounted).toBe(1);
  });
});
