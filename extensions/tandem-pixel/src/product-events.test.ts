// The web pixel's storefront events (Shopify's product_viewed and product_added_to_cart)
// and its own _fbp, driven like Shopify drives the pixel: settings, init, standard events
// of Shopify's documented shape. Outbound requests are recorded instead of sent.
import { describe, expect, it } from "vitest";
import { pixelReceiptSchema } from "../../../app/capi/pixel-receipt";
import { createTandemPixel, type PixelApi } from "./pixel";
import { ensureFbp } from "./fbp-cookie";

const NOW = 1_764_140_000_123;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const GRANTED = { marketingAllowed: true, analyticsProcessingAllowed: true, saleOfDataAllowed: true };
const RECEIPT_URL = "https://tandem.example.com/pixel/events";
const SETTINGS = {
  pixelIds: "111",
  events: "Purchase,ViewContent,AddToCart",
  serverCopies: "AddToCart",
  receiptUrl: RECEIPT_URL,
  shopKey: "shop_k3y",
  catalogIdRule: "variant_id",
  catalogCountry: "US",
};
const VARIANT = {
  id: "gid://shopify/ProductVariant/41001",
  sku: "TEE-S",
  title: "S",
  price: { amount: 19.99, currencyCode: "EUR" },
  product: { id: "gid://shopify/Product/8001", title: "Tee" },
};

/** A cookie jar like the browser's: a set with a domain wider than allowed is ignored. */
function jar(refuse: (cookie: string) => boolean = () => false) {
  const cookies: Record<string, string> = {};
  const written: string[] = [];
  return {
    cookies,
    written,
    get: async (name: string) => cookies[name] ?? "",
    set: async (cookie: string) => {
      written.push(cookie);
      if (refuse(cookie)) return "";
      const [pair] = cookie.split(";");
      const at = pair.indexOf("=");
      cookies[pair.slice(0, at)] = pair.slice(at + 1);
      return cookie;
    },
  };
}

function drive(settings: Record<string, string> = {}, privacy = GRANTED, cookies = jar()) {
  const requests: Array<{ url: string; init: RequestInit }> = [];
  const handlers: Record<string, (event: unknown) => Promise<void> | undefined> = {};
  const api: PixelApi = {
    settings: { ...SETTINGS, ...settings },
    analytics: { subscribe: (name, callback) => (handlers[name] = callback as never) },
    browser: { cookie: cookies },
    init: { customerPrivacy: privacy, data: { customer: null } },
  };
  createTandemPixel({ fetch: async (url, init) => void requests.push({ url, init }), now: () => NOW, random: () => 0.5 })(api);
  const context = {
    document: {
      location: { href: "https://shop.example.com/products/tee?variant=41001", search: "?variant=41001", hostname: "shop.example.com" },
      referrer: "",
    },
  };
  return {
    handlers,
    cookies,
    hits: () =>
      requests.filter((r) => r.url.startsWith("https://www.facebook.com/tr?")).map((r) => Object.fromEntries(new URL(r.url).searchParams)),
    receipts: () => requests.filter((r) => r.url === RECEIPT_URL).map((r) => JSON.parse(String(r.init.body))),
    viewed: () =>
      handlers.product_viewed?.({
        name: "product_viewed",
        timestamp: new Date(NOW).toISOString(),
        context,
        data: { productVariant: VARIANT },
      }),
    added: (quantity: number) =>
      handlers.product_added_to_cart?.({
        name: "product_added_to_cart",
        timestamp: new Date(NOW).toISOString(),
        context,
        data: { cartLine: { quantity, merchandise: VARIANT, cost: { totalAmount: { amount: 19.99 * quantity, currencyCode: "EUR" } } } },
      }),
  };
}

