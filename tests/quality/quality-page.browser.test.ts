import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { configureDestination } from "~/models/destinations.server";
import { createQualityClient } from "~/meta/dataset-quality.server";
import { runDailyQualityReads } from "~/quality/quality-reads.server";
import { getSecretBox } from "~/secrets/token-encryption.server";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator";
import { initiateCheckoutRow, purchaseRow } from "../../scripts/lib/meta-emulator/quality-fixtures";
import type { AdminBrowser } from "../support/admin-browser";
import { startAdminStack, type AdminStack } from "../support/admin-stack";
import { expectNoSidewaysScroll } from "../support/no-sideways-scroll";
import { pageSettled } from "../support/page-settled";
import { receivedPurchase } from "../support/received-orders";

// The Match quality page and the overview card of the BUILT app in Chromium: Meta's EMQ
// with its trend, keys beside Tandem's own, Meta's diagnostic with Meta's solution and
// Tandem's advice, coverage against the goal, dedup feedback, freshness; a pixel whose
// token may not read quality data explained in words; Refresh reads Meta again.
// Meta's purchases beside the store's orders per day, a day out of band with its cause,
// the purchases counted twice with each finding, and a pixel whose token may not read
// Meta's count said in words. Screenshots at 1040 and 390 px go to tmp/screenshots/.

const shop = "quality-page.myshopify.com";
const GOOD = "1111111111111111";
const DENIED = "2222222222222222";
const TOKEN = "EAAB" + "w".repeat(40);
let meta: MetaEmulator;
let admin: AdminBrowser;
let stack: AdminStack;

beforeAll(async () => {
  stack = await startAdminStack({
    shop,
    pixel: null,
    worker: "off",
    beforeStart: async (meta) => {
      for (const pixelId of [GOOD, DENIED])
        expect(await configureDestination(shop, { pixelId, accessToken: TOKEN })).toMatchObject({ ok: true });
      await prisma.shop.update({ where: { domain: shop }, data: { timezone: "UTC" } });
      // The store's orders of the last two days, and Meta's count: in band two days ago,
      // twice the orders yesterday. The denied pixel's token may not read its counts.
      const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
      for (const daysAgo of [1, 2])
        for (let i = 0; i < 10; i++) {
          const at = new Date(`${day(daysAgo)}T12:00:00Z`);
          await prisma.receivedOrder.create({ data: receivedPurchase(shop, `${daysAgo}-${i}`, at) });
        }
      meta.setPixelStats(GOOD, [
        { start_time: `${day(2)}T12:00:00+0000`, data: [{ value: "Purchase", count: 10 }] },
        { start_time: `${day(1)}T12:00:00+0000`, data: [{ value: "Purchase", count: 20 }] },
      ]);
      meta.setPixelStats(DENIED, "denied");
      meta.setDatasetQuality(GOOD, {
        agents: {
          tandem: [
            purchaseRow({ event_match_quality: { ...(purchaseRow().event_match_quality as object), composite_score: 7.4 } }),
            initiateCheckoutRow(),
          ],
        },
        all: [purchaseRow({ event_coverage: undefined })],
      });
      const deps = (now: Date) => ({
        client: createQualityClient({ baseUrl: meta.url, version: "v26.0" }),
        openToken: (s: string) => getSecretBox().open(s),
        now,
      });
      // A week of daily readings, the last one today; the denied pixel fails with a permission error.
      for (let daysAgo = 7; daysAgo >= 1; daysAgo--) await runDailyQualityReads(deps(new Date(Date.now() - daysAgo * 86_400_000)));
      meta.setDatasetQuality(GOOD, {
        agents: { tandem: [purchaseRow(), initiateCheckoutRow()] },
        all: [purchaseRow({ event_coverage: undefined })],
      });
      meta.fail({ mode: "permission", code: 200, endpoint: "dataset_quality", pixelId: DENIED, count: 100 });
      await runDailyQualityReads(deps(new Date()));
      // What the theme embed's audit reported: another pixel on product and cart pages.
      for (const pageType of ["product", "cart"]) {
        await prisma.pixelAuditFinding.create({
          data: {
            id: `finding-${pageType}`,
            shopDomain: shop,
            kind: "foreign_pixel",
            subject: "999888777666555",
            pageType,
            order: "before",
            count: 3,
            firstSeenAt: new Date(Date.now() - 86_400_000),
            lastSeenAt: new Date(),
          },
        });
      }
    },
  });
  ({ meta, admin } = stack);
}, 240_000);

