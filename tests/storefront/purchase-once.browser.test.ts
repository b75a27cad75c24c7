// One Purchase per order through thank-you reloads, gateway redirects and repeated order
// webhooks, end to end in Chromium: the shopper grants consent on a storefront page with
// the theme embed (which writes _fbp and the consent record to the cart), completes the
// checkout, and the thank-you page runs the built web pixel in a Web Worker under a
// stand-in pixel manager that publishes checkout_completed on EVERY load of the page (the
// worst case of Shopify's behaviour), with Shopify's asynchronous browser.localStorage
// over the page's own. The pixel's hits are caught at Meta's address; its receipts and the
// signed orders/create and orders/paid webhooks (in both orders, repeated) go to the BUILT
// app, whose worker sends the server copy to the Meta emulator.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { configureDestination } from "~/models/destinations.server";
import { launchChromium } from "../../scripts/lib/chromium";
import { startApp, type AppProcess } from "../../scripts/lib/app-process";
import { startMetaEmulator, type MetaEmulator } from "../../scripts/lib/meta-emulator";
import { postWebhook } from "../../scripts/lib/shopify-webhook";
import { makeOrder } from "../../scripts/lib/store-simulator";
import { startStorefront } from "../../scripts/lib/storefront-server";
import { TEST_API_SECRET } from "../setup-env";
import { waitFor } from "../support/wait-for";
import { buildWebPixel } from "./bundle-sizes";

const SHOP = "purchase-once.myshopify.com";
const PIXEL_ID = "1414213562373095";
const SHOP_KEY = "purchase-once-key";
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const RELOADED = 6_400_000_001;
const REDIRECTED = 6_400_000_002;
const OPEN = ["pending", "retry", "in_flight", "waiting_consent", "waiting_browser", "paused"];

// The stand-in pixel manager, in the worker: Shopify's standard API (the page's cookies,
// its localStorage behind promises, each write posted back to the page), then one
// checkout_completed; "done" once the pixel's callback has finished its sends.
const MANAGER = String.raw`
self.onmessage = async (message) => {
  const { settings, event, pixelUrl, storage, cookies } = message.data;
  const subscribers = {};
  self.shopify = { extend: (_point, extend) => extend({
    settings,
    analytics: { subscribe: (name, callback) => { (subscribers[name] = subscribers[name] || []).push(callback); } },
    browser: {
      cookie: { get: async (name) => cookies[name] || "", set: async (cookie) => cookie },
      localStorage: {
        getItem: async (key) => (Object.hasOwn(storage, key) ? storage[key] : null),
        setItem: async (key, value) => { storage[key] = String(value); self.postMessage({ setItem: [key, String(value)] }); },
      },
    },
    init: { customerPrivacy: { marketingAllowed: true, analyticsProcessingAllowed: true, saleOfDataAllowed: true, preferencesProcessingAllowed: false }, data: { customer: null } },
    customerPrivacy: { subscribe: () => {} },
  }) };
  importScripts(pixelUrl);
  for (const callback of subscribers[event.name] || []) await callback(event);
  self.postMessage({ done: true });
};`;

/** The thank-you page of one order: every load hands the pixel a checkout_completed. */
function thankYouPage(orderId: number, settings: Record<string, string>): string {
  const checkout = {
    token: `tok${orderId}`,
    currencyCode: "USD",
    email: null,
    phone: null,
    order: { id: `gid://shopify/OrderIdentity/${orderId}`, customer: null },
    attributes: [],
    subtotalPrice: { amount: 61.97, currencyCode: "USD" },
    totalPrice: { amount: 72.92, currencyCode: "USD" },
    totalTax: { amount: 4.96, currencyCode: "USD" },
    lineItems: [
      { quantity: 1, variant: { id: "41001", sku: "TEE-S", price: { amount: 19.99, currencyCode: "USD" }, product: { id: "8001" } } },
    ],
  };
  const config = JSON.stringify({ settings, checkout });
  return `<!doctype html><title>Thank you</title><h1>Thank you</h1><script>
(function () {
  var config = ${config};
  var storage = {};
  for (var i = 0; i < localStorage.length; i++) storage[localStorage.key(i)] = localStorage.getItem(localStorage.key(i));
  var cookies = {};
  document.cookie.split("; ").forEach(function (pair) { var at = pair.indexOf("="); if (at > 0) cookies[pair.slice(0, at)] = pair.slice(at + 1); });
  var event = { name: "checkout_completed", timestamp: new Date().toISOString(),
    context: { document: { location: { href: location.href, search: location.search, hostname: location.hostname }, referrer: document.referrer } },
    data: { checkout: config.checkout } };
  var worker = new Worker("/manager.js");
  worker.onmessage = function (m) {
    if (m.data.setItem) localStorage.setItem(m.data.setItem[0], m.data.setItem[1]);
    if (m.data.done) window.__pixelDone = true;
  };
  worker.postMessage({ settings: config.settings, event: event, pixelUrl: location.origin + "/pixel.js", storage: storage, cookies: cookies });
})();
</script>`;
}

