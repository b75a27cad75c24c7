import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { startAdminStack, type AdminStack } from "../../support/admin-stack";
import { pageSettled } from "../../support/page-settled";

// The event log's "Date received" filter in the BUILT app in Chromium, for a German
// merchant (de-DE) of a Tokyo shop: the days are chosen in Polaris' picker and read back
// in the merchant's locale, in the field and in the filter's pill; no native date field
// (Chromium lays those out in its own language, "mm/dd/yyyy").

const shop = "event-log-dates.myshopify.com";
let stack: AdminStack;

beforeAll(async () => {
  stack = await startAdminStack({
    shop,
    pixel: { pixelId: "1618033988749894", accessToken: "EAAB" + "d".repeat(40) },
    worker: "off",
    beforeStart: async () => {
      await prisma.shop.update({ where: { domain: shop }, data: { timezone: "Asia/Tokyo" } });
    },
  });
}, 240_000);

afterAll(() => stack?.stop());

const pad = (n: number) => String(n).padStart(2, "0");

describe("event log date filter in German", () => {
  it("GIVEN a German merchant WHEN they filter by days received THEN the pill reads German dates and the picker sets the range in the address", async () => {
    const now = new Date();
    const month = `${now.getFullYear()}-${pad(now.getMonth() + 1)}`;
    const page = await stack.admin.open(`/app/events?from=${month}-02&to=${month}-03`, { locale: "de-DE" });
    // Every part hydrated before the pill is clicked: a click on a part not yet hydrated is lost.
    await pageSettled(page);
    const pill = page.getByText(/^Received /).first();
    await pill.waitFor();
    const label = await pill.innerText();
    // One locale range with its year, in German: "Received 2.–3. Dez. 2026"; never ISO days.
    expect(label).toMatch(new RegExp(`^Received 2\\.\\s?[–-]\\s?3\\. .+ ${now.getFullYear()}$`));
    expect(label).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(await page.locator('input[type="date"]').count()).toBe(0);

    // The pill opens the filter: Polaris' picker on the chosen month.
    await pill.click();
    const day = (n: number) =>
      page
        .locator("button[aria-label]")
        .filter({ hasText: new RegExp(`^${n}$`) })
        .first();
    await day(10).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("from"), { timeout: 30_000 }).toBe(`${month}-10`);
    expect(new URL(page.url()).searchParams.get("to")).toBe(`${month}-10`);
    // The page has the new day (its pill) before the range's second day is chosen.
    await page
      .getByText(/^Received 10\. /)
      .first()
      .waitFor();
    await day(12).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("to"), { timeout: 30_000 }).toBe(`${month}-12`);
    expect(new URL(page.url()).searchParams.get("from")).toBe(`${month}-10`);
    await stack.admin.screenshot(page, "event-log-dates-de");
    await page.close();
    expect(stack.admin.errors).toEqual([]);
  }, 120_000);
});
