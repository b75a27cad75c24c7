import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyConsentToEvent } from "./consent";
import type { CapiEvent } from "./capi-event";
import { mapCheckoutToInitiateCheckout } from "./map-checkout";
import { mapOrderToPurchase } from "./map-order";
import { shopSettingsSchema } from "./settings";
import { checkoutPayloadSchema, orderPayloadSchema } from "./shopify-payloads";
import { validateServerEvent } from "./validate";

// Properties over arbitrary partial payloads and settings: mapping never throws, every
// event that passes the filters passes the validator (with or without LDU), and no
// personal value ever appears in clear anywhere in the result.

const NOW = new Date("2026-11-26T12:00:00Z");
const SHOP = { domain: "tandem-demo.myshopify.com", primaryUrl: "https://www.tandem-demo.com", currency: "USD" };

// PII tokens use letters outside a-f so they cannot hide inside a hex hash by chance.
const token = fc.stringMatching(/^[g-z]{6,10}$/).map((s) => `zq${s}`);
const VALID_PHONES: Array<[string, string]> = [
  ["(650) 555-1212", "US"],
  ["07911 123456", "GB"],
  ["030 901820", "DE"],
  ["01 42 68 53 00", "FR"],
  ["(11) 91234-5678", "BR"],
  ["090-1234-5678", "JP"],
  ["098765 43210", "IN"],
  ["+1 512-555-0147", "US"],
];
const COUNTRIES = ["US", "GB", "DE", "FR", "BR", "JP", "IN", "CA", "XX", "", "usa"];

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
/** Usually the happy value, sometimes the awkward ones: enough runs must pass the filters. */
const mostly = <T>(usual: fc.Arbitrary<T>, ...others: Array<fc.Arbitrary<unknown>>) =>
  fc.oneof(
    { arbitrary: usual as fc.Arbitrary<unknown>, weight: 9 * Math.max(1, others.length) },
    ...others.map((arbitrary) => ({ arbitrary, weight: 1 })),
  );
const junk = fc.oneof(fc.constant(null), fc.integer(), fc.boolean(), fc.constant({}), fc.constant([]));
const amount = mostly(
  fc.tuple(fc.nat(100000), fc.nat(999)).map(([w, f]) => `${w}.${String(f).padStart(3, "0")}`),
  fc.double({ min: 0, max: 10000, noNaN: true }),
  fc.constant("abc"),
  fc.constant(null),
  fc.constant("-5.00"),
);
const moneySet = fc.record(
  {
    shop_money: maybe(fc.record({ amount, currency_code: fc.constantFrom("USD", "EUR", "JPY", "KWD", "usd", "XYZ") })),
    presentment_money: maybe(fc.record({ amount, currency_code: fc.constantFrom("USD", "EUR", "JPY", "KWD") })),
  },
  { requiredKeys: [] },
);
const timestamp = mostly(
  fc.integer({ min: -10 * 86_400_000, max: 86_400_000 }).map((offset) => new Date(NOW.getTime() + offset).toISOString()),
  fc.constant("not a date"),
  fc.constant(null),
);

type Pii = { email: string; first: string; last: string; street: string; city: string; zip: string; phone: [string, string] };
const pii: fc.Arbitrary<Pii> = fc.record({
  email: token.map((t) => `${t}@${t}mail.test`),
  first: token.map((t) => `Zq ${t}`),
  last: token.map((t) => `O'${t}`),
  street: token.map((t) => `${t} Street 12`),
  city: token.map((t) => `${t} City`),
  zip: token.map((t) => `${t.slice(0, 4)} ${t.slice(4, 8)}`),
  phone: fc.constantFrom(...VALID_PHONES),
});

const address = (p: Pii) =>
  fc.record(
    {
      first_name: maybe(fc.constant(p.first)),
      last_name: maybe(fc.constant(p.last)),
      address1: maybe(fc.constant(p.street)),
      city: maybe(fc.constant(p.city)),
      zip: maybe(fc.constant(p.zip)),
      province_code: maybe(fc.constantFrom("CA", "TX", "NY", "ENG", "JP-13")),
      country_code: maybe(fc.oneof(fc.constant(p.phone[1]), fc.constantFrom(...COUNTRIES))),
      phone: maybe(fc.constant(p.phone[0])),
    },
    { requiredKeys: [] },
  );

