import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { workerFor } from "../delivery/fixtures";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator";
import { numberedOrders, startShopWithPixel, webhookSender, withoutCheckout } from "./webhook-shop";

// Subscriptions recognised from the selling plan on the order's line items (order webhooks
// of API version 2026-10), through signed webhooks and the real worker: an untagged first
// order of Shopify Subscriptions is a Purchase plus a Subscribe, a renewal with a selling
// plan is one RecurringPayment, an app's order without a checkout that bills a selling plan
// is a renewal, and a one-off order (every selling_plan_id null) stays a Purchase alone.

const shop = "selling-plans.myshopify.com";
const PIXEL = "2718281828459045";
const send = webhookSender(shop);
const { id, order } = numberedOrders(7_950_000_000);
const PLAN = 691_207_000_001;
let meta: MetaEmulator;

beforeAll(async () => {
  meta = await startShopWithPixel(shop, PIXEL, {
    currency: "USD",
    settings: { events: { recurringPayment: true, subscribe: true, subscribePredictedLtv: 180 } },
  });
  // Untagged: Shopify Subscriptions tags nothing; only the selling plan tells.
  await send("orders/paid", order(6001, { sellingPlanId: PLAN }), "sp-6001-a");
  await send("orders/create", order(6001, { sellingPlanId: PLAN }));
  await send("orders/paid", order(6001, { sellingPlanId: PLAN }), "sp-6001-a");
  await send("orders/paid", withoutCheckout(order(6002, { sellingPlanId: PLAN }), "subscription_contract"));
  await send("orders/paid", withoutCheckout(order(6003, { sellingPlanId: PLAN }), "294517"));
  await send("orders/create", order(6004, { sellingPlanId: null }));
  await send("orders/paid", order(6004, { sellingPlanId: null }));
  await send("orders/paid", withoutCheckout(order(6005, { sellingPlanId: null }), "294517"));
  await workerFor(meta).runOnce();
}, 120_000);

afterAll(async () => {
  await meta?.close();
});

const eventsOf = (n: number) =>
  meta
    .accepted()
    .map((a) => a.event)
    .filter((e) => (e.custom_data as { order_id?: string }).order_id === String(id(n)));

describe("subscriptions told by the selling plan", () => {
  it("GIVEN an untagged online order with a selling plan THEN its Purchase and one Subscribe reach Meta", () => {
    const events = eventsOf(6001);
    expect(events.map((e) => e.event_id).sort()).toEqual([`purchase_${id(6001)}`, `subscribe_${id(6001)}`]);
    expect(events.find((e) => e.event_name === "Subscribe")).toMatchObject({
      action_source: "website",
      custom_data: { value: 180, predicted_ltv: 180, currency: "USD" },
    });
  });

  it("GIVEN a subscription_contract order with a selling plan THEN one RecurringPayment, no Purchase", () => {
    expect(eventsOf(6002).map((e) => [e.event_name, e.event_id, e.action_source])).toEqual([
      ["RecurringPayment", `renewal_${id(6002)}`, "system_generated"],
    ]);
  });

  it("GIVEN an app's order without a checkout that bills a selling plan THEN it is a renewal, not a no-checkout order", () => {
    expect(eventsOf(6003).map((e) => [e.event_name, e.event_id])).toEqual([["RecurringPayment", `renewal_${id(6003)}`]]);
  });

  it("GIVEN a one-off order whose lines carry selling_plan_id null THEN a Purchase alone", () => {
    expect(eventsOf(6004).map((e) => e.event_name)).toEqual(["Purchase"]);
    expect(eventsOf(6005)).toEqual([]);
  });

  it("GIVEN the orders THEN each is stored with its class and the event Meta received", async () => {
    const rows = await prisma.receivedOrder.findMany({ where: { shopDomain: shop }, orderBy: { sourceId: "asc" } });
    expect(rows.map((row) => [row.number, row.orderClass, row.eventName, row.reason])).toEqual([
      [6001, "subscription_first", "Purchase", null],
      [6002, "subscription_renewal", "RecurringPayment", null],
      [6003, "subscription_renewal", "RecurringPayment", null],
      [6004, "online", "Purchase", null],
      [6005, "no_checkout", "Purchase", "no_checkout_order"],
    ]);
  });
});
