import { describe, expect, it } from "vitest";
import { classifyOrder, isFirstSubscriptionOrder, sourceDecision } from "./order-class";
import { shopSettingsSchema } from "./settings";

const web = { source_name: "web", tags: "", checkout_token: "b1946ac92492d2347c6235b4d2611184" };
const filters = (overrides: Record<string, boolean> = {}) => shopSettingsSchema.parse({ filters: overrides }).filters;

describe("which kind of order, from Shopify's data", () => {
  it.each([
    ["an online-store checkout", web, "online"],
    ["a headless storefront's checkout (its own source, a checkout token)", { ...web, source_name: "hydrogen" }, "online"],
    ["a first subscription order (tagged, through checkout)", { ...web, tags: "Subscription First Order" }, "online"],
    ["point of sale", { ...web, source_name: "pos", checkout_token: null }, "pos"],
    ["a draft order", { ...web, source_name: "shopify_draft_order" }, "draft"],
    [
      "a Shopify Subscriptions renewal (since late 2025)",
      { source_name: "subscription_contract_checkout_one", tags: "", checkout_token: null },
      "subscription_renewal",
    ],
    [
      "a Shopify Subscriptions renewal (before)",
      { source_name: "subscription_contract", tags: "", checkout_token: null },
      "subscription_renewal",
    ],
    [
      "a Recharge renewal (tag)",
      { source_name: "294517", tags: "Subscription, Subscription Recurring Order", checkout_token: null },
      "subscription_renewal",
    ],
    ["an order created by an app", { source_name: "1424624", tags: "", checkout_token: null }, "no_checkout"],
    ["an order from the mobile admin", { source_name: "iphone", tags: "", checkout_token: null }, "no_checkout"],
    ["an order without any source", { source_name: null, tags: null, checkout_token: null }, "no_checkout"],
    ["a web order that lost its checkout token (kept as online)", { ...web, checkout_token: null }, "online"],
  ])("GIVEN %s THEN %s", (_, order, kind) => {
    expect(classifyOrder(order)).toBe(kind);
  });
});

describe("whether the shop sends it, and as what", () => {
  it("GIVEN default settings THEN renewals and orders without a checkout are skipped at once, with the reason in words", () => {
    expect(sourceDecision({ source_name: "subscription_contract_checkout_one", tags: "", checkout_token: null }, filters())).toEqual({
      send: false,
      reason: "subscription_renewal",
      message: expect.stringMatching(/^Subscription renewal/),
    });
    expect(sourceDecision({ source_name: "1424624", tags: "", checkout_token: null }, filters())).toEqual({
      send: false,
      reason: "no_checkout_order",
      message: expect.stringContaining('source "1424624"'),
    });
  });

  it("GIVEN the merchant opted in THEN sent as system_generated; online orders stay website", () => {
    const on = filters({ includeRenewalOrders: true, includeNoCheckoutOrders: true });
    expect(sourceDecision({ source_name: "subscription_contract", tags: "", checkout_token: null }, on)).toEqual({
      send: true,
      actionSource: "system_generated",
    });
    expect(sourceDecision({ source_name: "1424624", tags: "", checkout_token: null }, on)).toEqual({
      send: true,
      actionSource: "system_generated",
    });
    expect(sourceDecision(web, on)).toEqual({ send: true, actionSource: "website" });
  });

  it("GIVEN a source name with markup THEN the message keeps letters and digits only", () => {
    const decision = sourceDecision({ source_name: "<script>x</script>", tags: "", checkout_token: null }, filters());
    expect(decision).toMatchObject({ message: expect.stringContaining('source "scriptxscript"') });
  });

  it("GIVEN line items with selling plans (order webhooks from 2026-10) THEN first orders and renewals are told without tags", () => {
    const plan = [{ selling_plan_id: 691207000001 }, { selling_plan_id: null }];
    const oneOff = [{ selling_plan_id: null }, {}];
    expect(isFirstSubscriptionOrder({ ...web, line_items: plan })).toBe(true);
    expect(isFirstSubscriptionOrder({ ...web, line_items: oneOff })).toBe(false);
    expect(isFirstSubscriptionOrder({ ...web, line_items: [{ selling_plan_id: " " }] })).toBe(false);
    // A renewal's selling plan confirms it; it never makes a renewal a first order.
    const renewal = { source_name: "subscription_contract", tags: "", checkout_token: null, line_items: plan };
    expect(classifyOrder(renewal)).toBe("subscription_renewal");
    expect(isFirstSubscriptionOrder(renewal)).toBe(false);
    // No checkout but a selling plan billed: a subscription app's renewal under its own source.
    expect(classifyOrder({ source_name: "294517", tags: "", checkout_token: null, line_items: plan })).toBe("subscription_renewal");
    expect(classifyOrder({ source_name: "294517", tags: "", checkout_token: null, line_items: oneOff })).toBe("no_checkout");
    // Point of sale and draft orders stay what they are.
    expect(classifyOrder({ ...web, source_name: "pos", checkout_token: null, line_items: plan })).toBe("pos");
    expect(classifyOrder({ ...web, source_name: "shopify_draft_order", line_items: plan })).toBe("draft");
  });
});
