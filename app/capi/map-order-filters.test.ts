import { describe, expect, it } from "vitest";
import { mapOrderToPurchase } from "./map-order";
import { orderPayloadSchema } from "./shopify-payloads";
import { loadFixture, testContext } from "./test-fixtures";
import type { ShopSettingsInput } from "./settings";

// Every filter yields a decision with a reason, never an exception.

const guest = () => loadFixture("orders/guest-checkout.json");

function mapRaw(raw: Record<string, unknown>, settings: ShopSettingsInput = {}, now?: Date) {
  return mapOrderToPurchase(orderPayloadSchema.parse(raw), testContext(settings, now));
}

function expectSkip(result: ReturnType<typeof mapRaw>, reason: string) {
  expect(result.kind).toBe("skipped");
  if (result.kind !== "skipped") return;
  expect(result.reason).toBe(reason);
  expect(result.message.length).toBeGreaterThan(0);
  // Skip messages go to the merchant's log: no buyer data in them.
  expect(result.message).not.toMatch(/\bjane\b|\bdoe\b|menlo|94025|555.?1212|203\.0\.113/i);
}

describe("mapOrderToPurchase: filters", () => {
  it("GIVEN Purchase switched off WHEN mapped THEN skipped event_disabled with the id kept", () => {
    const result = mapRaw(guest(), { events: { purchase: false } });
    expectSkip(result, "event_disabled");
    expect(result.eventId).toBe("purchase_5678901234567");
  });

  it("GIVEN an order id that is not a Shopify id WHEN mapped THEN skipped no_event_id", () => {
    expectSkip(mapRaw({ ...guest(), id: "not-an-id" }), "no_event_id");
  });

  it("GIVEN a test order and the shop skips tests WHEN mapped THEN skipped test_order", () => {
    expectSkip(mapRaw(loadFixture("orders/test-order.json"), { filters: { testOrders: "skip" } }), "test_order");
  });

  it("GIVEN a POS order and default settings WHEN mapped THEN skipped pos_order", () => {
    expectSkip(mapRaw(loadFixture("orders/pos.json")), "pos_order");
  });

  it("GIVEN a draft order and default settings WHEN mapped THEN skipped draft_order", () => {
    expectSkip(mapRaw(loadFixture("orders/draft-order.json")), "draft_order");
  });

  it("GIVEN a cancelled order WHEN mapped THEN skipped order_cancelled", () => {
    expectSkip(mapRaw({ ...guest(), cancelled_at: "2026-11-26T08:00:00-05:00" }), "order_cancelled");
  });

  it.each(["pending", "voided", "refunded", "partially_refunded", null, "something_new"])(
    "GIVEN financial_status %j WHEN mapped with default states THEN skipped payment_state_not_qualifying",
    (status) => {
      expectSkip(mapRaw({ ...guest(), financial_status: status }), "payment_state_not_qualifying");
    },
  );

  it.each(["paid", "partially_paid", "authorized"])("GIVEN financial_status %j WHEN mapped with default states THEN an event", (status) => {
    expect(mapRaw({ ...guest(), financial_status: status }).kind).toBe("event");
  });

  it("GIVEN a shop that counts only paid WHEN an authorized order is mapped THEN skipped", () => {
    expectSkip(mapRaw({ ...guest(), financial_status: "authorized" }, { purchasePaymentStates: ["paid"] }), "payment_state_not_qualifying");
  });

  it("GIVEN an excluded tag in another case and with spaces WHEN mapped THEN skipped excluded_tag", () => {
    const result = mapRaw({ ...guest(), tags: "VIP,  Wholesale , gift" }, { filters: { excludedTags: ["wholesale"] } });
    expectSkip(result, "excluded_tag");
  });

  it("GIVEN a tag that only contains an excluded tag as a substring WHEN mapped THEN not skipped", () => {
    expect(mapRaw({ ...guest(), tags: "wholesale-lead" }, { filters: { excludedTags: ["wholesale"] } }).kind).toBe("event");
  });

  it("GIVEN a 100% discount order WHEN mapped with default settings THEN skipped zero_value", () => {
    const free = { ...guest(), subtotal_price: "0.00", subtotal_price_set: null };
    expectSkip(mapRaw(free), "zero_value");
  });

  it("GIVEN a zero-value order and the shop keeps them WHEN mapped THEN an event with value 0", () => {
    const free = { ...guest(), subtotal_price: "0.00", subtotal_price_set: null };
    const result = mapRaw(free, { filters: { skipZeroValue: false } });
    expect(result.kind === "event" && result.event.custom_data.value).toBe(0);
  });

  it("GIVEN no currency anywhere WHEN mapped THEN skipped missing_currency", () => {
    const raw = { ...guest(), currency: null, presentment_currency: null, subtotal_price_set: null };
    const result = mapOrderToPurchase(orderPayloadSchema.parse(raw), { ...testContext(), shop: { domain: "x.myshopify.com" } });
    expectSkip(result, "missing_currency");
  });

  it("GIVEN an order processed 8 days ago WHEN mapped THEN skipped event_too_old", () => {
    expectSkip(mapRaw(guest(), {}, new Date("2026-12-04T12:00:00Z")), "event_too_old");
  });

  it("GIVEN a POS order 30 days old WHEN mapped THEN still sent (62-day window in store)", () => {
    const result = mapRaw(loadFixture("orders/pos.json"), { filters: { includePosOrders: true } }, new Date("2026-12-25T12:00:00Z"));
    expect(result.kind).toBe("event");
  });

  it("GIVEN a web order without client details WHEN mapped THEN an event without a user agent (the outbox waits for the browser's)", () => {
    const result = mapRaw({ ...guest(), client_details: null });
    expect(result.kind).toBe("event");
    expect(result.kind === "event" && result.event.user_data.client_user_agent).toBeUndefined();
  });

  it("GIVEN the user-agent match key switched off WHEN a web order is mapped THEN skipped missing_user_agent saying why", () => {
    const result = mapRaw(guest(), { matchKeys: { client_user_agent: false } });
    expectSkip(result, "missing_user_agent");
    expect(result.kind === "skipped" && result.message).toMatch(/switched that match key off/);
  });

  it("GIVEN a POS sale to an anonymous walk-in (no customer, no address) WHEN mapped THEN skipped no_customer_data, not an event Meta would reject", () => {
    const raw = {
      id: 1,
      token: "b1946ac92492d2347c6235b4d2611184",
      subtotal_price_set: { presentment_money: { amount: "0.001", currency_code: "KWD" } },
      financial_status: "paid",
      source_name: "pos",
    };
    expectSkip(mapRaw(raw, { filters: { includePosOrders: true } }), "no_customer_data");
  });

  it("GIVEN processed_at minutes in the future (a clock ahead) WHEN mapped THEN event_time is clamped to now", () => {
    const result = mapRaw({ ...guest(), processed_at: "2026-11-26T12:30:00Z" });
    expect(result.kind === "event" && result.event.event_time).toBe(Date.parse("2026-11-26T12:00:00Z") / 1000);
    expect(result.kind === "event" && result.keyNotes).toEqual([]);
  });

  it.each([
    ["the year 9999", "9999-12-31T23:59:00Z"],
    ["1970", "1970-01-01T00:00:00Z"],
    ["1999", "1999-12-31T23:59:59Z"],
    ["a year from now", "2027-11-26T12:00:00Z"],
  ])("GIVEN processed_at and created_at in %s WHEN mapped THEN the arrival time, with a note saying why", (_label, date) => {
    const result = mapRaw({ ...guest(), processed_at: date, created_at: date });
    expect(result.kind === "event" && result.event.event_time).toBe(Date.parse("2026-11-26T12:00:00Z") / 1000);
    expect(result.kind === "event" && result.keyNotes).toEqual([{ key: "event_time", from: "order", reason: "date_out_of_range" }]);
  });

  it.each([
    ["an older click in the cart's _fbc", "fb.1.1795000000000.IwAR_old", "fb.1.1795694293000.IwAR_new"],
    ["the same click in the cart's _fbc", "fb.1.1795000000000.IwAR_new", "fb.1.1795000000000.IwAR_new"],
    ["a malformed _fbc in the cart", "fb.1.x.<img>", "fb.1.1795694293000.IwAR_new"],
  ])("GIVEN an fbclid in landing_site and %s WHEN mapped THEN fbc is the freshest click", (_label, cartFbc, sent) => {
    const result = mapRaw({
      ...guest(),
      landing_site: "/products/x?fbclid=IwAR_new",
      processed_at: "2026-11-26T11:58:13Z",
      note_attributes: [{ name: "_fbc", value: cartFbc }],
    });
    expect(result.kind === "event" && result.event.user_data.fbc).toBe(sent);
  });

  it("GIVEN an unbelievable processed_at but a sane created_at WHEN mapped THEN created_at, with the note", () => {
    const result = mapRaw({ ...guest(), processed_at: "9999-12-31T23:59:00Z", created_at: "2026-11-26T11:00:00Z" });
    expect(result.kind === "event" && result.event.event_time).toBe(Date.parse("2026-11-26T11:00:00Z") / 1000);
    expect(result.kind === "event" && result.keyNotes).toEqual([{ key: "event_time", from: "order", reason: "date_out_of_range" }]);
  });
});

