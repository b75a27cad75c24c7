import { describe, expect, it } from "vitest";
import { h, IPHONE_UA, JANE_CONTENTS, JANE_USER_DATA, orderEventOf } from "./test-fixtures";

// The full expected Purchase for every remaining fixture (default settings unless named).
// Hashes are computed here with node:crypto from literal normalized strings.

const GUEST_URL = "https://www.tandem-demo.com/products/linen-shirt?utm_source=newsletter&utm_medium=email";
const JANE_TIME = 1795694292; // 2026-11-26T06:58:12-05:00, shared by fixtures built on the guest order

describe("mapOrderToPurchase: full expected events, continued", () => {
  it("GIVEN a test order WHEN mapped with the default THEN the guest event, flagged for the test event code", () => {
    expect(orderEventOf("test-order.json")).toStrictEqual({
      kind: "event",
      eventName: "Purchase",
      eventId: "purchase_5678901234571",
      isTest: true,
      keyNotes: [],
      consentFacts: { signal: null, countries: ["US"], usStates: ["CA"] },
      event: {
        event_name: "Purchase",
        event_time: JANE_TIME,
        event_id: "purchase_5678901234571",
        action_source: "website",
        event_source_url: GUEST_URL,
        user_data: JANE_USER_DATA,
        custom_data: { value: 118, currency: "USD", ...JANE_CONTENTS, order_id: "5678901234571" },
      },
    });
  });

  it("GIVEN a EUR buyer in a USD shop WHEN mapped in presentment currency (default) THEN the full EUR event", () => {
    expect(orderEventOf("multi-currency.json").event).toStrictEqual({
      event_name: "Purchase",
      event_time: JANE_TIME,
      event_id: "purchase_5678901234572",
      action_source: "website",
      event_source_url: "https://www.tandem-demo.com/de/products/linen-shirt",
      user_data: {
        em: [h("lena.mueller@example.de")],
        ph: [h("4930901820")],
        fn: [h("lena")],
        ln: [h("müller")],
        ct: [h("berlin")],
        zp: [h("10117")],
        country: [h("de")],
        client_ip_address: "1.0.0.1",
        client_user_agent:
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
      },
      custom_data: {
        value: 100,
        currency: "EUR",
        content_type: "product",
        content_ids: ["45123456789001"],
        contents: [{ id: "45123456789001", quantity: 2, item_price: 50 }],
        num_items: 2,
        order_id: "5678901234572",
      },
    });
  });

  it("GIVEN 250 line items WHEN mapped THEN every item is listed and the value is the exact subtotal", () => {
    // The fixture's generation formula, restated: price (i % 9 + 1).(i * 37 % 100), quantity i % 3 + 1.
    const contents = Array.from({ length: 250 }, (_, i) => ({
      id: String(46000000000000 + i),
      quantity: (i % 3) + 1,
      item_price: Number(`${(i % 9) + 1}.${String((i * 37) % 100).padStart(2, "0")}`),
    }));
    expect(orderEventOf("many-line-items.json").event).toStrictEqual({
      event_name: "Purchase",
      event_time: JANE_TIME,
      event_id: "purchase_5678901234573",
      action_source: "website",
      event_source_url: GUEST_URL,
      user_data: JANE_USER_DATA,
      custom_data: {
        value: 2890.79,
        currency: "USD",
        content_type: "product",
        content_ids: contents.map((c) => c.id),
        contents,
        num_items: 499,
        order_id: "5678901234573",
      },
    });
  });

  it("GIVEN an order with no addresses and no customer WHEN mapped THEN only email, IP and UA identify the buyer", () => {
    expect(orderEventOf("no-addresses.json")).toStrictEqual({
      kind: "event",
      eventName: "Purchase",
      eventId: "purchase_5678901234574",
      isTest: false,
      keyNotes: [],
      consentFacts: { signal: null, countries: [], usStates: [] },
      event: {
        event_name: "Purchase",
        event_time: JANE_TIME,
        event_id: "purchase_5678901234574",
        action_source: "website",
        event_source_url: "https://www.tandem-demo.com/products/e-book",
        user_data: { em: [h("download.buyer@example.org")], client_ip_address: "9.9.9.9", client_user_agent: IPHONE_UA },
        custom_data: {
          value: 12,
          currency: "USD",
          content_type: "product",
          content_ids: ["45123456789100"],
          contents: [{ id: "45123456789100", quantity: 1, item_price: 12 }],
          num_items: 1,
          order_id: "5678901234574",
        },
      },
    });
  });

  it("GIVEN an fbclid in landing_site and no _fbc attribute WHEN mapped THEN fbc is built from processed_at ms", () => {
    expect(orderEventOf("fbclid-landing.json").event).toStrictEqual({
      event_name: "Purchase",
      event_time: JANE_TIME,
      event_id: "purchase_5678901234575",
      action_source: "website",
      event_source_url: "https://www.tandem-demo.com/products/linen-shirt?fbclid=IwAR3kT9xYz_AbC-123&utm_source=facebook&utm_medium=paid",
      user_data: { ...JANE_USER_DATA, fbp: "fb.1.1795650000000.987654321", fbc: "fb.1.1795694292000.IwAR3kT9xYz_AbC-123" },
      custom_data: { value: 118, currency: "USD", ...JANE_CONTENTS, order_id: "5678901234575" },
    });
  });

  it("GIVEN cart attributes with a 5-segment fbc and a sale-of-data opt-out WHEN mapped THEN cookies are forwarded unchanged and the signal is read", () => {
    expect(orderEventOf("cart-attributes.json")).toStrictEqual({
      kind: "event",
      eventName: "Purchase",
      eventId: "purchase_5678901234576",
      isTest: false,
      keyNotes: [],
      consentFacts: {
        signal: { marketing: true, analytics: true, saleOfData: false, capturedAt: 1795640000000, source: "cart_attribute" },
        countries: ["US"],
        usStates: ["TX"],
      },
      event: {
        event_name: "Purchase",
        event_time: JANE_TIME,
        event_id: "purchase_5678901234576",
        action_source: "website",
        event_source_url: "https://www.tandem-demo.com/",
        user_data: {
          em: [h("maria.garcia@example.com")],
          ph: [h("15125550147")],
          fn: [h("maría")],
          ln: [h("garcía")],
          ct: [h("austin")],
          st: [h("tx")],
          zp: [h("78701")],
          country: [h("us")],
          client_ip_address: "9.9.9.9",
          client_user_agent: IPHONE_UA,
          fbp: "fb.1.1795640100000.1122334455",
          fbc: "fb.1.1795640000000.IwZXh0bgNhZW0CMTEAAR.AQ",
        },
        custom_data: { value: 118, currency: "USD", ...JANE_CONTENTS, order_id: "5678901234576" },
      },
    });
  });

  it("GIVEN a draft order WHEN the shop opted in THEN a system_generated event without URL, IP or UA", () => {
    expect(orderEventOf("draft-order.json", { filters: { includeDraftOrders: true } }).event).toStrictEqual({
      event_name: "Purchase",
      event_time: 1795532700,
      event_id: "purchase_5678901234570",
      action_source: "system_generated",
      user_data: {
        em: [h("buyer@wholesale.example")],
        fn: [h("priya")],
        ln: [h("nair")],
        ct: [h("austin")],
        st: [h("tx")],
        zp: [h("78701")],
        country: [h("us")],
        external_id: [h("7390124000")],
      },
      custom_data: {
        value: 490,
        currency: "USD",
        content_type: "product",
        content_ids: ["45123456789001"],
        contents: [{ id: "45123456789001", quantity: 10, item_price: 49 }],
        num_items: 10,
        order_id: "5678901234570",
      },
    });
  });
});
