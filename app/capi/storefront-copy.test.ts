import { describe, expect, it } from "vitest";
import { receiptBrowserValues, pixelReceiptSchema, type PixelReceipt } from "./pixel-receipt";
import { shopSettingsSchema } from "./settings";
import { isBotUserAgent, toStorefrontCopy } from "./storefront-copy";

const NOW = new Date("2026-11-26T12:00:00Z");
const ID = "6f1c2b8e-3d4a-4b5c-9d6e-7f8091a2b3c4";
const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const OPTED_IN = shopSettingsSchema.parse({ serverCopies: { addToCart: "on", viewContent: "on" } });

function receipt(overrides: Record<string, unknown> = {}): PixelReceipt {
  return pixelReceiptSchema.parse({
    v: 1,
    shop_key: "k",
    event_name: "AddToCart",
    event_id: ID,
    consent: { marketing: true, analytics: true, sale_of_data: true },
    fbp: `fb.1.${NOW.getTime() - 60_000}.1116446470`,
    fbc: null,
    page_url: "https://shop.example.com/products/tee?variant=41001&email=someone%40example.com#reviews",
    occurred_at: NOW.getTime() - 2_000,
    custom_data: {
      value: 39.98,
      currency: "EUR",
      content_ids: ["41001"],
      contents: [{ id: "41001", quantity: 2, item_price: 19.99 }],
      content_type: "product",
      num_items: 2,
    },
    ...overrides,
  });
}

function copyOf(r: PixelReceipt, opts: { settings?: typeof OPTED_IN; userAgent?: string | null; now?: Date } = {}) {
  const now = opts.now ?? NOW;
  const values = receiptBrowserValues(
    r,
    { clientIp: "2606:4700:4700::1111", userAgent: opts.userAgent === undefined ? CHROME : opts.userAgent },
    now,
  );
  return toStorefrontCopy({ receipt: r, values, settings: opts.settings ?? OPTED_IN, shop: { domain: "shop.example.com" }, now });
}

describe("toStorefrontCopy", () => {
  it("GIVEN an AddToCart receipt of an opted-in shop THEN the same event with the same id, the receipt's products, the page without its query, and the receipt's consent", () => {
    const copy = copyOf(receipt());
    expect(copy).toEqual({
      kind: "event",
      eventName: "AddToCart",
      event: {
        event_name: "AddToCart",
        event_time: Math.floor((NOW.getTime() - 2_000) / 1000),
        event_id: ID,
        action_source: "website",
        event_source_url: "https://shop.example.com/products/tee",
        user_data: {},
        custom_data: {
          value: 39.98,
          currency: "EUR",
          content_type: "product",
          num_items: 2,
          content_ids: ["41001"],
          contents: [{ id: "41001", quantity: 2, item_price: 19.99 }],
        },
      },
      facts: {
        signal: { marketing: true, analytics: true, saleOfData: true, capturedAt: NOW.getTime() - 2_000, source: "pixel_receipt" },
        countries: [],
        usStates: [],
      },
    });
  });

  it.each([
    ["the merchant has not decided", { settings: shopSettingsSchema.parse({}) }, {}, "not_opted_in"],
    [
      "the merchant chose browser only for this event",
      { settings: shopSettingsSchema.parse({ serverCopies: { addToCart: "off", viewContent: "on" } }) },
      {},
      "not_opted_in",
    ],
    ["a checkout event", {}, { event_name: "Purchase", event_id: "purchase_1", custom_data: undefined }, "not_storefront_event"],
    ["no marketing consent", {}, { consent: { marketing: false, analytics: true, sale_of_data: true } }, "no_marketing_consent"],
    ["no products", {}, { custom_data: undefined }, "no_custom_data"],
    ["an id Tandem's storefront code never makes", {}, { event_id: "purchase_1234" }, "not_a_uuid"],
    ["no user agent", { userAgent: null }, {}, "no_user_agent"],
    ["a 10 KB user agent (left out as forged)", { userAgent: "Mozilla/5.0 ".repeat(900) }, {}, "no_user_agent"],
    ["a crawler", { userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" }, {}, "bot_user_agent"],
    ["a headless browser", { userAgent: CHROME.replace("Chrome/", "HeadlessChrome/") }, {}, "bot_user_agent"],
    ["an HTTP library", { userAgent: "python-requests/2.32.3" }, {}, "bot_user_agent"],
    ["a receipt from 8 days ago", { now: new Date(NOW.getTime() + 8 * 86_400_000) }, {}, "too_old"],
  ])("GIVEN %s THEN no server copy", (_label, opts, overrides, reason) => {
    expect(copyOf(receipt(overrides), opts)).toEqual({ kind: "none", reason });
  });

  it("GIVEN a ViewContent receipt with a malformed page URL THEN the copy names the shop's storefront instead", () => {
    const copy = copyOf(receipt({ event_name: "ViewContent", page_url: "javascript:alert(1)" }));
    expect(copy.kind === "event" && copy.event.event_source_url).toBe("https://shop.example.com/");
  });
});

describe("isBotUserAgent", () => {
  it.each([
    CHROME,
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
  ])("GIVEN a shopper's browser (%s) THEN not a bot", (ua) => expect(isBotUserAgent(ua)).toBe(false));
  it.each([
    "facebookexternalhit/1.1",
    "Mozilla/5.0 (compatible; bingbot/2.0)",
    "curl/8.5.0",
    "Mozilla/5.0 Chrome-Lighthouse",
    "node-fetch/1.0",
  ])("GIVEN %s THEN a bot", (ua) => expect(isBotUserAgent(ua)).toBe(true));
});
