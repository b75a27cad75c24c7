import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { dedupByDay, dedupByDayFromRows } from "~/models/dedup-trend.server";
import { todayIn } from "~/models/orders.server";
import { getShopOverview } from "~/models/overview.server";
import { allPeriodStats, PERIODS, periodStats } from "~/models/overview-stats.server";
import { purchase, seedDestination, seedEvents, type Seeded } from "../../delivery/fixtures";

// The deduplication figures name what they leave out: a checkout whose browser never
// reported is never sent (the webhook lacks the user agent Meta requires), so it counts
// against the share instead of vanishing from it ("Checkouts started 100% (14 of 14)" could
// never drop); a browser purchase whose order never reached the app is counted apart.

async function twoPixelShop(): Promise<[Seeded, Seeded]> {
  const first = await seedDestination();
  const second = await prisma.destination.create({
    data: { shopDomain: first.shopDomain, pixelId: `${first.pixelId}2`, accessTokenEnc: "v1:a:b:c" },
  });
  return [first, { ...first, destinationId: second.id, pixelId: second.pixelId }];
}

const checkout = (eventId: string) => purchase(eventId, { event_name: "InitiateCheckout" });

describe("deduplication figures with unreported checkouts and browser-only purchases", () => {
  it("GIVEN 3 checkouts sent (2 with their browser copy) and 2 never sent because the browser never reported, on two pixels THEN 2 of 5: on every path", async () => {
    const pixels = await twoPixelShop();
    const shop = pixels[0].shopDomain;
    for (const pixel of pixels) {
      const delivered = { status: "delivered", event: checkout } as const;
      await seedEvents(pixel, {
        ...delivered,
        prefix: `${shop}_seen`,
        count: 2,
        extra: { browserSeenAt: new Date(), deliveredAt: new Date() },
      });
      await seedEvents(pixel, { ...delivered, prefix: `${shop}_unseen`, count: 1, extra: { deliveredAt: new Date() } });
      await seedEvents(pixel, {
        prefix: `${shop}_unreported`,
        count: 2,
        status: "skipped",
        event: checkout,
        extra: { consentReason: "no_browser_receipt" },
      });
    }
    const now = new Date();
    const fromRollups = (await allPeriodStats(shop, PERIODS, "UTC", now))[1];
    const fromRows = await periodStats(shop, PERIODS[1], "UTC", now);
    for (const stats of [fromRollups, fromRows]) {
      expect(stats.dedup.find((d) => d.eventName === "InitiateCheckout")).toEqual({
        eventName: "InitiateCheckout",
        sent: 3,
        browserSeen: 2,
        unreported: 2,
      });
    }
    const today = todayIn("UTC", now);
    for (const days of [await dedupByDay(shop, today, today, "UTC"), await dedupByDayFromRows(shop, today, today, "UTC")]) {
      expect(days).toEqual([{ day: today, sent: 5, browserSeen: 2 }]);
    }
  });

  it("GIVEN browser purchase receipts, 2 with no order from Shopify, 1 whose order was sent to two pixels, 1 whose order was filtered out, 1 older than a week THEN 2 browser-only purchases", async () => {
    const pixels = await twoPixelShop();
    const shop = pixels[0].shopDomain;
    const now = new Date();
    const receipt = (eventId: string, receivedAt = now) =>
      prisma.pixelReceipt.create({
        data: { shopDomain: shop, eventName: "Purchase", eventId, consent: "{}", occurredAt: receivedAt, receivedAt },
      });
    for (const pixel of pixels) await seedEvents(pixel, { prefix: `${shop}_arrived`, count: 1, status: "delivered" });
    await prisma.receivedOrder.create({
      data: {
        shopDomain: shop,
        kind: "order",
        sourceId: "1001",
        eventName: "Purchase",
        eventId: `${shop}_filtered`,
        outcome: "skipped",
        placedAt: now,
        firstSeenAt: now,
        lastSeenAt: now,
        lastTopic: "orders/create",
      },
    });
    await receipt(`${shop}_arrived_0`);
    await receipt(`${shop}_filtered`);
    await receipt(`${shop}_lost_1`);
    await receipt(`${shop}_lost_2`);
    await receipt(`${shop}_old`, new Date(now.getTime() - 10 * 86_400_000));
    const overview = await getShopOverview(shop, { now });
    expect(overview.browserOnlyPurchases).toBe(2);
  });
});
