import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { workerFor } from "../../delivery/fixtures";
import { startAdminStack, type AdminStack } from "../../support/admin-stack";
import { postWebhook } from "../../support/app-webhooks";
import { makeOrder } from "../../../scripts/lib/store-simulator";
import { expectNoSidewaysScroll } from "../../support/no-sideways-scroll";

// The Orders page at its edges, in the BUILT app in Chromium: a merchant on a phone
// searching "#1003" sees the order on the first screen, and a German merchant (de-DE) of a
// Tokyo shop reads the date fields and the period line in the admin's one format.

const shop = "orders-phone-locale.myshopify.com";
const TOKYO = "Asia/Tokyo";
const ALLOW = () => `m1a1s1.${Math.floor(Date.now() / 1000)}`;
let stack: AdminStack;

const order = (number: number) => ({
  ...makeOrder({ id: 8_880_000_000 + number, consent: ALLOW(), country: "DE" }),
  name: `#${number}`,
  order_number: number,
});

beforeAll(async () => {
  stack = await startAdminStack({
    shop,
    pixel: { pixelId: "1414213562373095", accessToken: "EAAB" + "r".repeat(40) },
    worker: "off",
    beforeStart: async () => {
      // The Admin API is unreachable here: the timezone is recorded as after a first admin load.
      await prisma.shop.update({ where: { domain: shop }, data: { timezone: TOKYO } });
    },
    afterStart: async (started, meta) => {
      for (const number of [1001, 1002, 1003, 1004]) expect(await postWebhook(started.url, "orders/paid", shop, order(number))).toBe(200);
      expect(await workerFor(meta).runOnce()).toMatchObject({ delivered: 4 });
    },
  });
}, 240_000);

afterAll(() => stack?.stop());

async function search(page: Page, text: string) {
  await page.getByLabel("Order name or number").fill(text);
  await page.getByRole("button", { name: "Search" }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get("q"), { timeout: 30_000 }).toBe(text);
  await page.getByText("1 match", { exact: true }).waitFor();
}

/** The first result row: a table row in the wide layout, a list item on a phone. */
const firstRow = (page: Page) => page.locator("tr:has([data-order-line]), li:has([data-order-line])").first();

/** The top of an element in the page, whatever the scroll position. */
const topOf = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((element) => element.getBoundingClientRect().top + window.scrollY);

describe("orders page on a phone and in German", () => {
  it("GIVEN a phone (390 x 844) WHEN the merchant searches '#1003' THEN the matching order's row is whole on the first screen", async () => {
    const page = await stack.admin.open("/app/orders", { width: 390, height: 844, phone: true });
    await page.getByText("4 matches").waitFor();
    await search(page, "#1003");
    const row = firstRow(page);
    await expect.poll(() => row.innerText(), { timeout: 30_000 }).toContain("#1003");
    // Where a search lands the page: at the top, the first screen is what the merchant sees.
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await row.boundingBox();
    expect(box, "the first result row has a box").not.toBeNull();
    expect(box!.y + box!.height, "the first result row ends within the first screen").toBeLessThanOrEqual(844);
    // What was put away is one tap away, and says a search is on.
    await page.getByRole("button", { name: /Show the accuracy and daily figures/ }).waitFor();
    await stack.admin.screenshot(page, "orders-phone-search-1003");
    await expectNoSidewaysScroll(page, "the orders page at 390 px");
    await page.close();
  }, 120_000);

  it("GIVEN a wide screen WHEN the merchant searches THEN the figures stay above the list, as without a search", async () => {
    const page = await stack.admin.open("/app/orders?q=%231003", { width: 1040 });
    await page.getByText("1 match", { exact: true }).waitFor();
    // The figures stream in after the first paint.
    await page.locator("[data-figures-loading]").waitFor({ state: "detached" });
    expect(await page.locator("[data-accuracy-card]").isVisible()).toBe(true);
    expect(await page.getByRole("heading", { name: "Orders received and purchases Meta accepted" }).isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: /Show the accuracy and daily figures/ }).count()).toBe(0);
    expect(await topOf(page, "[data-accuracy-card]")).toBeLessThan(await topOf(page, "[data-order-line]"));
    await page.close();
  }, 120_000);

  it.each([1040, 390])(
    "GIVEN a German merchant of a Tokyo shop WHEN the orders page opens at %i px THEN the date fields and the period line read in the admin's one format",
    async (width) => {
      const page = await stack.admin.open("/app/orders?from=2026-12-01&to=2026-12-03", { width, locale: "de-DE" });
      await page.getByText(/^\d+ match(es)?$/).waitFor();
      // The fields read as German dates (Chromium's own date field said mm/dd/yyyy whatever the page's locale).
      const from = page.getByLabel("From");
      expect(await from.inputValue()).toBe("01.12.2026");
      expect(await page.getByLabel("To").inputValue()).toBe("03.12.2026");
      expect(await page.locator('input[type="date"]').count()).toBe(0);
      // On a phone a filter puts the figures away: the merchant opens them.
      if (width === 390) await page.getByRole("button", { name: "Show the accuracy and daily figures" }).click();
      // The period: the shop's days in German and the zone's German name, no English between them.
      await page.locator("[data-figures-loading]").waitFor({ state: "detached" });
      const period = await page.locator("[data-period]").first().innerText();
      expect(period.replace(/\s/g, " ")).toContain("1.–3. Dez. 2026");
      expect(period).toContain("Japanische Normalzeit");
      expect(period).not.toMatch(/ to |\(Asia\/Tokyo\)/);
      await stack.admin.screenshot(page, "orders-de-tokyo", { fullPage: true });
      await page.close();
    },
    120_000,
  );

  it("GIVEN a German merchant WHEN they choose a day in the picker and search THEN the list and the field follow that day", async () => {
    const page = await stack.admin.open("/app/orders", { locale: "de-DE" });
    await page.getByText("4 matches").waitFor();
    await page.getByLabel("From").click();
    // Polaris' picker opens on the current month; the 2nd of the month shown is chosen.
    const second = page.locator("[aria-label] button, button[aria-label]").filter({ hasText: /^2$/ }).first();
    // Click once Polaris has placed the picker on screen: a click that must scroll to a day
    // first can scroll the field out of view, and Polaris closes a popover whose field has left.
    const viewport = page.viewportSize()?.height ?? 900;
    await expect
      .poll(async () => {
        const box = await second.boundingBox();
        return box !== null && box.y >= 0 && box.y + box.height <= viewport;
      })
      .toBe(true);
    await second.click();
    const chosen = await page.locator('input[type="hidden"][name="from"]').inputValue();
    expect(chosen).toMatch(/^\d{4}-\d{2}-02$/);
    const [y, m] = chosen.split("-");
    expect(await page.getByLabel("From").inputValue()).toBe(`02.${m}.${y}`);
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("from"), { timeout: 30_000 }).toBe(chosen);
    expect(await page.getByLabel("From").inputValue()).toBe(`02.${m}.${y}`);
    await page.close();
    expect(stack.admin.errors).toEqual([]);
  }, 120_000);
});
