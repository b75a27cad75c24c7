import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { dedupByDay, dedupByDayFromRows } from "~/models/dedup-trend.server";
import { todayIn } from "~/models/orders.server";
import { allPeriodStats, PERIODS, periodStats } from "~/models/overview-stats.server";
import { seedDestination, seedEvents, type Seeded } from "../../delivery/fixtures";

// With two pixels every event has two outbox rows. The overview's deduplication and test
// figures count each event once, from the rollups and from the rows alike: the admin showed
// "22 accepted by Meta" above "Purchases 57% (24 of 42)" for 21 orders sent to two pixels.

async function twoPixelShop(): Promise<[Seeded, Seeded]> {
  const first = await seedDestination();
  const second = await prisma.destination.create({
    data: { shopDomain: first.shopDomain, pixelId: `${first.pixelId}2`, accessTokenEnc: "v1:a:b:c" },
  });
  return [first, { ...first, destinationId: second.id, pixelId: second.pixelId }];
}

describe("figures with two pixels", () => {
  it("GIVEN 3 purchases delivered to both pixels, 2 with their browser copy, and 2 test events THEN 3 sent, 2 seen, 2 test events: on every path", async () => {
    const pixels = await twoPixelShop();
    const shop = pixels[0].shopDomain;
    for (const pixel of pixels) {
      await seedEvents(pixel, {
        prefix: `${shop}_seen`,
        count: 2,
        status: "delivered",
        extra: { browserSeenAt: new Date(), deliveredAt: new Date() },
      });
      await seedEvents(pixel, { prefix: `${shop}_unseen`, count: 1, status: "delivered", extra: { deliveredAt: new Date() } });
      await seedEvents(pixel, { prefix: `${shop}_test`, count: 2, status: "delivered", isTest: true });
    }
    const now = new Date();
    const week = PERIODS[1];
    const fromRollups = (await allPeriodStats(shop, PERIODS, "UTC", now))[1];
    const fromRows = await periodStats(shop, week, "UTC", now);
    for (const stats of [fromRollups, fromRows]) {
      expect(stats.dedup.find((d) => d.eventName === "Purchase")).toEqual({
        eventName: "Purchase",
        sent: 3,
        browserSeen: 2,
        unreported: 0,
      });
      expect(stats.testEvents).toBe(2);
    }
    const today = todayIn("UTC", now);
    for (const days of [await dedupByDay(shop, today, today, "UTC"), await dedupByDayFromRows(shop, today, today, "UTC")]) {
      expect(days).toEqual([{ day: today, sent: 3, browserSeen: 2 }]);
    }
  });
});
