// The settings page rendered by the BUILT app (npm run build) in real Chromium: the
// Polaris form, the pixel card with its write-only token field, the consent "off" warning, the activation
// card and the theme-editor link. A screenshot is written to tmp/screenshots/.
import { mkdirSync, statSync } from "node:fs";
import { Session } from "@shopify/shopify-api";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { type Browser } from "playwright-core";
import { launchChromium } from "../../../scripts/lib/chromium";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { configureDestination } from "~/models/destinations.server";
import { sessionStorage } from "~/shopify.server";
import { startApp, type AppProcess } from "../../../scripts/lib/app-process";
import { TEST_API_KEY, TEST_API_SECRET } from "../../setup-env";

const shop = "settings-e2e.myshopify.com";
const TOKEN = "EAAB" + "s".repeat(40);
let app: AppProcess | undefined;
let browser: Browser | undefined;
let baseUrl = "";

beforeAll(async () => {
  await sessionStorage.storeSession(
    new Session({
      id: `offline_${shop}`,
      shop,
      state: "",
      isOnline: false,
      scope: "read_orders,write_pixels,read_customer_events",
      accessToken: "shpat_e2e",
    }),
  );
  expect(await configureDestination(shop, { pixelId: "1234567890123456", accessToken: TOKEN })).toMatchObject({ ok: true });
  // The built server shares this test file's database (DATABASE_URL from tests/setup-env).
  app = await startApp({});
  baseUrl = app.url;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await prisma.$disconnect();
});

describe("settings page in Chromium (built app)", () => {
  it("GIVEN a merchant with a saved token WHEN the page opens THEN the form shows the pixel, never the token; choosing consent off shows the warning", async () => {
    const { token } = await getJwt(shop, TEST_API_KEY, TEST_API_SECRET, { iss: `https://${shop}/admin`, dest: `https://${shop}` });
    const host = Buffer.from(`${shop}/admin`).toString("base64url");
    // shopify-app-remix answers bots (isbot: "HeadlessChrome") with 410: present as a desktop Chrome.
    const userAgent = (await browser!.newBrowserCDPSession().then(async (s) => (await s.send("Browser.getVersion")).userAgent)).replace(
      "HeadlessChrome",
      "Chrome",
    );
    const context = await browser!.newContext({ viewport: { width: 1280, height: 1600 }, userAgent });
    const page = await context.newPage();
    // Only this app is reachable here: App Bridge's CDN script and fonts fail fast instead of hanging.
    await page.route("**/*", (route) => (route.request().url().startsWith(baseUrl) ? route.continue() : route.abort()));
    const response = await page.goto(`${baseUrl}/app/settings?embedded=1&shop=${shop}&host=${host}&id_token=${token}`);
    expect(response?.status(), `the app answered ${response?.status()}; its output:\n${app?.output()}`).toBe(200);

    const card = page.getByRole("region", { name: "Pixel 1234567890123456" });
    await card.waitFor();
    await card.getByText("Connected").waitFor();
    // The token is write-only: the edit form's field is empty and says one is saved.
    await card.getByRole("button", { name: "Edit" }).click();
    expect(await card.getByLabel("Conversions API access token").inputValue()).toBe("");
    expect(await page.content()).not.toContain(TOKEN);
    await card.getByText("A token is saved.").waitFor();
    // Shopify is unreachable from this machine, so the activation failed and says so.
    await page.getByText("The last activation failed").waitFor();
    const editor = page.getByRole("link", { name: "Open the theme editor" });
    expect(await editor.getAttribute("href")).toBe(
      `https://${shop}/admin/themes/current/editor?context=apps&activateAppId=${TEST_API_KEY}/tandem-embed`,
    );

    expect(await page.getByText("You take responsibility for consent").count()).toBe(0);
    await page.getByLabel("Consent mode").selectOption("off");
    await page.getByText("You take responsibility for consent").waitFor();

    // Server copies of the storefront events: nothing chosen for the merchant; the page asks and explains.
    await page.getByText("Choose before you rely on these events").waitFor();
    await page.getByText("raises Meta's event coverage", { exact: false }).waitFor();
    const addToCart = page.getByRole("group", { name: "Add to cart" });
    expect(await addToCart.getByRole("radio").evaluateAll((radios) => radios.map((r) => (r as HTMLInputElement).checked))).toEqual([
      false,
      false,
    ]);
    await addToCart.getByText("Browser and server").click();
    expect(await addToCart.getByLabel("Browser and server").isChecked()).toBe(true);

    mkdirSync("tmp/screenshots", { recursive: true });
    const copies = page.locator(".Polaris-Layout__AnnotatedSection", { hasText: "Add to cart and product views" });
    for (const width of [1040, 390]) {
      await page.setViewportSize({ width, height: 1600 });
      await copies.screenshot({ path: `tmp/screenshots/settings-server-copies-${width}.png` });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }
    // Subscriptions: the lifetime value field appears with Subscribe; renewals are one choice of three.
    expect(await page.getByLabel("Predicted lifetime value of a new subscriber", { exact: false }).count()).toBe(0);
    await page.getByText("Subscribe when a subscription starts").click();
    await page.getByLabel("Predicted lifetime value of a new subscriber", { exact: false }).fill("240");
    await page.getByLabel("Subscription renewals").selectOption("recurring_payment");
    await page.getByText("keeps renewals apart from new purchases", { exact: false }).waitFor();
    const events = page.locator(".Polaris-Layout__AnnotatedSection", { hasText: "Which events Tandem sends" });
    const orders = page.locator(".Polaris-Layout__AnnotatedSection", { hasText: "Orders left out here are never sent" });
    for (const width of [1040, 390]) {
      await page.setViewportSize({ width, height: 1600 });
      await events.screenshot({ path: `tmp/screenshots/settings-subscribe-${width}.png` });
      await orders.screenshot({ path: `tmp/screenshots/settings-renewals-${width}.png` });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }
    await page.setViewportSize({ width: 1280, height: 1600 });
    await page.screenshot({ path: "tmp/screenshots/settings.png", fullPage: true });
    expect(statSync("tmp/screenshots/settings.png").size).toBeGreaterThan(20_000);
    await context.close();
  });

  it("GIVEN a page on another origin WHEN it posts a receipt like the web pixel THEN Chromium's real CORS preflight passes and the receipt is stored", async () => {
    const { shopKey } = await prisma.shop.findUniqueOrThrow({ where: { domain: shop } });
    const page = await browser!.newPage();
    await page.goto(`${baseUrl}/healthz`);
    // localhost vs 127.0.0.1: a different origin, so Chromium sends an OPTIONS preflight first.
    const receiptUrl = baseUrl.replace("127.0.0.1", "localhost") + "/pixel/events";
    const receipt = {
      v: 1,
      shop_key: shopKey,
      event_name: "Purchase",
      event_id: "purchase_e2e_1",
      consent: { marketing: true, analytics: true, sale_of_data: true },
      fbp: null,
      fbc: null,
      page_url: null,
      occurred_at: Date.now(),
    };
    const answer = await page.evaluate(
      async ({ url, body }) => {
        const response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body),
          keepalive: true,
        });
        return { status: response.status, body: await response.json() };
      },
      { url: receiptUrl, body: receipt },
    );
    expect(answer).toEqual({ status: 202, body: { ok: true } });
    expect(await prisma.pixelReceipt.count({ where: { shopDomain: shop, eventId: "purchase_e2e_1" } })).toBe(1);
    await page.close();
  });
});