describe("mapOrderToPurchase: settings that shape the event", () => {
  it.each([
    ["variant_id", ["45123456789001", "45123456789002"], "product"],
    ["product_id", ["8123456789001", "8123456789002"], "product_group"],
    ["sku", ["LS-NAT-M", "TOTE-CANVAS"], "product"],
    ["shopify_feed", ["shopify_US_8123456789001_45123456789001", "shopify_US_8123456789002_45123456789002"], "product"],
  ] as const)("GIVEN catalog rule %s WHEN mapped THEN content ids %j of type %s", (idRule, ids, type) => {
    const result = mapRaw(guest(), { catalog: { idRule } });
    expect(result.kind === "event" && result.event.custom_data.content_ids).toEqual(ids);
    expect(result.kind === "event" && result.event.custom_data.content_type).toBe(type);
  });

  it("GIVEN the feed rule with country ca WHEN mapped THEN ids use the uppercase country", () => {
    const result = mapRaw(guest(), { catalog: { idRule: "shopify_feed", feedCountry: "ca" } });
    expect(result.kind === "event" && result.event.custom_data.content_ids?.[0]).toBe("shopify_CA_8123456789001_45123456789001");
  });

  it("GIVEN the sku rule and a line without SKU WHEN mapped THEN that line is left out of contents but counted", () => {
    const result = mapRaw(loadFixture("orders/logged-in-customer.json"), { catalog: { idRule: "sku" } });
    expect(result.kind === "event" && result.event.custom_data.contents).toEqual([{ id: "TEA-EARLGREY", quantity: 3, item_price: 20 }]);
    expect(result.kind === "event" && result.event.custom_data.num_items).toBe(4);
  });

  it("GIVEN every match key switched off except email and UA WHEN mapped THEN only those are sent", () => {
    const off = Object.fromEntries(
      ["ph", "fn", "ln", "ct", "st", "zp", "country", "external_id", "client_ip_address", "fbp", "fbc"].map((k) => [k, false]),
    );
    const result = mapRaw(loadFixture("orders/logged-in-customer.json"), { matchKeys: off });
    expect(result.kind === "event" && Object.keys(result.event.user_data).sort()).toEqual(["client_user_agent", "em"]);
  });
});

