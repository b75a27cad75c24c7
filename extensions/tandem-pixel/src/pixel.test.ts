// The web pixel driven like Shopify drives it: settings, init, analytics events with
// realistic checkouts. Outbound requests are recorded instead of sent (Meta is not
// reachable from tests); every parameter of every hit and every receipt is checked.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { pixelReceiptSchema } from "../../../app/capi/pixel-receipt";
import { createTandemPixel, type PixelApi } from "./pixel";
import type { CheckoutLike } from "./custom-data";

const NOW = 1_764_140_000_123;
const TIMESTAMP = "2025-11-26T07:00:00.000Z";
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

// The receipt's contract, written independently of the server's schema (which is also checked),
// so a change on one side alone fails here.
const receiptContract = z.strictObject({
  v: z.literal(1),
  shop_key: z.string(),
  event_name: z.enum(["InitiateCheckout", "AddPaymentInfo", "Purchase"]),
  event_id: z.string(),
  consent: z.strictObject({ marketing: z.boolean(), analytics: z.boolean(), sale_of_data: z.boolean() }),
  fbp: z.string().nullable(),
  fbc: z.string().nullable(),
  page_url: z.string().nullable(),
  occurred_at: z.number().int(),
  contact: z.strictObject({ email: z.boolean(), phone: z.boolean() }).optional(),
});

const GRANTED = { marketingAllowed: true, analyticsProcessingAllowed: true, saleOfDataAllowed: true, preferencesProcessingAllowed: false };
const DENIED = {
  marketingAllowed: false,
  analyticsProcessingAllowed: false,
  saleOfDataAllowed: false,
  preferencesProcessingAllowed: false,
};
const BASE_SETTINGS = {
  pixelIds: "111, 222",
  receiptUrl: "https://tandem.example.com/pixel/events",
  shopKey: "shop_k3y",
  includeShipping: "true",
  includeTax: "false",
  catalogIdRule: "variant_id",
  catalogCountry: "US",
  sendHashedEmail: "false",
  sendHashedPhone: "false",
};
const PAGE = "https://shop.example.com/checkouts/cn/Z2NwLXVzLWVhc3Qx?locale=en";

const money = (amount: number, currencyCode: string) => ({ amount, currencyCode });

// USD, a line discount, a float-unfriendly price, shipping and exclusive tax.
const USD_CHECKOUT: CheckoutLike = {
  token: "b1946ac92492d2347c6235b4d2611184",
  currencyCode: "USD",
  email: "shopper@example.com",
  phone: "+16505551212",
  order: null,
  attributes: [{ key: "_fbc", value: "fb.1.1700000000001.AbCdEf" }],
  lineItems: [
    {
      quantity: 2,
      discountAllocations: [{ amount: money(4, "USD") }],
      variant: {
        id: "gid://shopify/ProductVariant/41001",
        sku: "TEE-S",
        price: money(19.99, "USD"),
        product: { id: "gid://shopify/Product/8001" },
      },
    },
    { quantity: 3, discountAllocations: [], variant: { id: "41003", sku: null, price: money(0.1, "USD"), product: { id: "8002" } } },
  ],
  subtotalPrice: money(36.28, "USD"),
  shippingLine: { price: money(5, "USD") },
  totalTax: money(2.9, "USD"),
  totalPrice: money(44.18, "USD"),
};

// EUR presentment, tax-inclusive prices, an order-level discount allocated to a line.
const EUR_ORDER: CheckoutLike = {
  token: "c0ffee",
  currencyCode: "EUR",
  email: " John_Smith@Gmail.com ",
  phone: "+1 (650) 555-1212",
  order: { id: "gid://shopify/OrderIdentity/5678901234567", customer: { id: "gid://shopify/Customer/7390123456" } },
  attributes: [],
  lineItems: [
    {
      quantity: 1,
      discountAllocations: [{ amount: money(10, "EUR") }],
      variant: { id: "41001", sku: "TEE-S", price: money(100, "EUR"), product: { id: "8001" } },
    },
    { quantity: 2, discountAllocations: [], variant: { id: "41002", sku: "TEE-M", price: money(15.5, "EUR"), product: { id: "8001" } } },
  ],
  subtotalPrice: money(121, "EUR"),
  shippingLine: { price: money(4.9, "EUR") },
  totalTax: money(20.99, "EUR"),
  totalPrice: money(125.9, "EUR"),
};

