import { describe, expect, it } from "vitest";
import { mapCheckoutToInitiateCheckout } from "./map-checkout";
import { checkoutPayloadSchema } from "./shopify-payloads";
import { validateServerEvent } from "./validate";
import { h, JANE_CONTENTS, loadFixture, testContext, TEST_NOW } from "./test-fixtures";

const checkout = () => loadFixture("checkouts/checkout-create.json");
const map = (raw: Record<string, unknown>, settings = {}) =>
  mapCheckoutToInitiateCheckout(checkoutPayloadSchema.parse(raw), testContext(settings));

describe("mapCheckoutToInitiateCheckout", () => {
  it("GIVEN checkouts/create WHEN mapped THEN the full InitiateCheckout event is exact", () => {
    const result = map(checkout());
    expect(result).toStrictEqual({
      kind: "event",
      keyNotes: [],
      eventName: "InitiateCheckout",
      eventId: "ic_b1946ac92492d2347c6235b4d2611184",
      isTest: false,
      consentFacts: {
        signal: { marketing: true, analytics: true, saleOfData: true, capturedAt: 1795657800000, source: "cart_attribute" },
        countries: ["US"],
        usStates: ["NY"],
      },
      event: {
        event_name: "InitiateCheckout",
        event_time: 1795693900, // created_at 2026-11-26T06:51:40-05:00
        event_id: "ic_b1946ac92492d2347c6235b4d2611184",
        action_source: "website",
        event_source_url: "https://www.tandem-demo.com/products/linen-shirt?utm_source=newsletter&utm_medium=email",
        user_data: {
          em: [h("jane.doe@example.com")],
          ph: [h("12125550187")],
          fn: [h("jane")],
          ln: [h("doe")],
          ct: [h("newyork")],
          st: [h("ny")],
          zp: [h("10118")],
          country: [h("us")],
          fbp: "fb.1.1795657700000.5566778899",
        },
        custom_data: {
          value: 123,
          currency: "USD",
          ...JANE_CONTENTS,
        },
      },
    });
    // Shopify's checkout carries no user agent or IP: only the web pixel's receipt has them,
    // and the outbox waits for it. Until then the event is not sendable, for that reason only.
    if (result.kind === "event") {
      expect(validateServerEvent(result.event, TEST_NOW).map((problem) => problem.path)).toEqual(["user_data.client_user_agent"]);
      const withBrowser = {
        ...result.event,
        user_data: { ...result.event.user_data, client_user_agent: "Mozilla/5.0 (iPhone)", client_ip_address: "9.9.9.9" },
      };
      expect(validateServerEvent(withBrowser, TEST_NOW)).toEqual([]);
    }
  });

  it("GIVEN the user-agent match key switched off WHEN mapped THEN skipped missing_user_agent (no receipt could supply it)", () => {
    const result = map(checkout(), { matchKeys: { client_user_agent: false } });
    expect(result.kind === "skipped" && result.reason).toBe("missing_user_agent");
  });

  it("GIVEN shipping in the value rule WHEN mapped THEN shipping_lines are added exactly", () => {
    const result = map(checkout(), { value: { includeShipping: true } });
    expect(result.kind === "event" && result.event.custom_data.value).toBe(130.5);
  });

  it("GIVEN a checkout in presentment EUR for a USD shop WHEN the shop wants shop currency THEN it stays in EUR (no rate to convert)", () => {
    const result = map({ ...checkout(), currency: "USD", presentment_currency: "EUR" }, { value: { currency: "shop" } });
    expect(result.kind === "event" && result.event.custom_data.currency).toBe("EUR");
  });

  it("GIVEN InitiateCheckout switched off WHEN mapped THEN skipped event_disabled", () => {
    const result = map(checkout(), { events: { initiateCheckout: false } });
    expect(result.kind === "skipped" && result.reason).toBe("event_disabled");
  });

  it("GIVEN a token with inner whitespace WHEN mapped THEN skipped no_event_id", () => {
    const result = map({ ...checkout(), token: "abc def" });
    expect(result.kind === "skipped" && result.reason).toBe("no_event_id");
  });

  it("GIVEN a checkout with no price fields but priced lines WHEN mapped THEN the value is rebuilt from the lines", () => {
    const result = map({ ...checkout(), subtotal_price: undefined });
    expect(result.kind === "event" && result.event.custom_data.value).toBe(123);
  });
});