describe("mapOrderToPurchase: currencies with 0 and 3 minor digits", () => {
  const inCurrency = (currency: string, subtotal: string, price: string) => ({
    ...guest(),
    currency,
    presentment_currency: currency,
    subtotal_price: subtotal,
    subtotal_price_set: null,
    line_items: [{ variant_id: 1, quantity: 3, price }],
  });

  it("GIVEN a JPY order with .00 amounts WHEN mapped THEN whole yen", () => {
    const result = mapRaw(inCurrency("JPY", "4500.00", "1500.00"));
    expect(result.kind === "event" && result.event.custom_data).toMatchObject({
      value: 4500,
      currency: "JPY",
      contents: [{ id: "1", quantity: 3, item_price: 1500 }],
    });
  });

  it("GIVEN a KWD order WHEN mapped THEN three decimals survive", () => {
    const result = mapRaw(inCurrency("KWD", "37.035", "12.345"));
    expect(result.kind === "event" && result.event.custom_data).toMatchObject({ value: 37.035, currency: "KWD" });
  });

  it("GIVEN no subtotal and line prices whose float sum is inexact WHEN mapped THEN the value is exact", () => {
    const raw = { ...inCurrency("USD", "", "0.10"), subtotal_price: null, total_discounts: "0.00", total_discounts_set: null };
    raw.line_items = [
      { variant_id: 1, quantity: 1, price: "0.10" },
      { variant_id: 2, quantity: 1, price: "0.20" },
    ];
    const result = mapRaw(raw);
    expect(result.kind === "event" && result.event.custom_data.value).toBe(0.3);
  });
});
