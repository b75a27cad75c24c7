import { describe, expect, it } from "vitest";
import { mapOrderToPurchase } from "./map-order";
import type { MapContext } from "./map-result";
import { isFirstSubscriptionOrder } from "./order-class";
import { shopSettingsSchema, type ShopSettingsInput } from "./settings";
import { orderPayloadSchema } from "./shopify-payloads";
import { mapSubscribeEvent, recurringPaymentEventId, subscribeEventId } from "./subscription-events";
import { loadFixture } from "./test-fixtures";

// Renewals as RecurringPayment, first subscription orders with a Subscribe: each with its
// own id derived from the order, never the Purchase's (docs/decisions/038).

const ctx = (settings: ShopSettingsInput, currency = "USD"): MapContext => ({
  settings: shopSettingsSchema.parse(settings),
  shop: { domain: "sub.myshopify.com", currency },
  now: new Date(),
});
const order = (overrides: Record<string, unknown>) => {
  const base = loadFixture("orders/logged-in-customer.json") as Record<string, unknown>;
  return orderPayloadSchema.parse({ ...base, processed_at: new Date().toISOString(), created_at: new Date().toISOString(), ...overrides });
};
const renewal = order({ source_name: "subscription_contract_checkout_one", checkout_token: null, client_details: null });
const firstOrder = order({ tags: "Subscription First Order, vip" });

describe("subscription events", () => {
  it("GIVEN event ids THEN each is derived from the order and differs from the Purchase's", () => {
    expect(recurringPaymentEventId("gid://shopify/Order/00123")).toBe("renewal_123");
    expect(subscribeEventId(123)).toBe("subscribe_123");
    expect(recurringPaymentEventId("abc")).toBeNull();
    expect(subscribeEventId(0)).toBeNull();
  });

  it("GIVEN a renewal and the RecurringPayment setting THEN a RecurringPayment, system_generated, positive, in the Purchase's place", () => {
    const mapped = mapOrderToPurchase(renewal, ctx({ events: { recurringPayment: true } }));
    expect(mapped).toMatchObject({ kind: "event", eventName: "RecurringPayment", eventId: `renewal_${renewal.id}` });
    if (mapped.kind !== "event") throw new Error("expected an event");
    expect(mapped.event.action_source).toBe("system_generated");
    expect(mapped.event.custom_data.value).toBeGreaterThan(0);
    // Purchases switched off do not stop it: it is its own event.
    expect(mapOrderToPurchase(renewal, ctx({ events: { recurringPayment: true, purchase: false } }))).toMatchObject({ kind: "event" });
    // Off (the default): the renewal is skipped with its reason, as before.
    expect(mapOrderToPurchase(renewal, ctx({}))).toMatchObject({ kind: "skipped", reason: "subscription_renewal", eventName: "Purchase" });
  });

  it("GIVEN a renewal not paid yet THEN the RecurringPayment is skipped with the payment reason, never sent", () => {
    const pending = { ...renewal, financial_status: "pending" };
    expect(mapOrderToPurchase(pending, ctx({ events: { recurringPayment: true } }))).toMatchObject({
      kind: "skipped",
      eventName: "RecurringPayment",
      reason: "payment_state_not_qualifying",
    });
  });

  it("GIVEN a first subscription order and Subscribe on THEN a Subscribe with the predicted lifetime value beside the Purchase", () => {
    const settings = { events: { subscribe: true, subscribePredictedLtv: 180.5 } };
    const purchase = mapOrderToPurchase(firstOrder, ctx(settings));
    const subscribe = mapSubscribeEvent(firstOrder, purchase, ctx(settings));
    expect(subscribe).toMatchObject({ kind: "event", eventName: "Subscribe", eventId: `subscribe_${firstOrder.id}` });
    if (subscribe?.kind !== "event" || purchase.kind !== "event") throw new Error("expected events");
    expect(subscribe.event.custom_data).toEqual({ value: 180.5, currency: "USD", predicted_ltv: 180.5, order_id: String(firstOrder.id) });
    expect(subscribe.event.user_data).toEqual(purchase.event.user_data);
    expect(subscribe.event.action_source).toBe(purchase.event.action_source);
    expect(subscribe.consentFacts).toEqual(purchase.consentFacts);
  });

  it("GIVEN a shop whose currency is not read yet THEN the Subscribe takes the shop's currency from the order", () => {
    const settings = { events: { subscribe: true, subscribePredictedLtv: 99 } };
    const unknownShop: MapContext = { ...ctx(settings), shop: { domain: "sub.myshopify.com" } };
    const euroShopOrder = { ...firstOrder, currency: "EUR", presentment_currency: "CHF" };
    const subscribe = mapSubscribeEvent(euroShopOrder, mapOrderToPurchase(euroShopOrder, unknownShop), unknownShop);
    expect(subscribe).toMatchObject({ kind: "event", event: { custom_data: { value: 99, currency: "EUR", predicted_ltv: 99 } } });
    const noCurrency = { ...firstOrder, currency: undefined };
    expect(mapSubscribeEvent(noCurrency, mapOrderToPurchase(noCurrency, unknownShop), unknownShop)).toMatchObject({
      kind: "skipped",
      reason: "missing_currency",
    });
  });

  it("GIVEN Subscribe off, a one-off order, or a skipped Purchase THEN no Subscribe", () => {
    const on = { events: { subscribe: true, subscribePredictedLtv: 100 } };
    expect(mapSubscribeEvent(firstOrder, mapOrderToPurchase(firstOrder, ctx({})), ctx({}))).toBeNull();
    const oneOff = order({ tags: "" });
    expect(mapSubscribeEvent(oneOff, mapOrderToPurchase(oneOff, ctx(on)), ctx(on))).toBeNull();
    const cancelled = { ...firstOrder, cancelled_at: new Date().toISOString() };
    expect(mapSubscribeEvent(cancelled, mapOrderToPurchase(cancelled, ctx(on)), ctx(on))).toBeNull();
  });

  it("GIVEN tags THEN only an online order tagged as a first subscription order starts one", () => {
    expect(isFirstSubscriptionOrder({ source_name: "web", tags: "subscription first order", checkout_token: "t" })).toBe(true);
    expect(isFirstSubscriptionOrder({ source_name: "web", tags: "Subscription Recurring Order", checkout_token: "t" })).toBe(false);
    expect(isFirstSubscriptionOrder({ source_name: "web", tags: "", checkout_token: "t" })).toBe(false);
  });

  it("GIVEN the settings THEN Subscribe needs a positive predicted lifetime value with at most two decimals", () => {
    const issues = (events: Record<string, unknown>) => {
      const result = shopSettingsSchema.safeParse({ events });
      return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    };
    expect(issues({ subscribe: true })).toEqual([
      expect.stringMatching(/^events\.subscribePredictedLtv: Enter what a new subscriber is worth/),
    ]);
    expect(issues({ subscribe: true, subscribePredictedLtv: 0 })).toEqual([expect.stringContaining("more than zero")]);
    expect(issues({ subscribe: true, subscribePredictedLtv: -5 })).toEqual([expect.stringContaining("more than zero")]);
    expect(issues({ subscribe: true, subscribePredictedLtv: 12.345 })).toEqual([expect.stringContaining("two decimals")]);
    expect(issues({ subscribe: true, subscribePredictedLtv: 89.9 })).toEqual([]);
    expect(issues({ subscribe: false })).toEqual([]);
  });
});
