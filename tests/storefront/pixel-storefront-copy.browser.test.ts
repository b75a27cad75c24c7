// The web pixel's AddToCart, end to end: the built bundle runs in a Chromium Web Worker (as
// Shopify's strict sandbox does) under a stand-in pixel manager that publishes Shopify's
// standard product_added_to_cart; its Meta hit is caught, its receipt goes to the BUILT
// app, and the app's server copy reaches the Meta emulator with the same event id
// (docs/decisions/042).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { configureDestination } from "~/models/destinations.server";
import { launchChromium } from "../../scripts/lib/chromium";
import { startApp, type AppProcess } from "../../scripts/lib/app-process";
import { startMetaEmulator, type MetaEmulator } from "../../scripts/lib/meta-emulator";
import { waitFor } from "../support/wait-for";
import { buildWebPixel } from "./bundle-sizes";

const SHOP = "storefront-copy.myshopify.com";
const PIXEL_ID = "3141592653589793";
// A shopper's browser: Chromium's own headless user agent is (rightly) never copied.
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

// The stand-in pixel manager, in the worker: hands the pixel Shopify's standard API (with a
// cookie jar over a plain map, as the sandbox proxies the page's cookies), then publishes
// the event it is given.
const MANAGER = String.raw`
self.onmessage = async (message) => {
  const { settings, event, pixelUrl } = message.data;
  const subscribers = {};
  const cookies = {};
  self.shopify = { extend: (_point, extend) => extend({
    settings,
    analytics: { subscribe: (name, callback) => { (subscribers[name] = subscribers[name] || []).push(callback); } },
    browser: { cookie: {
      get: async (name) => cookies[name] || "",
      set: async (cookie) => { const pair = cookie.split(";")[0]; const at = pair.indexOf("="); cookies[pair.slice(0, at)] = pair.slice(at + 1); return cookie; },
    } },
    init: { customerPrivacy: { marketingAllowed: true, analyticsProcessingAllowed: true, saleOfDataAllowed: true, preferencesProcessingAllowed: false }, data: { customer: null } },
    customerPrivacy: { subscribe: () => {} },
  }) };
  importScripts(pixelUrl);
  for (const callback of subscribers[event.name] || []) await callback(event);
  self.postMessage({ cookies });
};`;

let browser: Browser;
let server: Server;
let app: AppProcess;
let meta: MetaEmulator;
let base = "";
let pixelCode = "";

beforeAll(async () => {
  pixelCode = await buildWebPixel();
  server = createServer((request, response) => {
    if (request.url === "/pixel.js") return void response.writeHead(200, { "Content-Type": "text/javascript" }).end(pixelCode);
    if (request.url === "/manager.js") return void response.writeHead(200, { "Content-Type": "text/javascript" }).end(MANAGER);
    response.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>Tee</title><h1>Tee</h1>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  meta = await startMetaEmulator();
  expect(await configureDestination(SHOP, { pixelId: PIXEL_ID, accessToken: "EAAB" + "s".repeat(40) })).toMatchObject({ ok: true });
  await prisma.shop.update({
    where: { domain: SHOP },
    data: { shopKey: "copy-shop-key", settings: JSON.stringify({ serverCopies: { addToCart: "on" } }) },
  });
  app = await startApp({ META_GRAPH_API_URL: meta.url, WORKER: "inline" });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await meta?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe("the web pixel's AddToCart, in Chromium, through the built app", () => {
  it("GIVEN a shop that wants AddToCart server copies WHEN Shopify publishes product_added_to_cart THEN Meta gets the browser hit and the server event with the same id", async () => {
    const context = await browser.newContext({ userAgent: USER_AGENT });
    const hits: string[] = [];
    await context.route("https://www.facebook.com/tr**", (route) => {
      hits.push(route.request().url());
      return route.fulfill({ status: 200, contentType: "image/gif", body: Buffer.from("R0lGODlhAQABAAAAACw=", "base64") });
    });
    const page = await context.newPage();
    await page.goto(`${base}/products/tee`);
    const settings = {
      pixelIds: PIXEL_ID,
      events: "Purchase,ViewContent,AddToCart",
      serverCopies: "AddToCart",
      receiptUrl: `${app.url}/pixel/events`,
      shopKey: "copy-shop-key",
      catalogIdRule: "variant_id",
      catalogCountry: "US",
    };
    const event = {
      name: "product_added_to_cart",
      timestamp: new Date().toISOString(),
      context: { document: { location: { href: `${base}/products/tee`, search: "", hostname: "127.0.0.1" }, referrer: "" } },
      data: {
        cartLine: {
          quantity: 2,
          cost: { totalAmount: { amount: 39.98, currencyCode: "EUR" } },
          merchandise: {
            id: "gid://shopify/ProductVariant/41001",
            sku: "TEE-S",
            price: { amount: 19.99, currencyCode: "EUR" },
            product: { id: "gid://shopify/Product/8001" },
          },
        },
      },
    };
    const result = await page.evaluate(
      ({ settings, event, base }) =>
        new Promise<{ cookies: Record<string, string> }>((resolve, reject) => {
          const worker = new Worker(`${base}/manager.js`);
          worker.onmessage = (m) => resolve(m.data);
          worker.onerror = (e) => reject(new Error(e.message));
          worker.postMessage({ settings, event, pixelUrl: `${base}/pixel.js` });
        }),
      { settings, event, base },
    );
    await context.close();

    expect(hits).toHaveLength(1);
    const hit = new URL(hits[0]).searchParams;
    expect([hit.get("ev"), hit.get("cd[value]"), hit.get("cd[currency]")]).toEqual(["AddToCart", "39.98", "EUR"]);
    const eventId = hit.get("eid")!;
    expect(eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // fbevents.js never ran here: the pixel wrote its own _fbp, and sent it.
    expect(result.cookies._fbp).toMatch(/^fb\.1\.\d{13}\.\d+$/);
    expect(hit.get("fbp")).toBe(result.cookies._fbp);

    const server = await waitFor(
      () => meta.accepted().find((entry) => entry.event.event_name === "AddToCart" && entry.event.event_id === eventId),
      "the server's AddToCart at the Meta emulator",
      { timeoutMs: 60_000 },
    );
    expect(server.pixelId).toBe(PIXEL_ID);
    expect(server.event).toMatchObject({
      action_source: "website",
      user_data: { fbp: result.cookies._fbp, client_user_agent: USER_AGENT },
      custom_data: { value: 39.98, currency: "EUR", content_ids: ["41001"], num_items: 2 },
    });
    // The receipt came from 127.0.0.1: a loopback address is never sent.
    expect((server.event.user_data as Record<string, unknown>).client_ip_address).toBeUndefined();
    expect(meta.accepted().filter((entry) => entry.event.event_name === "AddToCart")).toHaveLength(1);
  }, 120_000);
});