afterAll(() => stack?.stop());

async function shoot(page: Page, name: string) {
  await pageSettled(page);
  await page
    .locator('[data-chart="ready"]')
    .first()
    .waitFor({ timeout: 30_000 })
    .catch(() => undefined);
  return admin.screenshot(page, name, { fullPage: true });
}

describe("Match quality page (built app, Chromium)", () => {
  it.each([1040, 390])(
    "GIVEN a week of readings THEN the page answers what Meta made of the events at %i px",
    async (width) => {
      const page = await admin.open("/app/quality", { width });
      const text = await page.locator("body").innerText();
      expect(text).toContain("Pixel 1111111111111111");
      expect(text).toContain("Tandem's events: EMQ 8.1");
      expect(text).toContain("Update your IPv4 IP addresses to IPv6 IP addresses");
      expect(text).toMatch(/Meta suggests: You can update your web server/);
      expect(text).toMatch(/With Tandem: .*IPv6/);
      expect(text).toContain("81.2% of browser events also reached Meta from the server");
      expect(text).toContain("Meta's goal: 75%");
      expect(text).toMatch(/event_id: on 100% of browser events/);
      expect(text).toContain("Freshness: real time");
      expect(text).toContain("Deduplication keys: not reported by Meta");
      expect(text).toMatch(/Use events dataset/);
      expect(text).toContain("Another Meta pixel, 999888777666555, runs on your storefront");
      expect(text).toMatch(/Seen 6 times on (product, cart|cart, product) pages/);
      expect(text).toMatch(/turn off the other integration's data sharing/);
      expect(text).toContain("Meta's purchases beside your store's orders");
      expect(text).toMatch(/Meta ÷ store 2: Meta counted 10 purchases more than your store had, about twice as many/);
      expect(text).toContain("Over the 6 days read, Meta counted 10 purchases more than your store had: about 10 counted twice.");
      expect(text).toContain("Meta received 30 purchases on pixel 1111111111111111 that Tandem did not send");
      expect(text).toMatch(/On your pixel 1111111111111111, Meta counted 10 purchases more than your store had over the last 6 days/);
      expect(text).toMatch(/Meta refused to share this pixel's event counts/);
      await shoot(page, `quality-${width}`);
      await expectNoSidewaysScroll(page, `the match quality page at ${width} px`);
      await page.close();
    },
    120_000,
  );

  it.each([1040, 390])(
    "GIVEN the overview at %i px THEN its card sums it up and links to the page",
    async (width) => {
      const page = await admin.open("/app", { width });
      await page.getByText("Purchase EMQ 8.1, up 0.7 this week; 1 diagnostic").waitFor();
      await page.getByText(/Meta counted 20 purchases, your store had 10 orders \(× 2\), out of the 0\.8-1\.2 band\./).waitFor();
      await shoot(page, `overview-quality-${width}`);
      // The status banner links there too (Meta's count is out of band): either opens the page.
      await page.getByRole("link", { name: "Open match quality" }).first().click();
      await expect.poll(() => page.url(), { timeout: 30_000 }).toContain("/app/quality");
      await page.close();
    },
    120_000,
  );

  it("GIVEN new figures at Meta WHEN the merchant presses Refresh THEN the page shows them", async () => {
    meta.setDatasetQuality(GOOD, { agents: { tandem: [purchaseRow({ event_match_quality: { composite_score: 9.3 } })] }, all: [] });
    const page = await admin.open("/app/quality");
    await page.getByRole("button", { name: "Refresh from Meta" }).click();
    await page.getByText("Tandem's events: EMQ 9.3").waitFor({ timeout: 60_000 });
    expect(admin.errors).toEqual([]);
  }, 120_000);
});
