// The web pixel as Shopify loads it, in real Chromium: the built bundle runs in a Web
// Worker (Shopify's strict sandbox is one) under a stand-in for Shopify's pixel manager,
// which loads a pixel only when the visitor grants every permission its
// shopify.extension.toml declares as required (shopify.dev, "Pixel Privacy"). So what is
// tested is the declaration itself (docs/decisions/050) and the pixel's behaviour under it.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Browser } from "playwright-core";
import { launchChromium } from "../../scripts/lib/chromium";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pixelReceiptSchema } from "~/capi/pixel-receipt";
import { buildWebPixel } from "./bundle-sizes";

/** The `[customer_privacy]` table of the pixel's toml, read as Shopify's CLI reads it. */
function declaredPrivacy(): { analytics: boolean; marketing: boolean; preferences: boolean; sale_of_data: string } {
  const toml = readFileSync("extensions/tandem-pixel/shopify.extension.toml", "utf8");
  const table = /^\[customer_privacy\]\n([\s\S]*?)(?=^\[)/m.exec(toml)?.[1] ?? "";
  const value = (key: string) => new RegExp(`^${key}\\s*=\\s*("?)([\\w]+)\\1`, "m").exec(table)?.[2];
  return {
    analytics: value("analytics") === "true",
    marketing: value("marketing") === "true",
    preferences: value("preferences") === "true",
    sale_of_data: value("sale_of_data") ?? "",
  };
}

// The stand-in pixel manager, in the worker: loads the pixel only with the declared
// permissions, hands it the standard API, then publishes one checkout_completed.
const MANAGER = String.raw`
self.onmessage = async (message) => {
  const { declared, visitor, settings, event, pixelUrl, cookies } = message.data;
  const required = ["analytics", "marketing", "preferences"].filter((k) => declared[k]);
  const allowed = required.every((k) => visitor[k]) && (declared.sale_of_data !== "enabled" || visitor.sale_of_data);
  if (!allowed) { self.postMessage({ loaded: false }); return; }
  const subscribers = {};
  self.shopify = { extend: (_point, extend) => extend({
    settings,
    analytics: { subscribe: (name, callback) => { (subscribers[name] = subscribers[name] || []).push(callback); } },
    browser: { cookie: { get: async (name) => cookies[name] ?? "", set: async (cookie) => cookie } },
    init: { customerPrivacy: { marketingAllowed: visitor.marketing, analyticsProcessingAllowed: visitor.analytics, saleOfDataAllowed: visitor.sale_of_data, preferencesProcessingAllowed: visitor.preferences }, data: { customer: null } },
    customerPrivacy: { subscribe: () => {} },
  }) };
  importScripts(pixelUrl);
  for (const callback of subscribers[event.name] || []) await callback(event);
  self.postMessage({ loaded: true });
};`;

const CHECKOUT = {
  token: "c0ffee0000000000000000000000beef",
  currencyCode: "EUR",
  email: null,
  phone: null,
  order: { id: "gid://shopify/OrderIdentity/5550000012345", customer: null },
  attributes: [],
  subtotalPrice: { amount: 40, currencyCode: "EUR" },
  totalPrice: { amount: 40, currencyCode: "EUR" },
  totalTax: { amount: 0, currencyCode: "EUR" },
  lineItems: [
    {
      quantity: 2,
      variant: { id: "44000000001", sku: "TEE-1", price: { amount: 20, currencyCode: "EUR" }, product: { id: "7000000001" } },
      discountAllocations: [],
    },
  ],
};

let browser: Browser;
let server: Server;
let base = "";
let pixelCode = "";
const receipts: unknown[] = [];
const metaHits: string[] = [];

beforeAll(async () => {
  pixelCode = await buildWebPixel();
  server = createServer((request, response) => {
    if (request.url === "/pixel.js") return void response.writeHead(200, { "Content-Type": "text/javascript" }).end(pixelCode);
    if (request.url === "/manager.js") return void response.writeHead(200, { "Content-Type": "text/javascript" }).end(MANAGER);
    if (request.url === "/pixel/events" && request.method === "POST") {
      const chunks: Buffer[] = [];
      request.on("data", (c: Buffer) => chunks.push(c));
      request.on("end", () => {
        receipts.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        response.writeHead(204).end();
      });
      return;
    }
    response.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>Thank you</title><h1>Thank you</h1>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const FBP = "fb.1.1764140000000.1234567890";
/** Where the shopper came from: the thank-you page's query, its referrer, the cookies the pixel reads. */
type Arrival = { search?: string; referrer?: string; cookies?: Record<string, string> };

/** A thank-you page whose worker runs the pixel for a visitor with these permissions. */
async function checkoutCompleted(
  visitor: { analytics: boolean; marketing: boolean; preferences: boolean; sale_of_data: boolean },
  arrival: Arrival = {},
) {
  receipts.length = 0;
  metaHits.length = 0;
  const context = await browser.newContext();
  // Meta is unreachable here: its endpoint answers like Meta's image pixel, and every hit is kept.
  await context.route("https://www.facebook.com/tr**", (route) => {
    metaHits.push(route.request().url());
    return route.fulfill({ status: 200, contentType: "image/gif", body: Buffer.from("R0lGODlhAQABAAAAACw=", "base64") });
  });
  const page = await context.newPage();
  await page.goto(`${base}/checkouts/cn/thank-you`);
  const settings = {
    pixelIds: "3141592653589793",
    events: "",
    receiptUrl: `${base}/pixel/events`,
    shopKey: "shop_k3y",
    includeShipping: "false",
    includeTax: "false",
    catalogIdRule: "variant_id",
    catalogCountry: "US",
    sendHashedEmail: "true",
    sendHashedPhone: "true",
  };
  const event = {
    name: "checkout_completed",
    timestamp: new Date().toISOString(),
    context: {
      document: {
        location: { href: `${base}/checkouts/cn/thank-you${arrival.search ?? ""}`, search: arrival.search ?? "" },
        referrer: arrival.referrer ?? "",
      },
    },
    data: { checkout: CHECKOUT },
  };
  const result = await page.evaluate(
    ({ declared, visitor, settings, event, base, cookies }) =>
      new Promise<{ loaded: boolean }>((resolve, reject) => {
        const worker = new Worker(`${base}/manager.js`);
        worker.onmessage = (m) => resolve(m.data);
        worker.onerror = (e) => reject(new Error(e.message));
        worker.postMessage({ declared, visitor, settings, event, pixelUrl: `${base}/pixel.js`, cookies });
      }),
    { declared: declaredPrivacy(), visitor, settings, event, base, cookies: arrival.cookies ?? { _fbp: FBP } },
  );
  await context.close();
  return result;
}

describe("the web pixel's consent declaration, in Chromium", () => {
  it("GIVEN the toml THEN the pixel declares marketing as required, and Limited Data Use for sale-of-data opt-outs", () => {
    expect(declaredPrivacy()).toEqual({ analytics: false, marketing: true, preferences: false, sale_of_data: "ldu" });
  });

  it("GIVEN a visitor who allows marketing WHEN checkout completes THEN one Meta hit with the Purchase event id and one receipt saying so", async () => {
    expect(await checkoutCompleted({ analytics: true, marketing: true, preferences: false, sale_of_data: true })).toEqual({ loaded: true });
    expect(metaHits).toHaveLength(1);
    const hit = new URL(metaHits[0]);
    expect([hit.searchParams.get("id"), hit.searchParams.get("ev"), hit.searchParams.get("eid"), hit.searchParams.get("dpo")]).toEqual([
      "3141592653589793",
      "Purchase",
      "purchase_5550000012345",
      null,
    ]);
    expect(receipts).toHaveLength(1);
    const receipt = pixelReceiptSchema.parse(receipts[0]);
    expect(receipt).toMatchObject({
      event_name: "Purchase",
      event_id: "purchase_5550000012345",
      consent: { marketing: true, sale_of_data: true },
    });
    // Shopify gave this checkout no e-mail or phone (as without protected customer data approval): the receipt says so.
    expect(receipt.contact).toEqual({ email: false, phone: false });
  }, 60_000);

  it("GIVEN a visitor who declined marketing WHEN checkout completes THEN Shopify does not load the pixel: no Meta hit, no receipt", async () => {
    expect(await checkoutCompleted({ analytics: true, marketing: false, preferences: false, sale_of_data: true })).toEqual({
      loaded: false,
    });
    expect(metaHits).toEqual([]);
    expect(receipts).toEqual([]);
  }, 60_000);

  it("GIVEN a visitor who allows marketing but opted out of the sale of data WHEN checkout completes THEN the hit carries Meta's LDU flags and the receipt says so", async () => {
    expect(await checkoutCompleted({ analytics: true, marketing: true, preferences: false, sale_of_data: false })).toEqual({
      loaded: true,
    });
    expect(metaHits).toHaveLength(1);
    const hit = new URL(metaHits[0]);
    expect([hit.searchParams.get("dpo"), hit.searchParams.get("dpoco"), hit.searchParams.get("dpost")]).toEqual(["LDU", "0", "0"]);
    expect(pixelReceiptSchema.parse(receipts[0]).consent).toMatchObject({ marketing: true, sale_of_data: false });
  }, 60_000);
});

// The freshest click id (docs/decisions/040): a new ad click replaces an older _fbc, from the
// page's URL or, when the URL lost it, from the referrer; the Meta hit and the receipt agree.
describe("the web pixel's click id, in Chromium", () => {
  const marketing = { analytics: true, marketing: true, preferences: false, sale_of_data: true };
  const clickIdOf = (fbc: string | null | undefined) => fbc?.split(".")[3];
  const createdAt = (fbc: string | null | undefined) => Number(fbc?.split(".")[2]);

  it("GIVEN an older _fbc cookie WHEN the shopper arrives from a new ad click THEN the new fbclid replaces it with a new creation time", async () => {
    const before = Date.now();
    await checkoutCompleted(marketing, {
      search: "?fbclid=IwAR_new_click",
      cookies: { _fbp: FBP, _fbc: "fb.1.1700000000000.IwAR_old_click" },
    });
    const fbc = new URL(metaHits[0]).searchParams.get("fbc");
    expect(clickIdOf(fbc)).toBe("IwAR_new_click");
    expect(createdAt(fbc)).toBeGreaterThanOrEqual(before);
    expect(pixelReceiptSchema.parse(receipts[0]).fbc).toBe(fbc);
  }, 60_000);

  it("GIVEN the same click id as the cookie THEN the cookie's creation time is kept", async () => {
    const cookie = "fb.1.1700000000000.IwAR_same_click";
    await checkoutCompleted(marketing, { search: "?fbclid=IwAR_same_click", cookies: { _fbp: FBP, _fbc: cookie } });
    expect(new URL(metaHits[0]).searchParams.get("fbc")).toBe(cookie);
  }, 60_000);

  it("GIVEN fbclid only in the referrer THEN _fbc is built from it", async () => {
    await checkoutCompleted(marketing, { referrer: "https://shop.example/products/tee?fbclid=IwAR_from_referrer" });
    expect(clickIdOf(new URL(metaHits[0]).searchParams.get("fbc"))).toBe("IwAR_from_referrer");
  }, 60_000);
});