function drive(
  opts: { settings?: Record<string, string>; privacy?: typeof GRANTED; cookies?: Record<string, string>; customerId?: string | null } = {},
) {
  const requests: Array<{ url: string; init: RequestInit }> = [];
  const handlers: Record<string, (event: unknown) => Promise<void>> = {};
  let onConsent: ((event: { customerPrivacy: typeof GRANTED }) => void) | undefined;
  const api: PixelApi = {
    settings: { ...BASE_SETTINGS, ...opts.settings },
    analytics: { subscribe: (name, callback) => (handlers[name] = callback as never) },
    browser: { cookie: { get: async (name) => opts.cookies?.[name] ?? "" } },
    init: { customerPrivacy: opts.privacy ?? GRANTED, data: { customer: opts.customerId ? { id: opts.customerId } : null } },
    customerPrivacy: { subscribe: (_name, callback) => (onConsent = callback) },
  };
  createTandemPixel({ fetch: async (url, init) => void requests.push({ url, init }), now: () => NOW })(api);
  return {
    requests,
    hits: () => requests.filter((r) => r.url.startsWith("https://www.facebook.com/tr?")),
    receipts: () => requests.filter((r) => r.url === BASE_SETTINGS.receiptUrl),
    emit: (name: string, checkout: CheckoutLike, search = "?locale=en", referrer = "https://shop.example.com/cart") =>
      handlers[name]({
        name,
        timestamp: TIMESTAMP,
        context: { document: { location: { href: PAGE, search }, referrer } },
        data: { checkout },
      }),
    consent: (customerPrivacy: typeof GRANTED) => onConsent?.({ customerPrivacy }),
  };
}

function hitParams(request: { url: string; init: RequestInit }) {
  const url = new URL(request.url);
  expect(`${url.origin}${url.pathname}`).toBe("https://www.facebook.com/tr");
  expect(request.init).toEqual({ method: "GET", mode: "no-cors", keepalive: true });
  return Object.fromEntries(url.searchParams);
}

function receiptBody(request: { url: string; init: RequestInit }) {
  expect(request.init.method).toBe("POST");
  expect(request.init.keepalive).toBe(true);
  expect(request.init.headers).toEqual({ "Content-Type": "application/json" });
  const body = JSON.parse(String(request.init.body));
  receiptContract.parse(body);
  pixelReceiptSchema.parse(body);
  return body;
}

