import { describe, expect, it } from "vitest";
import { DEFAULT_OPT_IN_REGIONS, DEFAULT_SHOP_SETTINGS, MATCH_KEYS, shopSettingsSchema } from "./settings";

const messages = (input: unknown) => {
  const result = shopSettingsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe("shopSettingsSchema", () => {
  it("GIVEN nothing WHEN parsed THEN every documented default", () => {
    expect(shopSettingsSchema.parse({})).toStrictEqual({
      events: {
        purchase: true,
        initiateCheckout: true,
        addPaymentInfo: true,
        orderCancelled: false,
        orderRefunded: false,
        orderEdited: "custom",
        recurringPayment: false,
        subscribe: false,
        subscribePredictedLtv: null,
      },
      value: { includeShipping: false, includeTax: false, currency: "presentment" },
      catalog: { idRule: "variant_id", feedCountry: "US" },
      matchKeys: Object.fromEntries(MATCH_KEYS.map((key) => [key, true])),
      purchasePaymentStates: ["paid", "partially_paid", "authorized"],
      filters: {
        testOrders: "send_with_test_code",
        includePosOrders: false,
        includeDraftOrders: false,
        includeRenewalOrders: false,
        includeNoCheckoutOrders: false,
        excludedTags: [],
        skipZeroValue: true,
      },
      consent: { mode: "regional", optInRegions: DEFAULT_OPT_IN_REGIONS, graceMinutes: 10 },
      // Server copies of storefront events: the merchant decides at set-up; undecided sends none.
      serverCopies: { addToCart: "undecided", viewContent: "undecided" },
      // A pixel's accuracy below this share of counted orders mails an alert (0 turns it off).
      alerts: { accuracyBelowPercent: 90 },
    });
    expect(DEFAULT_SHOP_SETTINGS).toStrictEqual(shopSettingsSchema.parse({}));
  });

  it("GIVEN the default opt-in regions THEN they are the 27 EU states, IS, LI, NO, GB and CH", () => {
    expect(DEFAULT_OPT_IN_REGIONS).toHaveLength(32);
    for (const code of ["DE", "FR", "IE", "IS", "LI", "NO", "GB", "CH"]) expect(DEFAULT_OPT_IN_REGIONS).toContain(code);
    expect(DEFAULT_OPT_IN_REGIONS).not.toContain("US");
  });

  it("GIVEN two parses WHEN one default array is mutated THEN the other is unaffected", () => {
    const a = shopSettingsSchema.parse({});
    a.filters.excludedTags.push("x");
    a.consent.optInRegions.push("US");
    const b = shopSettingsSchema.parse({});
    expect(b.filters.excludedTags).toEqual([]);
    expect(b.consent.optInRegions).not.toContain("US");
  });

  it.each([["pending"], ["voided"]])("GIVEN %s as a purchase payment state WHEN parsed THEN refused with a merchant message", (state) => {
    expect(messages({ purchasePaymentStates: ["paid", state] })).toEqual([
      "Pending and voided payments can never count as a purchase: the money may never arrive.",
    ]);
  });

  it("GIVEN no payment state WHEN parsed THEN asked to choose one", () => {
    expect(messages({ purchasePaymentStates: [] })).toEqual(["Choose at least one payment state that counts as a purchase."]);
  });

  it("GIVEN a partial section WHEN parsed THEN the rest of the section is defaulted", () => {
    const parsed = shopSettingsSchema.parse({ value: { includeTax: true }, consent: { mode: "strict" } });
    expect(parsed.value).toEqual({ includeShipping: false, includeTax: true, currency: "presentment" });
    expect(parsed.consent.graceMinutes).toBe(10);
  });

  it("GIVEN lowercase country codes and duplicates WHEN parsed THEN uppercased and deduplicated", () => {
    const parsed = shopSettingsSchema.parse({ catalog: { feedCountry: "gb" }, consent: { optInRegions: ["de", "DE", " fr "] } });
    expect(parsed.catalog.feedCountry).toBe("GB");
    expect(parsed.consent.optInRegions).toEqual(["DE", "FR"]);
  });

  it.each([
    [{ consent: { graceMinutes: 61 } }, "Wait at most 60 minutes: Meta wants events within the hour."],
    [{ consent: { graceMinutes: -1 } }, "The waiting time cannot be negative."],
    [{ consent: { graceMinutes: 2.5 } }, "Enter whole minutes."],
    [{ consent: { mode: "gdpr" } }, "Choose strict, regional or off."],
    [{ consent: { optInRegions: ["Germany"] } }, "Use a two-letter country code such as US or DE."],
    [{ catalog: { idRule: "handle" } }, "Choose how products are identified: variant ID, product ID, SKU or the Shopify feed format."],
    [{ value: { currency: "EUR" } }, "Choose whether values use the buyer's currency (presentment) or the shop's currency."],
    [{ filters: { excludedTags: [""] } }, "A tag cannot be empty."],
    [{ matchKeys: { em: "yes" } }, "Choose on or off."],
  ])("GIVEN %j WHEN parsed THEN the merchant reads %j", (input, message) => {
    expect(messages(input)).toEqual([message]);
  });
});
