import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { configureDestination, setDestinationEnabled } from "~/models/destinations.server";
import { dayOf } from "~/models/shop-time";
import { workerFor } from "../../delivery/fixtures";
import { launchAdmin, type AdminBrowser } from "../../support/admin-browser";
import { installShop, startAdminStack, type AdminStack } from "../../support/admin-stack";
import { postWebhook } from "../../support/app-webhooks";
import { makeOrder } from "../../../scripts/lib/store-simulator";
import { expectNoSidewaysScroll } from "../../support/no-sideways-scroll";

// The BUILT app in Chromium, as a German merchant (de-DE) of a Tokyo shop sees it from a
// browser in Berlin, while the server runs on its own clock: with two pixels every figure
// counts the orders once or says per pixel what it counts; with one pixel the same pages
// read for one. A pixel paused by the merchant keeps the overview from "healthy", and the
// order that arrived meanwhile is "not sent: pixel paused" for that pixel.

const shop = "accuracy-two.myshopify.com";
const single = "accuracy-one.myshopify.com";
const LIVE = "3141592653589793";
const PAUSED = "2718281828459045";
const ONLY = "1618033988749894";
const TOKYO = "Asia/Tokyo";
const ALLOW = () => `m1a1s1.${Math.floor(Date.now() / 1000)}`;
let stack: AdminStack;
let one: AdminBrowser;

const order = (id: number, extra: Partial<Parameters<typeof makeOrder>[0]> = {}) => ({
  ...makeOrder({ id: 7_770_000_000 + id, consent: ALLOW(), ...extra }),
  name: `#${id}`,
  order_number: id,
});

beforeAll(async () => {
  stack = await startAdminStack({
    shop,
    pixel: { pixelId: LIVE, accessToken: "EAAB" + "a".repeat(40) },
    worker: "off",
    beforeStart: async () => {
      expect(await configureDestination(shop, { pixelId: PAUSED, accessToken: "EAAB" + "b".repeat(40) })).toMatchObject({ ok: true });
      await installShop(single);
      expect(await configureDestination(single, { pixelId: ONLY, accessToken: "EAAB" + "c".repeat(40) })).toMatchObject({ ok: true });
      // The Admin API is unreachable here: the timezone is recorded as after a first admin load.
      await prisma.shop.updateMany({ where: { domain: { in: [shop, single] } }, data: { timezone: TOKYO } });
    },
    afterStart: async (started, meta) => {
      const send = async (to: string, topic: string, body: unknown) => expect(await postWebhook(started.url, topic, to, body)).toBe(200);
      for (const id of [1001, 1002, 1003]) await send(shop, "orders/paid", order(id));
      await send(shop, "orders/paid", order(1004, { sourceName: "pos" }));
      await send(shop, "orders/paid", order(1005, { consent: "m0a1s1" }));
      for (const id of [2001, 2002]) await send(single, "orders/paid", order(id));
      expect(await workerFor(meta).runOnce()).toMatchObject({ delivered: 8 });
      const paused = await prisma.destination.findFirstOrThrow({ where: { shopDomain: shop, pixelId: PAUSED } });
      expect(await setDestinationEnabled(shop, paused.id, false)).toBe(true);
      await send(shop, "orders/paid", order(1006));
      expect(await workerFor(meta).runOnce()).toMatchObject({ delivered: 1 });
    },
  });
  one = await launchAdmin(stack.app.url, single);
}, 240_000);

afterAll(async () => {
  await one?.close();
  await stack?.stop();
});

