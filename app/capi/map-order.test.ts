import { describe, expect, it } from "vitest";
import { h, JANE_CONTENTS, JANE_USER_DATA, orderEventOf as eventOf } from "./test-fixtures";

describe("mapOrderToPurchase: full expected events from fixtures", () => {
  it("GIVEN a guest web checkout WHEN mapped with default settings THEN the full event is exact", () => {
    const result = eventOf("guest-checkout.json");
    expect(result).toStrictEqual({
      kind: "event",
      keyNotes: [],
      eventName: "Purchase",
      eventId: "purchase_5678901234567",
      isTest: false,
      consentFacts: { signal: null, countries: ["US"], usStates: ["CA"] },
      event: {
        event_name: "Purchase",
        event_time: 1795694292, // 2026-11-26T06:58:12-05:00
        event_id: "purchase_5678901234567",
        action_source: "website",
        // The email query parameter is dropped; campaign parameters stay.
        event_source_url: "https://www.tandem-demo.com/products/linen-shirt?utm_source=newsletter&utm_medium=email",
        user_data: JANE_USER_DATA,
        custom_data: { value: 118, currency: "USD", ...JANE_CONTENTS, order_id: "5678901234567" },
      },
    });
  });

  it("GIVEN a logged-in UK customer with a gift address and cart attributes WHEN mapped THEN buyer data, cookies and consent are exact", () => {
    const result = eventOf("logged-in-customer.json");
    expect(result.consentFacts).toStrictEqual({
      signal: { marketing: true, analytics: true, saleOfData: true, capturedAt: 1795640000000, source: "cart_attribute" },
      countries: ["GB"],
      usStates: [],
    });
    expect(result.event).toStrictEqual({
      event_name: "Purchase",
      event_time: 1795684445,
      event_id: "purchase_5678901234568",
      action_source: "website",
      event_source_url: "https://www.tandem-demo.com/collections/tea",
      user_data: {
        em: [h("oliver.smith@example.co.uk")],
        ph: [h("447911123456")], // customer "+447911123456" and billing "07911 123456" are one number
        fn: [h("oliver")], // the gift recipient (Amelia) is never sent
        ln: [h("obrien")],
        ct: [h("london")],
        st: [h("eng")],
        zp: [h("sw1a2aa"), h("sw1a 2aa")],
        country: [h("gb")],
        external_id: [h("7390123456")],
        client_ip_address: "2606:4700:4700::1111",
        client_user_agent:
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        fbp: "fb.1.1795630000000.1234567890",
        fbc: "fb.1.1795639000000.IwAR2xYzAbC",
      },
      custom_data: {
        value: 78.75, // 94.50 VAT-inclusive subtotal minus 15.75 item VAT
        currency: "GBP",
        content_type: "product",
        content_ids: ["45123456784001", "45123456784002"],
        contents: [
          { id: "45123456784001", quantity: 3, item_price: 20 },
          { id: "45123456784002", quantity: 1, item_price: 45 },
        ],
        num_items: 4,
        order_id: "5678901234568",
      },
    });
  });

  it.each([
    [{ includeShipping: true }, 82.91], // + 4.99 shipping - 0.83 shipping VAT
    [{ includeShipping: true, includeTax: true }, 99.49], // = total_price
    [{ includeTax: true }, 94.5],
  ])("GIVEN VAT-inclusive prices and value rule %j WHEN mapped THEN value is %d", (rule, expected) => {
    expect(eventOf("logged-in-customer.json", { value: rule }).event.custom_data.value).toBe(expected);
  });

  it.each([
    [{ includeShipping: true }, 125.5],
    [{ includeShipping: true, includeTax: true }, 135.24], // = total_price
    [{ includeTax: true }, 127.74],
  ])("GIVEN tax-exclusive US prices and value rule %j WHEN mapped THEN value is %d", (rule, expected) => {
    expect(eventOf("guest-checkout.json", { value: rule }).event.custom_data.value).toBe(expected);
  });

  it("GIVEN a EUR buyer in a USD shop WHEN mapped in shop currency with shipping and tax THEN USD amounts", () => {
    const { event } = eventOf("multi-currency.json", { value: { currency: "shop", includeShipping: true, includeTax: true } });
    expect(event.custom_data.currency).toBe("USD");
    expect(event.custom_data.value).toBe(135.81); // 108.70 + 5.43 + 21.68 = total_price
    expect(event.custom_data.contents).toEqual([{ id: "45123456789001", quantity: 2, item_price: 54.35 }]);
  });

  it("GIVEN a POS order WHEN the shop opted in THEN a physical_store event without a source URL", () => {
    const { event } = eventOf("pos.json", { filters: { includePosOrders: true } });
    expect(event).toStrictEqual({
      event_name: "Purchase",
      event_time: 1795649400,
      event_id: "purchase_5678901234569",
      action_source: "physical_store",
      user_data: { em: [h("walkin.buyer@example.com")], fn: [h("sam")], ln: [h("lee")], external_id: [h("7390123999")] },
      custom_data: {
        value: 25,
        currency: "USD",
        content_type: "product",
        content_ids: ["45123456789002"],
        contents: [{ id: "45123456789002", quantity: 1, item_price: 25 }],
        num_items: 1,
        order_id: "5678901234569",
      },
    });
  });
});