const lineItem = fc.record(
  {
    product_id: maybe(fc.oneof(fc.integer({ min: 1 }), fc.constant("gid://shopify/Product/7"), junk)),
    variant_id: maybe(fc.oneof(fc.integer({ min: 1 }), fc.constant("12"), junk)),
    sku: maybe(fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null))),
    quantity: maybe(fc.oneof(fc.integer({ min: -2, max: 50 }), fc.double())),
    price: maybe(amount),
    price_set: maybe(moneySet),
  },
  { requiredKeys: [] },
);

const payload = (p: Pii) =>
  fc.record(
    {
      id: mostly(
        fc.oneof(fc.integer({ min: 1 }), fc.constant("gid://shopify/Order/9007199254740993"), fc.constant("5678901234567")),
        fc.constant("oops"),
      ),
      token: fc.oneof(fc.constant("b1946ac92492d2347c6235b4d2611184"), fc.constant("a b")),
      email: maybe(fc.oneof(fc.constant(p.email), junk)),
      contact_email: maybe(fc.constant(p.email)),
      phone: maybe(fc.constant(p.phone[0])),
      processed_at: mostly(timestamp, fc.constant(undefined)),
      created_at: maybe(timestamp),
      cancelled_at: mostly(fc.constant(null), fc.constant("2026-11-26T00:00:00Z")),
      currency: mostly(fc.constantFrom("USD", "EUR", "JPY", "KWD", "GBP"), fc.constant("???"), fc.constant(undefined)),
      presentment_currency: maybe(fc.constantFrom("USD", "EUR", "JPY", "KWD")),
      subtotal_price: maybe(amount),
      total_tax: maybe(amount),
      total_discounts: maybe(amount),
      subtotal_price_set: maybe(moneySet),
      total_tax_set: maybe(moneySet),
      total_shipping_price_set: maybe(moneySet),
      taxes_included: maybe(fc.boolean()),
      financial_status: mostly(
        fc.constantFrom("paid", "authorized", "partially_paid"),
        fc.constantFrom("pending", "voided", "refunded"),
        fc.constant(undefined),
      ),
      test: mostly(fc.constant(false), fc.constant(true), fc.constant(undefined)),
      tags: maybe(fc.constantFrom("", "wholesale", "VIP, wholesale", "vip")),
      source_name: mostly(
        fc.constant("web"),
        fc.constantFrom("pos", "shopify_draft_order", "iphone", "subscription_contract"),
        fc.constant(undefined),
      ),
      landing_site: maybe(
        fc.oneof(
          fc.constant(`/products/x?fbclid=IwAR_abc-1&email=${encodeURIComponent(p.email)}`),
          fc.constant("https://www.tandem-demo.com/"),
          fc.constant("::not a url::"),
          fc.webUrl(),
        ),
      ),
      browser_ip: maybe(fc.oneof(fc.ipV4(), fc.ipV6(), fc.constant("nope"))),
      client_details: mostly(
        fc.record({ user_agent: fc.constantFrom("Mozilla/5.0 (X11)", "UA"), browser_ip: maybe(fc.ipV4()) }),
        fc.constant(undefined),
        fc.record({ user_agent: fc.constant("") }),
      ),
      note_attributes: maybe(
        fc.array(
          fc.oneof(
            fc.record({ name: fc.constant("_tandem_consent"), value: fc.constantFrom("m1a1s0", "m0a0s0.1795640000", "junk") }),
            fc.record({ name: fc.constant("_fbp"), value: fc.constantFrom("fb.1.1795630000000.123", p.email) }),
            fc.record({ name: fc.constant("_fbc"), value: fc.constantFrom("fb.1.1795630000000.IwAR.AQ", p.first) }),
          ),
          { maxLength: 3 },
        ),
      ),
      line_items: maybe(fc.oneof(fc.array(lineItem, { maxLength: 6 }), junk)),
      customer: maybe(
        fc.oneof(
          junk,
          fc.record(
            {
              id: maybe(fc.oneof(fc.integer({ min: 1 }), fc.constant("gid://shopify/Customer/5"))),
              email: maybe(fc.constant(p.email)),
              phone: maybe(fc.constant(p.phone[0])),
              first_name: maybe(fc.constant(p.first)),
              last_name: maybe(fc.constant(p.last)),
              default_address: maybe(address(p)),
            },
            { requiredKeys: [] },
          ),
        ),
      ),
      billing_address: maybe(fc.oneof(address(p), junk)),
      shipping_address: maybe(address(p)),
    },
    { requiredKeys: ["id", "token"] },
  );