let browser: Browser;
let context: BrowserContext;
let page: Page;
let server: Server;
let app: AppProcess;
let meta: MetaEmulator;
let base = "";
let store: Awaited<ReturnType<typeof startStorefront>>;
const browserHits: URLSearchParams[] = [];
const statuses: number[] = [];

async function webhook(topic: "orders/create" | "orders/paid", order: object, webhookId: string) {
  statuses.push(await postWebhook(app.url, { topic, shop: SHOP, body: order, secret: TEST_API_SECRET, webhookId }));
}

/** Waits for this load's pixel to finish: its hit (if any) was made and its receipt answered. */
async function pixelRan(target: string) {
  await page.goto(target);
  await page.waitForFunction(() => (window as unknown as { __pixelDone?: boolean }).__pixelDone === true);
}

const purchasesAtMeta = (eventId: string) =>
  meta.accepted().filter((entry) => entry.event.event_name === "Purchase" && entry.event.event_id === eventId);
const purchaseHits = (eventId: string) => browserHits.filter((hit) => hit.get("ev") === "Purchase" && hit.get("eid") === eventId);

beforeAll(async () => {
  const pixelCode = await buildWebPixel();
  meta = await startMetaEmulator();
  expect(await configureDestination(SHOP, { pixelId: PIXEL_ID, accessToken: "EAAB" + "p".repeat(40) })).toMatchObject({ ok: true });
  await prisma.shop.update({ where: { domain: SHOP }, data: { shopKey: SHOP_KEY } });
  app = await startApp({ META_GRAPH_API_URL: meta.url, WORKER: "inline" });
  const settings = {
    pixelIds: PIXEL_ID,
    events: "Purchase",
    receiptUrl: `${app.url}/pixel/events`,
    shopKey: SHOP_KEY,
    catalogIdRule: "variant_id",
    catalogCountry: "US",
  };
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const order = Number(url.searchParams.get("order"));
    if (url.pathname === "/pixel.js") return void response.writeHead(200, { "Content-Type": "text/javascript" }).end(pixelCode);
    if (url.pathname === "/manager.js") return void response.writeHead(200, { "Content-Type": "text/javascript" }).end(MANAGER);
    // The payment gateway sends the shopper back to the thank-you page.
    if (url.pathname === "/gateway/return")
      return void response.writeHead(302, { Location: `/checkouts/cn/tok${order}/thank-you?order=${order}` }).end();
    if (url.pathname.endsWith("/thank-you"))
      return void response.writeHead(200, { "Content-Type": "text/html" }).end(thankYouPage(order, settings));
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  store = await startStorefront({ pixelIds: [PIXEL_ID], consent: { m: true, a: true, s: true, decided: true } });
  browser = await launchChromium();
  context = await browser.newContext({ userAgent: USER_AGENT });
  await context.addInitScript(() => {
    (window as unknown as { __consent: unknown }).__consent = { m: true, a: true, s: true, decided: true };
  });
  // Meta's browser endpoint: every hit is kept and answered like Meta's image pixel.
  await context.route("https://www.facebook.com/tr**", (route) => {
    browserHits.push(new URL(route.request().url()).searchParams);
    return route.fulfill({ status: 200, contentType: "image/gif", body: Buffer.from("R0lGODlhAQABAAAAACw=", "base64") });
  });
  page = await context.newPage();

  // The shopper browses with consent: the theme embed writes _fbp and the consent record to the cart.
  await page.goto(`${store.url}/products/tee`);
  await waitFor(() => store.state.cartAttributes._fbp && store.state.cartAttributes._tandem_consent, "the embed's cart attributes");
  const attributes = Object.entries(store.state.cartAttributes).map(([name, value]) => ({ name, value }));
  const order = (id: number) => ({
    ...makeOrder({ id, consent: store.state.cartAttributes._tandem_consent }),
    note_attributes: attributes,
  });

  // Order 1: the thank-you page, the webhooks, a reload, the webhooks again (one a repeat, one new).
  await pixelRan(`${base}/checkouts/cn/tok${RELOADED}/thank-you?order=${RELOADED}`);
  await webhook("orders/create", order(RELOADED), "r-create");
  await webhook("orders/paid", order(RELOADED), "r-paid");
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { __pixelDone?: boolean }).__pixelDone === true);
  await webhook("orders/create", order(RELOADED), "r-create");
  await webhook("orders/paid", order(RELOADED), "r-paid-again");

  // Order 2: orders/paid first; the gateway redirects back twice; orders/create between and after.
  await webhook("orders/paid", order(REDIRECTED), "g-paid");
  await pixelRan(`${base}/gateway/return?order=${REDIRECTED}`);
  await webhook("orders/create", order(REDIRECTED), "g-create");
  await pixelRan(`${base}/gateway/return?order=${REDIRECTED}`);
  await webhook("orders/paid", order(REDIRECTED), "g-paid");
  await webhook("orders/create", order(REDIRECTED), "g-create-again");

  // Everything decided: both server copies at Meta and nothing of the shop's left to send.
  await waitFor(
    () => purchasesAtMeta(`purchase_${RELOADED}`).length > 0 && purchasesAtMeta(`purchase_${REDIRECTED}`).length > 0,
    "both server Purchases at the Meta emulator",
    { timeoutMs: 60_000 },
  );
  await waitFor(
    async () => (await prisma.outboxEvent.count({ where: { shopDomain: SHOP, status: { in: OPEN } } })) === 0,
    "the shop's outbox settled",
    { timeoutMs: 60_000 },
  );
}, 240_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await store?.close();
  await app?.stop();
  await meta?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe("one Purchase per order, from both copies, in Chromium", () => {
  it("GIVEN every webhook THEN Shopify's deliveries were all answered 200 (repeats included)", () => {
    expect(statuses).toEqual(Array(statuses.length).fill(200));
  });

  it("GIVEN a thank-you page loaded twice THEN one browser Purchase and one server Purchase, with the order's one event id", () => {
    const eventId = `purchase_${RELOADED}`;
    expect(purchaseHits(eventId)).toHaveLength(1);
    expect(purchaseHits(eventId)[0].get("id")).toBe(PIXEL_ID);
    expect(purchasesAtMeta(eventId)).toHaveLength(1);
    expect(purchasesAtMeta(eventId)[0].pixelId).toBe(PIXEL_ID);
  });

  it("GIVEN a gateway redirecting back twice and the webhooks in the other order THEN the same: one of each, same id", () => {
    const eventId = `purchase_${REDIRECTED}`;
    expect(purchaseHits(eventId)).toHaveLength(1);
    expect(purchasesAtMeta(eventId)).toHaveLength(1);
  });

  it("GIVEN both orders THEN no other Purchase reached Meta from either side, and the server copy carries the cart's browser id", () => {
    expect(browserHits.filter((hit) => hit.get("ev") === "Purchase")).toHaveLength(2);
    expect(meta.accepted().filter((entry) => entry.event.event_name === "Purchase")).toHaveLength(2);
    const fbp = store.state.cartAttributes._fbp;
    for (const id of [RELOADED, REDIRECTED]) {
      expect(purchasesAtMeta(`purchase_${id}`)[0].event).toMatchObject({ action_source: "website", user_data: { fbp } });
      expect(purchaseHits(`purchase_${id}`)[0].get("fbp")).toBe(fbp);
    }
  });
});
