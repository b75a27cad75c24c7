import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { backfillReceivedOrders } from "~/models/received-order-backfill.server";
import { listReceivedOrders } from "~/models/orders.server";
import { getShopOverview } from "~/models/overview.server";

// A shop whose orders arrived before ReceivedOrder existed has outbox rows and webhook
// receipts but no reconciliation rows. The first look at the overview or the orders page
// (or npm run setup) builds them from what is stored, once, without inventing what was
// never stored (name, number, total).

const shop = "before-recon.myshopify.com";
const HOUR = 3_600_000;
const now = new Date();
const before = new Date(now.getTime() - 3 * 24 * HOUR);
const eventTime = Math.floor((now.getTime() - 26 * HOUR) / 1000);

beforeAll(async () => {
  await prisma.shop.create({ data: { domain: shop, shopKey: "before" } });
  const pixels = [];
  for (const pixelId of ["6660001", "6660002"])
    pixels.push((await prisma.destination.create({ data: { shopDomain: shop, pixelId, accessTokenEnc: "v1:a:b:c" } })).id);
  const row = (destinationId: string, eventName: string, eventId: string, extra: Record<string, unknown>) => ({
    id: randomUUID(),
    shopDomain: shop,
    destinationId,
    eventName,
    eventId,
    status: "delivered",
    payload: "{}",
    eventTime,
    sourceTopic: eventName === "Purchase" ? "orders/paid" : "checkouts/create",
    consentAction: "send",
    consentReason: "mode_off",
    deliveredAt: before,
    createdAt: before,
    updatedAt: before,
    ...extra,
  });
  const events = [];
  // Nine live orders accepted by Meta (the first on both pixels), one test order, two checkouts.
  for (let i = 1; i <= 9; i++) events.push(row(pixels[0], "Purchase", `purchase_88000${i}`, { orderId: `88000${i}` }));
  events.push(row(pixels[1], "Purchase", "purchase_880001", { orderId: "880001", status: "failed", deliveredAt: null }));
  events.push(row(pixels[0], "Purchase", "purchase_880010", { orderId: "880010", isTest: true }));
  for (const token of ["oldtok1", "oldtok2"]) events.push(row(pixels[0], "InitiateCheckout", `ic_${token}`, { checkoutToken: token }));
  await prisma.outboxEvent.createMany({ data: events });
  // Two pending orders skipped and one that arrived before setup: only their receipts tell.
  await prisma.webhookReceipt.createMany({
    data: [
      {
        webhookId: "old-1",
        shopDomain: shop,
        topic: "orders/create",
        outcome: "skipped",
        detail: JSON.stringify({ reason: "payment_state_not_qualifying", message: "Payment state pending" }),
        eventName: "Purchase",
        eventId: "purchase_880011",
        receivedAt: before,
      },
      {
        webhookId: "old-2",
        shopDomain: shop,
        topic: "orders/create",
        outcome: "skipped",
        detail: JSON.stringify({ reason: "payment_state_not_qualifying", message: "Payment state pending" }),
        eventName: "Purchase",
        eventId: "purchase_880012",
        receivedAt: before,
      },
      {
        webhookId: "old-3",
        shopDomain: shop,
        topic: "orders/paid",
        outcome: "not_configured",
        detail: "{}",
        eventName: "Purchase",
        eventId: "purchase_880013",
        receivedAt: before,
      },
      // A receipt of an order that also has an outbox row: listed once.
      {
        webhookId: "old-4",
        shopDomain: shop,
        topic: "orders/create",
        outcome: "skipped",
        detail: "{}",
        eventName: "Purchase",
        eventId: "purchase_880002",
        receivedAt: before,
      },
    ],
  });
});

afterAll(async () => {
  await prisma.$disconnect();
});

describe("reconciliation rows for orders from before ReceivedOrder", () => {
  it("GIVEN a shop with only outbox rows and receipts WHEN the overview loads THEN it counts the orders received, not 0 against 9 accepted", async () => {
    expect(await prisma.receivedOrder.count({ where: { shopDomain: shop } })).toBe(0);
    const overview = await getShopOverview(shop, { timezone: "UTC" });
    const week = overview.periods.find((period) => period.key === "7d")!;
    expect(week.accepted).toBe(9);
    expect(week.received).toBe(12);
    expect(week.difference).toEqual(
      expect.arrayContaining([
        { reason: "filtered (not paid yet)", count: 2 },
        { reason: "received before setup", count: 1 },
      ]),
    );
  });

  it("GIVEN the built rows THEN only what was stored is shown: ids and outcomes, no invented name, number or total", async () => {
    const page = await listReceivedOrders({ shopDomain: shop }, { timezone: "UTC", locale: "en-US" });
    expect(page.total).toBe(15);
    const order = page.lines.find((line) => line.id && line.title === "Order 880001")!;
    expect(order).toMatchObject({
      kind: "order",
      value: null,
      currency: null,
      eventId: "purchase_880001",
      adminUrl: `https://${shop}/admin/orders/880001`,
    });
    expect(order.outcome.key).toBe("failed");
    const stored = await prisma.receivedOrder.findFirstOrThrow({ where: { shopDomain: shop, sourceId: "880001" } });
    expect(stored).toMatchObject({ name: null, number: null, value: null, outcome: "queued", isTest: false });
    expect(stored.placedAt.getTime()).toBe(eventTime * 1000);
    expect(
      await prisma.receivedOrder.findFirstOrThrow({ where: { shopDomain: shop, sourceId: "880010" }, select: { isTest: true } }),
    ).toEqual({ isTest: true });
    expect(
      await prisma.receivedOrder.findFirstOrThrow({
        where: { shopDomain: shop, kind: "checkout", sourceId: "oldtok1" },
        select: { adminId: true, outcome: true },
      }),
    ).toEqual({ adminId: null, outcome: "queued" });
    expect(
      await prisma.receivedOrder.findFirstOrThrow({
        where: { shopDomain: shop, sourceId: "880011" },
        select: { outcome: true, reason: true },
      }),
    ).toEqual({ outcome: "skipped", reason: "payment_state_not_qualifying" });
  });

  it("GIVEN it ran THEN running it again, even with its marker gone, adds nothing", async () => {
    const count = await prisma.receivedOrder.count({ where: { shopDomain: shop } });
    expect(await backfillReceivedOrders()).toMatchObject({ inserted: 0 });
    await prisma.dataTask.deleteMany({});
    const again = await backfillReceivedOrders();
    expect(again.inserted).toBe(0);
    expect(await prisma.receivedOrder.count({ where: { shopDomain: shop } })).toBe(count);
  });
});