describe("web pixel", () => {
  it("subscribes to the three checkout events", () => {
    const { emit } = drive();
    for (const name of ["checkout_started", "payment_info_submitted", "checkout_completed"]) expect(() => emit(name, {})).not.toThrow();
  });

  it("GIVEN the shop sends only Purchase WHEN checkout events fire THEN only checkout_completed produces a hit and a receipt", async () => {
    const pixel = drive({ settings: { events: "Purchase" } });
    // Not subscribed at all: Shopify never hands the pixel a checkout_started event.
    expect(() => pixel.emit("checkout_started", USD_CHECKOUT)).toThrow(TypeError);
    await pixel.emit("checkout_completed", EUR_ORDER);
    expect(pixel.hits().map((hit) => [hitParams(hit).id, hitParams(hit).ev])).toEqual([
      ["111", "Purchase"],
      ["222", "Purchase"],
    ]);
    expect(pixel.receipts().map((r) => receiptBody(r).event_name)).toEqual(["Purchase"]);
  });

  it("GIVEN marketing consent WHEN checkout_started THEN one InitiateCheckout hit per pixel with every parameter, then a receipt", async () => {
    const pixel = drive({ cookies: { _fbp: "fb.1.1700000000000.123456789" }, customerId: "7390123456" });
    await pixel.emit("checkout_started", USD_CHECKOUT);

    const hits = pixel.hits().map(hitParams);
    const expected = {
      ev: "InitiateCheckout",
      eid: "ic_b1946ac92492d2347c6235b4d2611184",
      dl: PAGE,
      rl: "https://shop.example.com/cart",
      ts: String(Date.parse(TIMESTAMP)),
      fbp: "fb.1.1700000000000.123456789",
      fbc: "fb.1.1700000000001.AbCdEf",
      "cd[value]": "41.28",
      "cd[currency]": "USD",
      "cd[content_ids]": '["41001","41003"]',
      "cd[content_type]": "product",
      "cd[num_items]": "5",
      "ud[external_id]": sha256("7390123456"),
    };
    expect(hits).toEqual([
      { id: "111", ...expected },
      { id: "222", ...expected },
    ]);

    expect(pixel.receipts()).toHaveLength(1);
    expect(receiptBody(pixel.receipts()[0])).toEqual({
      v: 1,
      shop_key: "shop_k3y",
      event_name: "InitiateCheckout",
      event_id: "ic_b1946ac92492d2347c6235b4d2611184",
      consent: { marketing: true, analytics: true, sale_of_data: true },
      fbp: "fb.1.1700000000000.123456789",
      fbc: "fb.1.1700000000001.AbCdEf",
      page_url: PAGE,
      occurred_at: Date.parse(TIMESTAMP),
    });
  });

  it("GIVEN a gid order id, tax-inclusive EUR prices, product_id rule, hashed email/phone switched on and sale of data denied WHEN checkout_completed THEN the Purchase hit carries them all with LDU", async () => {
    const pixel = drive({
      privacy: { ...GRANTED, saleOfDataAllowed: false },
      settings: {
        pixelIds: "111",
        catalogIdRule: "product_id",
        includeShipping: "false",
        sendHashedEmail: "true",
        sendHashedPhone: "true",
      },
    });
    await pixel.emit("checkout_completed", EUR_ORDER);

    expect(pixel.hits().map(hitParams)).toEqual([
      {
        id: "111",
        ev: "Purchase",
        eid: "purchase_5678901234567",
        dl: PAGE,
        rl: "https://shop.example.com/cart",
        ts: String(Date.parse(TIMESTAMP)),
        // 100 - 10 + 2 x 15.50 = 121.00 with 20.99 tax inside; tax excluded, shipping excluded.
        "cd[value]": "100.01",
        "cd[currency]": "EUR",
        "cd[content_ids]": '["8001"]',
        "cd[content_type]": "product_group",
        "cd[num_items]": "3",
        "ud[external_id]": sha256("7390123456"),
        "ud[em]": "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f",
        "ud[ph]": "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176",
        dpo: "LDU",
        dpoco: "0",
        dpost: "0",
      },
    ]);
    expect(receiptBody(pixel.receipts()[0])).toMatchObject({
      event_name: "Purchase",
      event_id: "purchase_5678901234567",
      consent: { marketing: true, analytics: true, sale_of_data: false },
      fbp: null,
      fbc: null,
    });
  });

  it("GIVEN a bare order id in JPY and the shopify_feed rule WHEN checkout_completed THEN whole-yen value with tax and feed ids", async () => {
    const pixel = drive({ settings: { pixelIds: "111", catalogIdRule: "shopify_feed", catalogCountry: "de", includeTax: "true" } });
    await pixel.emit("checkout_completed", {
      token: "t",
      currencyCode: "JPY",
      order: { id: "5678901234567" },
      attributes: [],
      lineItems: [
        {
          quantity: 2,
          discountAllocations: [],
          variant: { id: "41001", sku: "TEE-S", price: money(1500, "JPY"), product: { id: "8001" } },
        },
      ],
      subtotalPrice: money(3000, "JPY"),
      shippingLine: null,
      totalTax: money(300, "JPY"),
      totalPrice: money(3300, "JPY"),
    });
    const [hit] = pixel.hits().map(hitParams);
    expect(hit).toMatchObject({
      eid: "purchase_5678901234567",
      "cd[value]": "3300",
      "cd[currency]": "JPY",
      "cd[content_ids]": '["shopify_DE_8001_41001"]',
      "cd[num_items]": "2",
    });
  });

  it("GIVEN KWD and the sku rule WHEN payment_info_submitted THEN AddPaymentInfo with three-decimal value and lines without SKU left out of the ids", async () => {
    const pixel = drive({ settings: { pixelIds: "111", catalogIdRule: "sku", includeShipping: "false" } });
    await pixel.emit("payment_info_submitted", {
      token: " Z2NwLXVzLWVhc3QxOjAxSjlBQ0 ",
      currencyCode: "KWD",
      attributes: [],
      lineItems: [
        { quantity: 1, discountAllocations: [], variant: { id: "1", sku: "KW-1", price: money(1.235, "KWD"), product: { id: "9" } } },
        { quantity: 2, discountAllocations: [], variant: { id: "2", sku: null, price: money(0.105, "KWD"), product: { id: "9" } } },
      ],
      subtotalPrice: money(1.445, "KWD"),
      totalTax: money(0, "KWD"),
      totalPrice: money(1.445, "KWD"),
    });
    const [hit] = pixel.hits().map(hitParams);
    expect(hit).toMatchObject({
      ev: "AddPaymentInfo",
      eid: "api_Z2NwLXVzLWVhc3QxOjAxSjlBQ0",
      "cd[value]": "1.445",
      "cd[currency]": "KWD",
      "cd[content_ids]": '["KW-1"]',
      "cd[num_items]": "3",
    });
    expect(receiptBody(pixel.receipts()[0]).event_id).toBe("api_Z2NwLXVzLWVhc3QxOjAxSjlBQ0");
  });

  it("GIVEN marketing denied WHEN checkout events fire THEN no Meta hit, and a receipt with marketing false and no fbp/fbc", async () => {
    const pixel = drive({ privacy: { ...DENIED, analyticsProcessingAllowed: true }, cookies: { _fbp: "fb.1.1.2", _fbc: "fb.1.1.x" } });
    await pixel.emit("checkout_started", USD_CHECKOUT);
    await pixel.emit("checkout_completed", EUR_ORDER);

    expect(pixel.hits()).toEqual([]);
    expect(pixel.receipts().map(receiptBody)).toEqual([
      {
        v: 1,
        shop_key: "shop_k3y",
        event_name: "InitiateCheckout",
        event_id: "ic_b1946ac92492d2347c6235b4d2611184",
        consent: { marketing: false, analytics: true, sale_of_data: false },
        fbp: null,
        fbc: null,
        page_url: PAGE,
        occurred_at: Date.parse(TIMESTAMP),
      },
      {
        v: 1,
        shop_key: "shop_k3y",
        event_name: "Purchase",
        event_id: "purchase_5678901234567",
        consent: { marketing: false, analytics: true, sale_of_data: false },
        fbp: null,
        fbc: null,
        page_url: PAGE,
        occurred_at: Date.parse(TIMESTAMP),
        contact: { email: true, phone: true },
      },
    ]);
  });

  it("GIVEN Shopify withholding e-mail and phone (no protected customer data approval) WHEN checkout completes THEN no ud[em]/ud[ph], and the receipt says both were absent", async () => {
    const pixel = drive({ privacy: GRANTED, settings: { pixelIds: "111", sendHashedEmail: "true", sendHashedPhone: "true" } });
    await pixel.emit("checkout_completed", { ...EUR_ORDER, email: null, phone: null });
    const hit = hitParams(pixel.hits()[0]);
    expect([hit["ud[em]"], hit["ud[ph]"]]).toEqual([undefined, undefined]);
    expect(receiptBody(pixel.receipts()[0]).contact).toEqual({ email: false, phone: false });
  });

  it("GIVEN marketing denied at load WHEN the visitor grants it (visitorConsentCollected) THEN later events are sent", async () => {
    const pixel = drive({ privacy: DENIED, settings: { pixelIds: "111" } });
    await pixel.emit("checkout_started", USD_CHECKOUT);
    expect(pixel.hits()).toHaveLength(0);
    pixel.consent(GRANTED);
    await pixel.emit("payment_info_submitted", USD_CHECKOUT);
    expect(pixel.hits().map((h) => hitParams(h).ev)).toEqual(["AddPaymentInfo"]);
    expect(receiptBody(pixel.receipts()[1]).consent.marketing).toBe(true);
  });

  it("GIVEN no _fbc cookie or attribute but an fbclid in the URL, and a phone not in + form THEN fbc is built and no ud[ph]", async () => {
    const pixel = drive({ settings: { pixelIds: "111", sendHashedPhone: "true" } });
    await pixel.emit(
      "checkout_started",
      { ...USD_CHECKOUT, attributes: [{ key: "_fbp", value: "fb.1.5.6" }], phone: "(650) 555-1212" },
      "?fbclid=IwAR_Xy-9",
    );
    const [hit] = pixel.hits().map(hitParams);
    expect(hit.fbc).toBe(`fb.1.${NOW}.IwAR_Xy-9`);
    expect(hit.fbp).toBe("fb.1.5.6");
    expect(hit).not.toHaveProperty("ud[ph]");
    expect(hit).not.toHaveProperty("ud[em]");
  });

  it("GIVEN a checkout_completed without an order id THEN the hit goes without eid and no receipt is posted", async () => {
    const pixel = drive({ settings: { pixelIds: "111" } });
    await pixel.emit("checkout_completed", { ...EUR_ORDER, order: { id: null } });
    const [hit] = pixel.hits().map(hitParams);
    expect(hit.ev).toBe("Purchase");
    expect(hit).not.toHaveProperty("eid");
    expect(pixel.receipts()).toEqual([]);
  });

  it.each([
    [
      "an older _fbc cookie and a new fbclid in the URL",
      { _fbc: "fb.1.1700000000000.IwAR_old" },
      "?fbclid=IwAR_new",
      undefined,
      `fb.1.${NOW}.IwAR_new`,
    ],
    [
      "an older _fbc cookie and a new fbclid only in the referrer",
      { _fbc: "fb.1.1700000000000.IwAR_old" },
      "?locale=en",
      "https://l.facebook.com/l.php?fbclid=IwAR_ref",
      `fb.1.${NOW}.IwAR_ref`,
    ],
    [
      "the same click id as the cookie",
      { _fbc: "fb.1.1700000000000.IwAR_same" },
      "?fbclid=IwAR_same",
      undefined,
      "fb.1.1700000000000.IwAR_same",
    ],
    [
      "an fbclid that is not a click id",
      { _fbc: "fb.1.1700000000000.IwAR_old" },
      "?fbclid=%3Cscript%3E",
      undefined,
      "fb.1.1700000000000.IwAR_old",
    ],
  ])("GIVEN %s THEN the hit and the receipt carry the freshest click", async (_label, cookies, search, referrer, fbc) => {
    const pixel = drive({ settings: { pixelIds: "111" }, cookies });
    await pixel.emit("checkout_started", { ...USD_CHECKOUT, attributes: [] }, search, referrer);
    expect(hitParams(pixel.hits()[0]).fbc).toBe(fbc);
    expect(receiptBody(pixel.receipts()[0]).fbc).toBe(fbc);
  });
});
