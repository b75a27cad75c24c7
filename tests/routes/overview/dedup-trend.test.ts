import { afterAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { dedupByDay, dedupByDayFromRows } from "~/models/dedup-trend.server";
import { startOfDay } from "~/models/shop-time";

// The overview's deduplication trend per shop day: live server events Meta accepted, and
// how many of them had their browser copy. From the rollups (decision 016) it must be
// exactly what counting the rows gives, in a timezone whose midnight is not on the hour.

const shop = "dedup-trend.myshopify.com";
const TZ = "Asia/Kathmandu"; // UTC+05:45

afterAll(async () => {
  await prisma.$disconnect();
});

async function seed() {
  await prisma.shop.create({ data: { domain: shop, shopKey: "k-dedup-trend" } });
  const destination = await prisma.destination.create({ data: { shopDomain: shop, pixelId: "8880001", accessTokenEnc: "v1:a:b:c" } });
  let n = 0;
  const event = async (
    day: string,
    minutesAfterMidnight: number,
    fields: { eventName?: string; status?: string; seen?: boolean; isTest?: boolean },
  ) => {
    const at = new Date(startOfDay(day, TZ).getTime() + minutesAfterMidnight * 60_000);
    await prisma.outboxEvent.create({
      data: {
        shopDomain: shop,
        destinationId: destination.id,
        eventName: fields.eventName ?? "Purchase",
        eventId: `purchase_${++n}`,
        status: fields.status ?? "delivered",
        payload: "{}",
        eventTime: Math.floor(at.getTime() / 1000),
        sourceTopic: "orders/paid",
        isTest: fields.isTest ?? false,
        consentAction: "send",
        consentReason: "signal_allows_marketing",
        browserSeenAt: fields.seen ? at : null,
      },
    });
  };
  // 1 Dec: 3 delivered (2 seen), one of them a checkout; the first minute of the day counts.
  await event("2026-12-01", 0, { seen: true });
  await event("2026-12-01", 600, { eventName: "InitiateCheckout", seen: true });
  await event("2026-12-01", 1439, {});
  // Not counted: failed, a test event, and the last minute before 1 Dec (30 Nov).
  await event("2026-12-01", 700, { status: "failed", seen: true });
  await event("2026-12-01", 800, { isTest: true, seen: true });
  await event("2026-11-30", 1439, { seen: true });
  // 3 Dec: 1 delivered, not seen.
  await event("2026-12-03", 60, {});
}

describe("deduplication trend per shop day", () => {
  it("GIVEN delivered, failed and test events around Kathmandu midnights THEN per day the delivered live ones and their browser copies, the same from rollups and rows", async () => {
    await seed();
    const expected = [
      { day: "2026-11-30", sent: 1, browserSeen: 1 },
      { day: "2026-12-01", sent: 3, browserSeen: 2 },
      { day: "2026-12-02", sent: 0, browserSeen: 0 },
      { day: "2026-12-03", sent: 1, browserSeen: 0 },
    ];
    expect(await dedupByDayFromRows(shop, "2026-11-30", "2026-12-03", TZ)).toEqual(expected);
    expect(await dedupByDay(shop, "2026-11-30", "2026-12-03", TZ)).toEqual(expected);
    // The rollups were used: they hold this shop's slots now.
    expect(await prisma.adminRollup.count({ where: { shopDomain: shop, metric: "sent" } })).toBeGreaterThan(0);

    // A browser copy arriving later changes the figure on both paths (the triggers mark the slot).
    await prisma.outboxEvent.updateMany({ where: { shopDomain: shop, eventId: "purchase_7" }, data: { browserSeenAt: new Date() } });
    expect((await dedupByDay(shop, "2026-12-03", "2026-12-03", TZ))[0]).toEqual({ day: "2026-12-03", sent: 1, browserSeen: 1 });
  });
});
