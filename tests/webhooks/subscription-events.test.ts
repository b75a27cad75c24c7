import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { dailyReconciliation } from "~/models/order-reconciliation.server";
import { listReceivedOrders } from "~/models/orders.server";
import { action as pixelEvents } from "~/routes/pixel.events";
import { workerFor } from "../delivery/fixtures";
import { makeReceipt, receiptRequest } from "../pixel/receipt-support";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator";
import { callRoute } from "../support/routes";
import { numberedOrders, startShopWithPixel, webhookSender, withoutCheckout } from "./webhook-shop";

// Subscriptions through signed webhooks and the real worker: a renewal reaches Meta as one
// RecurringPayment (system_generated, its own id, never a Purchase), a first subscription
// order as its Purchase plus one Subscribe with the predicted lifetime value, whatever the
// order and repetition of orders/create and orders/paid; the pages' counts stay true.

const shop = "subscriptions.myshopify.com";
const PIXEL = "3141592653589793";
const send = webhookSender(shop);
const { id, order: base } = numberedOrders(7_900_000_000);
const renewal = (n: number) => withoutCheckout(base(n), "subscription_contract_checkout_one");
const first = (n: number, extra: Parameters<typeof base>[1] = {}) => ({
  ...base(n, extra),
  tags: "Subscription First Order",
});
let meta: MetaEmulator;

beforeAll(async () => {
  meta = await startShopWithPixel(shop, PIXEL, {
    currency: "USD",
    settings: { events: { recurringPayment: true, subscribe: true, subscribePredictedLtv: 240 } },
  });
  const worker = workerFor(meta);
  // Every order twice, in both orders of the two topics, one of them a repeated delivery.
  await send("orders/paid", renewal(5001), "w-5001-a");
  await send("orders/create", renewal(5001), "w-5001-b");
  await send("orders/paid", renewal(5001), "w-5001-a");
  await send("orders/create", first(5002));
  await send("orders/paid", first(5002));
  await send("orders/paid", base(5003));
  await send("orders/create", base(5003));
  await worker.runOnce();
  // An EU buyer without a consent signal, and an order whose browser has not reported yet.
  await send("orders/paid", first(5004, { country: "DE", consent: null, currency: "USD" }));
  await send("orders/paid", { ...first(5005, { consent: null }), client_details: null, browser_ip: null });
  await send("orders/paid", { ...first(5006, { consent: null }), client_details: null, browser_ip: null });
  await send("orders/cancelled", { ...first(5006, { consent: null }), cancelled_at: new Date().toISOString(), cancel_reason: "customer" });
}, 120_000);

afterAll(async () => {
  await meta?.close();
});