describe("web pixel: storefront events", () => {
  it("GIVEN product_added_to_cart WHEN the shop wants the server copy THEN one Meta hit and one receipt with the same fresh uuid, the products and prices", async () => {
    const pixel = drive();
    await pixel.added(3);
    const [hit] = pixel.hits();
    expect(hit).toMatchObject({
      id: "111",
      ev: "AddToCart",
      "cd[value]": "59.97",
      "cd[currency]": "EUR",
      "cd[content_ids]": '["41001"]',
      "cd[num_items]": "3",
    });
    expect(hit.eid).toMatch(UUID);
    const [receipt] = pixel.receipts();
    expect(pixelReceiptSchema.parse(receipt)).toMatchObject({
      event_name: "AddToCart",
      event_id: hit.eid,
      consent: { marketing: true, sale_of_data: true },
      custom_data: {
        value: 59.97,
        currency: "EUR",
        content_ids: ["41001"],
        contents: [{ id: "41001", quantity: 3, item_price: 19.99 }],
        content_type: "product",
        num_items: 3,
      },
    });
  });

  it("GIVEN two adds THEN two different ids (each add is its own event)", async () => {
    const pixel = drive();
    await pixel.added(1);
    await pixel.added(1);
    const [a, b] = pixel.hits();
    expect(a.eid).not.toBe(b.eid);
  });

  it("GIVEN product_viewed WHEN the shop does not want its server copy THEN the Meta hit alone, no receipt", async () => {
    const pixel = drive();
    await pixel.viewed();
    expect(pixel.hits()).toEqual([expect.objectContaining({ ev: "ViewContent", "cd[value]": "19.99", "cd[num_items]": "1" })]);
    expect(pixel.receipts()).toEqual([]);
  });

  it("GIVEN settings written before the web pixel took the storefront events THEN it does not subscribe (the theme embed still fires them)", () => {
    expect(Object.keys(drive({ events: "" }).handlers).sort()).toEqual([
      "checkout_completed",
      "checkout_started",
      "payment_info_submitted",
    ]);
  });

  it("GIVEN a visitor without marketing consent THEN no hit and no receipt", async () => {
    const pixel = drive({}, { ...GRANTED, marketingAllowed: false });
    await pixel.added(1);
    expect([pixel.hits(), pixel.receipts()]).toEqual([[], []]);
  });
});

describe("web pixel: its own _fbp when fbevents.js set none", () => {
  it("GIVEN no _fbp WHEN an event fires with consent THEN _fbp is written on the top-level domain for 90 days in Meta's format and sent", async () => {
    const pixel = drive();
    await pixel.added(1);
    const value = `fb.1.${NOW}.1073741823`;
    expect(pixel.cookies.written).toEqual([`_fbp=${value}; path=/; max-age=7776000; SameSite=Lax; domain=example.com`]);
    expect(pixel.hits()[0].fbp).toBe(value);
    expect(pixel.receipts()[0].fbp).toBe(value);
  });

  it("GIVEN fbevents.js's _fbp THEN it is kept and nothing is written", async () => {
    const cookies = jar();
    cookies.cookies._fbp = "fb.2.1700000000000.42";
    const pixel = drive({}, GRANTED, cookies);
    await pixel.viewed();
    expect(cookies.written).toEqual([]);
    expect(pixel.hits()[0].fbp).toBe("fb.2.1700000000000.42");
  });

  it("GIVEN a public suffix the browser refuses (shop.example.co.uk) THEN the next wider domain takes it, with its subdomain index", async () => {
    const cookies = jar((cookie) => cookie.endsWith("domain=co.uk"));
    expect(await ensureFbp(cookies, "shop.example.co.uk", NOW, () => 0)).toBe(`fb.2.${NOW}.0`);
    expect(cookies.written.map((c) => c.split("domain=")[1])).toEqual(["co.uk", "example.co.uk"]);
  });

  it("GIVEN no marketing consent THEN no cookie is written", async () => {
    const pixel = drive({}, { ...GRANTED, marketingAllowed: false });
    await pixel.added(1);
    expect(pixel.cookies.written).toEqual([]);
  });
});
