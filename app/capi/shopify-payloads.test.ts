import { describe, expect, it } from "vitest";
import { checkoutPayloadSchema, orderPayloadSchema } from "./shopify-payloads";
import { consentSignalFromReceipt, pixelReceiptSchema } from "./pixel-receipt";
import { loadFixture } from "./test-fixtures";

describe("orderPayloadSchema", () => {
  it.each([
    "guest-checkout",
    "logged-in-customer",
    "pos",
    "draft-order",
    "test-order",
    "multi-currency",
    "many-line-items",
    "no-addresses",
    "fbclid-landing",
    "cart-attributes",
  ])("GIVEN the %s fixture WHEN parsed THEN it parses and keeps unknown fields", (name) => {
    const raw = loadFixture(`orders/${name}.json`);
    const parsed = orderPayloadSchema.parse(raw);
    expect(parsed.id).toBe(raw.id);
    expect((parsed as Record<string, unknown>).admin_graphql_api_id).toBe(raw.admin_graphql_api_id);
  });

  it("GIVEN only an id WHEN parsed THEN it parses with empty line items", () => {
    const parsed = orderPayloadSchema.parse({ id: 1 });
    expect(parsed.line_items).toEqual([]);
    expect(parsed.customer).toBeUndefined();
  });

  it.each([{}, { id: null }, { id: "" }, { id: "   " }, { id: {} }])(
    "GIVEN %j WHEN parsed THEN it fails with a clear missing-id message",
    (raw) => {
      const result = orderPayloadSchema.safeParse(raw);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0].message).toMatch(/missing id/);
    },
  );

  it("GIVEN wrongly typed optional fields WHEN parsed THEN they become absent instead of failing", () => {
    const parsed = orderPayloadSchema.parse({
      id: 1,
      customer: "oops",
      billing_address: 42,
      client_details: [],
      test: "yes",
      line_items: "none",
      email: 5,
    });
    expect(parsed.customer).toBeUndefined();
    expect(parsed.billing_address).toBeUndefined();
    expect(parsed.test).toBeUndefined();
    expect(parsed.line_items).toEqual([]);
    expect(parsed.email).toBeUndefined();
  });

  it("GIVEN one malformed line item among good ones WHEN parsed THEN only the malformed one is dropped", () => {
    const parsed = orderPayloadSchema.parse({ id: 1, line_items: [null, { variant_id: 2, quantity: 1, price: "1.00" }, "x"] });
    expect(parsed.line_items).toHaveLength(1);
    expect(parsed.line_items[0].variant_id).toBe(2);
  });
});

describe("checkoutPayloadSchema", () => {
  it("GIVEN the checkouts/create fixture WHEN parsed THEN it parses", () => {
    expect(checkoutPayloadSchema.parse(loadFixture("checkouts/checkout-create.json")).token).toBe("b1946ac92492d2347c6235b4d2611184");
  });

  it.each([{ id: 1 }, { token: "" }, { token: "  " }, { token: null }])("GIVEN %j WHEN parsed THEN it fails with missing id", (raw) => {
    const result = checkoutPayloadSchema.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/missing id/);
  });
});

describe("pixelReceiptSchema", () => {
  const receipt = {
    v: 1,
    shop_key: "tandem-demo",
    event_name: "Purchase",
    event_id: "purchase_5678901234567",
    consent: { marketing: true, analytics: true, sale_of_data: false },
    fbp: "fb.1.1795657700000.5566778899",
    fbc: null,
    page_url: "https://www.tandem-demo.com/checkouts/cn/abc/thank-you",
    occurred_at: 1795694293000,
  };

  it("GIVEN a complete receipt WHEN parsed THEN it parses and yields a pixel signal", () => {
    const parsed = pixelReceiptSchema.parse(receipt);
    expect(consentSignalFromReceipt(parsed)).toEqual({
      marketing: true,
      analytics: true,
      saleOfData: false,
      capturedAt: 1795694293000,
      source: "pixel_receipt",
    });
  });

  it("GIVEN optional fields absent WHEN parsed THEN it parses", () => {
    const { fbp: _a, fbc: _b, page_url: _c, ...minimal } = receipt;
    expect(pixelReceiptSchema.safeParse(minimal).success).toBe(true);
  });

  it.each([
    ["an unknown key", { ...receipt, email: "a@b.co" }],
    ["an unknown consent key", { ...receipt, consent: { ...receipt.consent, preferences: true } }],
    ["version 2", { ...receipt, v: 2 }],
    ["a browser-only event", { ...receipt, event_name: "PageView" }],
    ["an empty shop key", { ...receipt, shop_key: "" }],
    ["a 129-char shop key", { ...receipt, shop_key: "x".repeat(129) }],
    ["a 129-char event id", { ...receipt, event_id: "x".repeat(129) }],
    ["occurred_at in seconds", { ...receipt, occurred_at: 1795694293 }],
    ["a fractional occurred_at", { ...receipt, occurred_at: 1795694293000.5 }],
    ["missing consent", { ...receipt, consent: undefined }],
  ])("GIVEN %s WHEN parsed THEN it is rejected", (_label, raw) => {
    expect(pixelReceiptSchema.safeParse(raw).success).toBe(false);
  });
});
