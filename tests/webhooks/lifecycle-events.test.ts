import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { workerFor } from "../delivery/fixtures";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator";
import { makeRefund } from "../../scripts/lib/store-simulator";
import { numberedOrders, startShopWithPixel, webhookSender } from "./webhook-shop";

// The opt-in custom events: with the settings on, a cancellation and a refund reach Meta
// as OrderCancelled and OrderRefunded, once each, with a positive value and the order's
// id, under the consent decision of the order's Purchase. (Off by default:
// lifecycle.test.ts checks that only Purchases reach Meta.)

const shop = "lifecycle-events.myshopify.com";
const PIXEL = "2718281828459045";
const send = webhookSender(shop);
const { id, order } = numberedOrders(7_800_000_000);
const cancelled = (n: number, extra: Parameters<typeof order>[1] = {}) => ({
  ...order(n, extra),
  cancelled_at: new Date().toISOString(),
  cancel_reason: "customer",
});
let meta: MetaEmulator;

beforeAll(async () => {
  meta = await startShopWithPixel(shop, PIXEL, { settings: { events: { orderCancelled: true, orderRefunded: true } } });
  const worker = workerFor(meta);
  await send("orders/paid", order(4001));
  await send("orders/paid", order(4002, { country: "DE", consent: null, currency: "USD" }));
  await worker.runOnce();
  await send("orders/cancelled", cancelled(4001));
  await send("refunds/create", makeRefund({ id: 77001, orderId: id(4001), amount: "20.00" }), "r-1");
  await send("refunds/create", makeRefund({ id: 77001, orderId: id(4001), amount: "20.00" }), "r-2");
  await send("orders/cancelled", cancelled(4002, { country: "DE", consent: null, currency: "USD" }));
  await worker.runOnce();
}, 120_000);

afterAll(async () => {
  await meta?.close();
});

describe("opt-in custom events of an order's life", () => {
  it("GIVEN a sent order cancelled and refunded THEN OrderCancelled and OrderRefunded reach Meta once each, positive, with the order's id", () => {
    const events = meta.accepted().map((a) => a.event);
    const purchase = events.find((e) => e.event_id === `purchase_${id(4001)}`)!;
    const cancel = events.filter((e) => e.event_name === "OrderCancelled");
    const refund = events.filter((e) => e.event_name === "OrderRefunded");
    expect(cancel).toHaveLength(1);
    expect(refund).toHaveLength(1);
    expect(cancel[0]).toMatchObject({
      event_id: `cancel_${id(4001)}`,
      action_source: "system_generated",
      custom_data: { value: (purchase.custom_data as { value: number }).value, currency: "USD", order_id: String(id(4001)) },
    });
    expect(refund[0]).toMatchObject({
      event_id: "refund_77001",
      action_source: "system_generated",
      custom_data: { value: 20, currency: "USD", order_id: String(id(4001)) },
    });
    // The buyer is matched by the Purchase's hashed keys, without the browser's IP and user agent.
    expect((refund[0].user_data as Record<string, unknown>).em).toEqual((purchase.user_data as Record<string, unknown>).em);
    expect(refund[0].user_data).not.toHaveProperty("client_user_agent");
    for (const event of events) expect((event.custom_data as { value: number }).value).toBeGreaterThan(0);
    expect(events.filter((e) => e.event_name === "Purchase")).toHaveLength(1);
  });

  it("GIVEN an EU buyer without consent WHEN the order is cancelled THEN its OrderCancelled is held back like its Purchase, at once", async () => {
    const rows = await prisma.outboxEvent.findMany({
      where: { shopDomain: shop, orderId: String(id(4002)) },
      select: { eventName: true, status: true, consentReason: true },
    });
    expect(rows.sort((a, b) => a.eventName.localeCompare(b.eventName))).toEqual([
      { eventName: "OrderCancelled", status: "blocked", consentReason: "no_signal_opt_in_region" },
      { eventName: "Purchase", status: "cancelled", consentReason: expect.any(String) },
    ]);
    expect(meta.accepted().map((a) => a.event.event_id)).not.toContain(`cancel_${id(4002)}`);
  });
});
