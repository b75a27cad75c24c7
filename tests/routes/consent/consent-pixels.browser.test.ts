import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import prisma from "~/db.server";
import { configureDestination, setDestinationEnabled } from "~/models/destinations.server";
import { workerFor } from "../../delivery/fixtures";
import { launchAdmin, type AdminBrowser } from "../../support/admin-browser";
import { installShop, startAdminStack, type AdminStack } from "../../support/admin-stack";
import { postWebhook } from "../../support/app-webhooks";
import { makeOrder } from "../../../scripts/lib/store-simulator";
import { expectNoSidewaysScroll } from "../../support/no-sideways-scroll";

// The BUILT app in Chromium (de-DE browser, Tokyo shop): the Consent page and the
// overview's period cards count each shopper and each order once, whatever the number of
// pixels. The same afternoon reads the same on a shop with two pixels (one paused by the
// merchant for the last order) and on a shop with one: three shoppers who allowed
// marketing, two who declined, one more order after the pause.

const two = "consent-two.myshopify.com";
const one = "consent-one.myshopify.com";
const FIRST = "1414213562373095";
const SECOND = "1732050807568877";
const ONLY = "2236067977499789";
const ALLOW = () => `m1a1s1.${Math.floor(Date.now() / 1000)}`;
const DECLINE = () => `m0a1s1.${Math.floor(Date.now() / 1000)}`;
let stack: AdminStack;
let single: AdminBrowser;

const order = (id: number, consent: string) => ({
  ...makeOrder({ id: 8_880_000_000 + id, consent }),
  name: `#${id}`,
  order_number: id,
});

beforeAll(async () => {
  stack = await startAdminStack({
    shop: two,
    pixel: { pixelId: FIRST, accessToken: "EAAB" + "p".repeat(40) },
    worker: "off",
    beforeStart: async () => {
      expect(await configureDestination(two, { pixelId: SECOND, accessToken: "EAAB" + "q".repeat(40) })).toMatchObject({ ok: true });
      await installShop(one);
      expect(await configureDestination(one, { pixelId: ONLY, accessToken: "EAAB" + "r".repeat(40) })).toMatchObject({ ok: true });
      await prisma.shop.updateMany({ where: { domain: { in: [two, one] } }, data: { timezone: "Asia/Tokyo" } });
    },
    afterStart: async (started, meta) => {
      const send = async (shop: string, id: number, consent: string) =>
        expect(await postWebhook(started.url, "orders/paid", shop, order(id, consent))).toBe(200);
      for (const shop of [two, one]) {
        for (const id of [1001, 1002, 1003]) await send(shop, id, ALLOW());
        for (const id of [1004, 1005]) await send(shop, id, DECLINE());
      }
      // Three orders to two pixels and three to one: six copies and three, each order once.
      expect(await workerFor(meta).runOnce()).toMatchObject({ delivered: 9 });
      const second = await prisma.destination.findFirstOrThrow({ where: { shopDomain: two, pixelId: SECOND } });
      expect(await setDestinationEnabled(two, second.id, false)).toBe(true);
      for (const shop of [two, one]) await send(shop, 1006, ALLOW());
      expect(await workerFor(meta).runOnce()).toMatchObject({ delivered: 2 });
    },
  });
  single = await launchAdmin(stack.app.url, one);
}, 240_000);

afterAll(async () => {
  await single?.close();
  await stack?.stop();
});

/** A Decisions row's cells: reason, outcome, today, 7 days, 30 days. */
async function decisionRow(page: Page, reason: string): Promise<string[]> {
  const row = page.locator("tr", { hasText: reason });
  await row.first().waitFor();
  expect(await row.count(), `one row for "${reason}"`).toBe(1);
  // A badge's tone is read out before its words ("Success Sent"): the words are what counts here.
  return (await row.locator("th, td").allInnerTexts()).map((cell) =>
    cell.replace(/^(Success|Critical|Attention|Info|Warning)\s+/, "").trim(),
  );
}

const shops = () =>
  [
    { name: "two pixels", admin: stack.admin, pixels: 2 },
    { name: "one pixel", admin: single, pixels: 1 },
  ] as const;

describe("shoppers and orders counted once, with two pixels and with one (Chromium, de-DE, Tokyo shop)", () => {
  it.each([1040, 390])(
    "GIVEN two pixels and one WHEN the Consent page opens at %i px THEN two shoppers declined, four allowed, on both shops",
    async (width) => {
      for (const { name, admin } of shops()) {
        const page = await admin.open("/app/consent", { width, locale: "de-DE" });
        await page.getByText("Shoppers per reason: each checkout counted once, whatever the number of pixels").waitFor();
        expect(await decisionRow(page, "The shopper declined marketing"), name).toEqual([
          "The shopper declined marketing: not sent.",
          "Not sent",
          "2",
          "2",
          "2",
        ]);
        expect(await decisionRow(page, "The shopper allowed marketing"), name).toEqual([
          "The shopper allowed marketing.",
          "Sent",
          "4",
          "4",
          "4",
        ]);
        await expectNoSidewaysScroll(page, `the consent page at ${width} px`);
        await admin.screenshot(page, `consent-pixels-${name.replace(" ", "-")}`, { fullPage: true });
        await page.close();
      }
    },
    120_000,
  );

  it.each([1040, 390])(
    "GIVEN two pixels and one WHEN the overview opens at %i px THEN each period card counts six orders and four accepted once, two held back by consent, and with two pixels says what it counts",
    async (width) => {
      for (const { name, admin, pixels } of shops()) {
        const page = await admin.open("/app", { width, locale: "de-DE" });
        const cards = page.locator("[data-period-card]");
        await cards.first().waitFor();
        expect(await cards.count()).toBe(3);
        for (const text of await cards.allInnerTexts()) {
          expect(text, name).toMatch(/\b6\s+orders received\s+4\s+accepted by Meta/);
          expect(text, name).toContain("Not accepted, and why\n2 held back by consent");
        }
        const caption = page.locator("[data-period-caption]");
        if (pixels === 2) {
          expect(await caption.innerText()).toBe(
            "Each order counted once across your 2 pixels: accepted when Meta accepted it on at least one. Each pixel's own share is under Accuracy per Meta pixel.",
          );
        } else {
          expect(await caption.count(), "no caption with one pixel").toBe(0);
        }
        await expectNoSidewaysScroll(page, `the overview at ${width} px`);
        // The period cards and their caption, from the middle of a long page.
        await admin.screenshot(page, `overview-periods-${name.replace(" ", "-")}`, { of: cards.first().locator("xpath=../..") });
        await page.close();
      }
    },
    120_000,
  );
});