const settings = fc
  .record({
    value: fc.record({ includeShipping: fc.boolean(), includeTax: fc.boolean(), currency: fc.constantFrom("presentment", "shop") }),
    catalog: fc.record({ idRule: fc.constantFrom("variant_id", "product_id", "sku", "shopify_feed") }),
    filters: fc.record({
      testOrders: fc.constantFrom("send_with_test_code", "skip"),
      includePosOrders: fc.boolean(),
      includeDraftOrders: fc.boolean(),
      excludedTags: fc.constantFrom([], ["wholesale"]),
      skipZeroValue: fc.boolean(),
    }),
    matchKeys: fc.record({ client_user_agent: mostly(fc.constant(true), fc.constant(false)), em: fc.boolean(), fbc: fc.boolean() }),
  })
  .map((input) => shopSettingsSchema.parse(input));

/** Every clear-text form a leak could take: raw, lowercased, and without spaces. */
function clearForms(p: Pii): string[] {
  const digits = p.phone[0].replace(/\D/g, "").replace(/^0+/, "");
  return [p.email, p.first, p.last, p.street, p.city, p.zip]
    .flatMap((value) => [value.toLowerCase(), value.toLowerCase().replace(/[\s']/g, "")])
    .concat(p.email.split("@")[0], digits.slice(-7));
}

/**
 * A website event without a user agent waits in the outbox for the web pixel's receipt,
 * which brings the user agent and IP; the property is that the event is valid then.
 */
function withBrowser(event: CapiEvent): CapiEvent {
  if (event.action_source !== "website" || event.user_data.client_user_agent) return event;
  return { ...event, user_data: { ...event.user_data, client_user_agent: "Mozilla/5.0 (X11)", client_ip_address: "8.8.4.4" } };
}

const scenario = fc.tuple(pii, settings).chain(([p, s]) => fc.tuple(fc.constant(p), fc.constant(s), payload(p)));

describe("mapping properties (fast-check)", () => {
  it("GIVEN arbitrary partial orders WHEN mapped THEN no throw, valid events, and no personal data in clear", () => {
    let events = 0;
    fc.assert(
      fc.property(scenario, ([p, s, raw]) => {
        const parsed = orderPayloadSchema.safeParse(raw);
        if (!parsed.success) return;
        const result = mapOrderToPurchase(parsed.data, { settings: s, shop: SHOP, now: NOW });
        const text = JSON.stringify(result).toLowerCase();
        for (const form of clearForms(p)) expect(text).not.toContain(form);
        if (result.kind !== "event") return;
        events += 1;
        const sendable = withBrowser(result.event);
        expect(validateServerEvent(sendable, NOW)).toEqual([]);
        const ldu = applyConsentToEvent(sendable, {
          action: "send_ldu",
          reason: "no_signal_ldu_state",
          dataProcessingOptions: ["LDU"],
          country: 0,
          state: 0,
        });
        expect(validateServerEvent(ldu, NOW)).toEqual([]);
      }),
      { numRuns: 600 },
    );
    // The validator property means little unless many runs get past the filters.
    expect(events).toBeGreaterThan(100); // typically ~140 of 600
  });

  it("GIVEN arbitrary partial checkouts WHEN mapped THEN no throw, valid events, and no personal data in clear", () => {
    fc.assert(
      fc.property(scenario, ([p, s, raw]) => {
        const parsed = checkoutPayloadSchema.safeParse(raw);
        if (!parsed.success) return;
        const result = mapCheckoutToInitiateCheckout(parsed.data, { settings: s, shop: SHOP, now: NOW });
        const text = JSON.stringify(result).toLowerCase();
        for (const form of clearForms(p)) expect(text).not.toContain(form);
        if (result.kind === "event") expect(validateServerEvent(withBrowser(result.event), NOW)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("GIVEN anything at all WHEN parsed as an order or checkout THEN the schemas never throw", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        orderPayloadSchema.safeParse(value);
        checkoutPayloadSchema.safeParse(value);
      }),
      { numRuns: 300 },
    );
  });
});