describe("subscription events", () => {
  it("GIVEN a renewal (repeated, both topics) THEN one RecurringPayment reaches Meta, system_generated, positive, and no Purchase", () => {
    const events = meta.accepted().map((a) => a.event);
    const forRenewal = events.filter((e) => (e.custom_data as { order_id?: string }).order_id === String(id(5001)));
    expect(forRenewal).toHaveLength(1);
    expect(forRenewal[0]).toMatchObject({
      event_name: "RecurringPayment",
      event_id: `renewal_${id(5001)}`,
      action_source: "system_generated",
      custom_data: { currency: "USD" },
    });
    expect((forRenewal[0].custom_data as { value: number }).value).toBeGreaterThan(0);
    expect(forRenewal[0]).not.toHaveProperty("event_source_url");
  });

  it("GIVEN a first subscription order THEN its Purchase and one Subscribe with the predicted lifetime value reach Meta, same buyer", () => {
    const events = meta.accepted().map((a) => a.event);
    const purchases = events.filter((e) => e.event_id === `purchase_${id(5002)}`);
    const subscribes = events.filter((e) => e.event_name === "Subscribe");
    expect(purchases).toHaveLength(1);
    expect(subscribes).toHaveLength(1);
    expect(subscribes[0]).toMatchObject({
      event_id: `subscribe_${id(5002)}`,
      action_source: "website",
      event_time: purchases[0].event_time,
      custom_data: { value: 240, currency: "USD", predicted_ltv: 240, order_id: String(id(5002)) },
    });
    expect(subscribes[0].user_data).toEqual(purchases[0].user_data);
    // A one-off order is a Purchase alone.
    expect(events.filter((e) => (e.custom_data as { order_id?: string }).order_id === String(id(5003))).map((e) => e.event_name)).toEqual([
      "Purchase",
    ]);
  });

  it("GIVEN an EU buyer without consent THEN the Subscribe is held back exactly like the Purchase", async () => {
    const rows = await prisma.outboxEvent.findMany({
      where: { shopDomain: shop, orderId: String(id(5004)) },
      select: { eventName: true, status: true, consentReason: true },
      orderBy: { eventName: "asc" },
    });
    expect(rows.map((row) => row.eventName)).toEqual(["Purchase", "Subscribe"]);
    expect(rows[1].status).toBe(rows[0].status);
    expect(rows[1].consentReason).toBe(rows[0].consentReason);
    expect(["blocked", "waiting_consent"]).toContain(rows[0].status);
  });

  it("GIVEN an order waiting for its browser WHEN the web pixel reports the Purchase THEN the Subscribe is decided with it", async () => {
    const waiting = await prisma.outboxEvent.findMany({
      where: { shopDomain: shop, orderId: String(id(5005)) },
      orderBy: { eventName: "asc" },
    });
    expect(waiting.map((row) => [row.eventName, row.status])).toEqual([
      ["Purchase", "waiting_browser"],
      ["Subscribe", "waiting_browser"],
    ]);
    const shopKey = (await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).shopKey;
    const response = await callRoute(pixelEvents, receiptRequest(makeReceipt({ shop_key: shopKey, event_id: `purchase_${id(5005)}` })));
    expect(response.status).toBe(202);
    const rows = await prisma.outboxEvent.findMany({
      where: { shopDomain: shop, orderId: String(id(5005)) },
      orderBy: { eventName: "asc" },
    });
    expect(rows.map((row) => [row.eventName, row.status])).toEqual([
      ["Purchase", "pending"],
      ["Subscribe", "pending"],
    ]);
    expect(JSON.parse(rows[1].payload).user_data.client_user_agent).toBe(JSON.parse(rows[0].payload).user_data.client_user_agent);
  });

  it("GIVEN a first subscription order cancelled before it was sent THEN its Subscribe is withdrawn with its Purchase", async () => {
    const rows = await prisma.outboxEvent.findMany({
      where: { shopDomain: shop, orderId: String(id(5006)) },
      orderBy: { eventName: "asc" },
    });
    expect(rows.map((row) => [row.eventName, row.status])).toEqual([
      ["Purchase", "cancelled"],
      ["Subscribe", "cancelled"],
    ]);
  });

  it("GIVEN the orders THEN each is listed with its class and event, and received = sent + in progress + not sent", async () => {
    const orders = await prisma.receivedOrder.findMany({ where: { shopDomain: shop }, orderBy: { sourceId: "asc" } });
    expect(orders.map((row) => [row.number, row.orderClass, row.eventName, row.eventId, row.outcome])).toEqual([
      [5001, "subscription_renewal", "RecurringPayment", `renewal_${id(5001)}`, "queued"],
      [5002, "subscription_first", "Purchase", `purchase_${id(5002)}`, "queued"],
      [5003, "online", "Purchase", `purchase_${id(5003)}`, "queued"],
      [5004, "subscription_first", "Purchase", `purchase_${id(5004)}`, "queued"],
      [5005, "subscription_first", "Purchase", `purchase_${id(5005)}`, "queued"],
      [5006, "subscription_first", "Purchase", `purchase_${id(5006)}`, "queued"],
    ]);
    // The orders page names each subscription class and the event a renewal was sent as.
    const page = await listReceivedOrders({ shopDomain: shop }, { timezone: "UTC", locale: "en-US" });
    const byTitle = Object.fromEntries(page.lines.map((line) => [line.title, line]));
    expect(byTitle["#5001"]).toMatchObject({
      classLabel: "Subscription renewal: RecurringPayment",
      outcome: { label: "Sent and accepted" },
    });
    expect(byTitle["#5002"].classLabel).toBe("First subscription order");
    expect(byTitle["#5003"].classLabel).toBeNull();
    const today = new Date().toISOString().slice(0, 10);
    const [day] = await dailyReconciliation(shop, today, today, "UTC");
    expect(day.received).toBe(6);
    expect(day.sent).toBe(3);
    const notSent = Object.values(day.notSent).reduce((sum, n) => sum + n, 0);
    expect(day.sent + day.inProgress + notSent).toBe(day.received);
  });

  // Runs last: its orders would change the counts above.
  it("GIVEN the cancellation before the order's own webhook THEN the worker withdraws the Subscribe and the RecurringPayment with the Purchase", async () => {
    const cancel = <T extends object>(order: T) => ({ ...order, cancelled_at: new Date().toISOString(), cancel_reason: "customer" });
    await send("orders/cancelled", cancel(first(5007)));
    await send("orders/paid", first(5007));
    await send("orders/cancelled", cancel(renewal(5008)));
    await send("orders/paid", renewal(5008));
    await workerFor(meta).runOnce();
    const rows = await prisma.outboxEvent.findMany({
      where: { shopDomain: shop, orderId: { in: [String(id(5007)), String(id(5008))] } },
      orderBy: [{ orderId: "asc" }, { eventName: "asc" }],
    });
    expect(rows.map((row) => [row.eventId, row.status, row.lastError])).toEqual([
      [`purchase_${id(5007)}`, "cancelled", "Order cancelled before it was sent."],
      [`subscribe_${id(5007)}`, "cancelled", "Order cancelled before it was sent."],
      [`renewal_${id(5008)}`, "cancelled", "Order cancelled before it was sent."],
    ]);
    const sent = meta.accepted().map((a) => a.event.event_id);
    expect(sent).not.toContain(`subscribe_${id(5007)}`);
    expect(sent).not.toContain(`renewal_${id(5008)}`);
  });
});