const germanDay = (day: string) =>
  new Intl.DateTimeFormat("de-DE", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(
    new Date(`${day}T12:00:00Z`),
  );

describe("accuracy and paused pixels in Chromium (de-DE, Tokyo shop)", () => {
  it.each([1040, 390])(
    "GIVEN two pixels, one paused WHEN the overview opens at %i px THEN it needs attention, names the paused pixel with the way to resume it, and gives each pixel its own accuracy over the same orders",
    async (width) => {
      const page = await stack.admin.open("/app", { width, locale: "de-DE" });
      await page.getByText("Tracking needs attention").waitFor();
      const body = await page.locator("body").innerText();
      expect(body).toContain(`Pixel ${PAUSED} is paused in Settings`);
      expect(await page.getByRole("link", { name: "Resume the pixel" }).first().getAttribute("href")).toContain("/app/settings");
      const card = page.locator("[data-accuracy-card]");
      const text = await card.innerText();
      expect(text).toContain("6 live orders received; each pixel counts the same orders");
      expect(text).toMatch(new RegExp(`Pixel ${LIVE}\\s+(Success\\s+)?100% accurate`));
      expect(text).toMatch(new RegExp(`Pixel ${PAUSED}\\s+(Critical\\s+)?75% accurate\\s+(Attention\\s+)?Paused by you`));
      expect(text).toContain("4 of 4 counted orders accepted by Meta.");
      expect(text).toContain("3 of 4 counted orders accepted by Meta. Not accepted: 1 pixel paused.");
      expect(text).toContain("Not counted: 1 left out by your filters, 1 held back by consent.");
      // The shop's days, in the merchant's language (German month names), in the shop's zone.
      expect(text).toContain(germanDay(dayOf(new Date(), TOKYO)).replace(/^\S+ /, ""));
      await stack.admin.screenshot(page, "accuracy-overview-two-pixels", { of: card });
      await expectNoSidewaysScroll(page, `the overview at ${width} px`);
      await page.close();
    },
    120_000,
  );

  it.each([1040, 390])(
    "GIVEN two pixels WHEN the orders page opens at %i px THEN orders are counted once, the accuracy says per pixel, per channel and per shop day what it counts, and the paused pixel's order says why",
    async (width) => {
      const page = await stack.admin.open("/app/orders", { width, locale: "de-DE" });
      const card = page.locator("[data-accuracy-card]");
      await card.waitFor();
      const text = await card.innerText();
      expect(text).toContain("By sales channel: Online Store 100% (4 of 4) · Point of Sale No orders to measure.");
      expect(text).toContain("By sales channel: Online Store 75% (3 of 4) · Point of Sale No orders to measure.");
      expect(text).toContain(germanDay(dayOf(new Date(), TOKYO)));
      // The reconciliation counts each order once, not once per pixel.
      expect(await page.locator("body").innerText()).toMatch(/6 received, 4 accepted by Meta, difference 2/);
      await stack.admin.screenshot(page, "accuracy-orders-two-pixels", { of: card });
      await page.getByLabel("Order name or number").fill("1006");
      await page.getByRole("button", { name: "Search" }).click();
      await expect.poll(() => page.locator("body").innerText(), { timeout: 30_000 }).toContain(`Pixel ${PAUSED}: This pixel was paused`);
      await stack.admin.screenshot(page, "accuracy-orders-paused-order", { fullPage: true });
      await page.close();
    },
    120_000,
  );

  it.each([1040, 390])(
    "GIVEN two pixels WHEN the event log opens at %i px THEN each pixel's copy is its own row with its pixel, and the paused pixel's says so",
    async (width) => {
      const page = await stack.admin.open("/app/events?q=%231006", { width, locale: "de-DE" });
      await page.getByText(PAUSED).first().waitFor();
      const body = await page.locator("body").innerText();
      expect(body).toContain(LIVE);
      expect(body).toContain(PAUSED);
      await stack.admin.screenshot(page, "accuracy-events-two-pixels");
      await page.close();
    },
    120_000,
  );

  it.each([1040, 390])(
    "GIVEN one pixel WHEN the overview opens at %i px THEN one figure for the one pixel, healthy",
    async (width) => {
      const page = await one.open("/app", { width, locale: "de-DE" });
      const card = page.locator("[data-accuracy-card]");
      await card.waitFor();
      const text = await card.innerText();
      expect(text).toContain("2 live orders received; the pixel counts");
      expect(text).toMatch(new RegExp(`Pixel ${ONLY}\\s+(Success\\s+)?100% accurate`));
      expect(await page.locator("body").innerText()).not.toContain("A Meta pixel is paused");
      await one.screenshot(page, "accuracy-overview-one-pixel", { of: card });
      await page.close();
    },
    120_000,
  );
});
