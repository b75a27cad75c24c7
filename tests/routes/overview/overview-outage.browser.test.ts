import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { desiredStorefrontConfig } from "~/shopify/activation.server";
import type { AppProcess } from "../../../scripts/lib/app-process";
import { testClock, workerFor } from "../../delivery/fixtures";
import type { MetaEmulator } from "../../../scripts/lib/meta-emulator";
import type { AdminBrowser } from "../../support/admin-browser";
import { startAdminStack, type AdminStack } from "../../support/admin-stack";
import { postWebhook } from "../../support/app-webhooks";
import { makeOrder } from "../../../scripts/lib/store-simulator";
import { expectNoSidewaysScroll } from "../../support/no-sideways-scroll";
import { pageSettled } from "../../support/page-settled";

// "Is my tracking healthy?" as a merchant sees it: the BUILT app's overview in Chromium
// while Meta (the emulator) is up, goes down, and comes back. Orders arrive as signed
// webhooks over HTTP; the delivery worker runs in this test process on the app's database
// with an injected clock, so retries happen when the test says, not after a sleep.

const shop = "overview-outage.myshopify.com";
const PIXEL = "3141592653589793";
const ALLOW = () => `m1a1s1.${Math.floor(Date.now() / 1000)}`;
let app: AppProcess;
let meta: MetaEmulator;
let admin: AdminBrowser;
let stack: AdminStack;
const clock = testClock();
let worker: ReturnType<typeof workerFor>;

const paidOrder = (number: number) => ({
  ...makeOrder({ id: 5_550_000_000 + number, consent: ALLOW(), country: "DE" }),
  name: `#${number}`,
  order_number: number,
});

async function orderArrives(number: number) {
  expect(await postWebhook(app.url, "orders/paid", shop, paidOrder(number))).toBe(200);
}

beforeAll(async () => {
  stack = await startAdminStack({
    shop,
    pixel: { pixelId: PIXEL, accessToken: "EAAB" + "o".repeat(40) },
    worker: "off",
    beforeStart: async (started) => {
      worker = workerFor(started, { now: clock.now, timeoutMs: 5_000 });
      // Shopify's Admin API is unreachable here: the shop's timezone and a successful storefront
      // activation are recorded as they would be after the first admin load on a real store.
      await prisma.shop.update({ where: { domain: shop }, data: { timezone: "Europe/Berlin" } });
      const { hash } = await desiredStorefrontConfig(shop);
      await prisma.shopActivation.create({
        data: { shopDomain: shop, state: "active", appliedHash: hash, attemptedAt: new Date(), succeededAt: new Date() },
      });
    },
  });
  ({ app, meta, admin } = stack);
}, 240_000);

afterAll(() => stack?.stop());

/** The overview as the merchant opens it, its status banner's text, and screenshots at both widths. */
async function openOverview(state: string): Promise<{ page: Page; banner: string }> {
  let page: Page | null = null;
  for (const width of [390, 1040]) {
    page = await admin.open("/app", { width });
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    // The chart library loads after hydration: wait until both charts are drawn.
    await page.locator('[data-chart]:not([data-chart="loading"])').nth(1).waitFor();
    expect(
      await page.locator("[data-chart]").evaluateAll((charts) => charts.map((chart) => chart.getAttribute("data-chart"))),
      admin.errors.join("\n"),
    ).toEqual(["ready", "ready"]);
    await page.locator('[data-chart="ready"] svg').nth(1).waitFor();
    await pageSettled(page);
    // The status banner heads the page: the first screen shows the state.
    await admin.screenshot(page, `overview-${state}`);
    await expectNoSidewaysScroll(page, `the overview at ${width} px`);
    if (width === 390) await page.close();
  }
  const banner = await page!.locator(".Polaris-Banner").first().innerText();
  return { page: page!, banner };
}

describe("overview in Chromium: healthy, Meta outage, recovered", () => {
  it("GIVEN orders Meta accepted THEN healthy; WHEN Meta goes down THEN 'needs attention' with the reason in words; WHEN it recovers THEN healthy again", async () => {
    await orderArrives(1001);
    await orderArrives(1002);
    clock.set(new Date());
    expect(await worker.runOnce()).toMatchObject({ delivered: 2 });

    const healthy = await openOverview("healthy");
    expect(healthy.banner).toContain("Tracking is healthy");
    expect(healthy.banner).toMatch(/Meta accepted the latest event on/);
    // The trend chart counts the two orders as received and accepted.
    expect(await healthy.page.locator("figure").first().innerText()).toContain("2 live orders received, 2 accepted by Meta");
    await healthy.page.close();

    // Meta goes down: every request answers 503 until it recovers.
    meta.fail({ mode: "http_503" });
    await orderArrives(1003);
    clock.set(new Date());
    expect(await worker.runOnce()).toMatchObject({ delivered: 0, retried: 1 });

    const outage = await openOverview("outage");
    expect(outage.banner).toContain("Tracking needs attention");
    expect(outage.banner).toContain("Meta refused or failed requests in the last hour");
    expect(outage.banner).toMatch(/1 request to Meta failed in the last hour; Tandem retries them/);
    expect(await outage.page.getByRole("link", { name: "See retrying and failed events" }).getAttribute("href")).toBe(
      "/app/events?status=retry,failed",
    );
    await outage.page.close();

    // Meta is back; the retry falls due (the worker's clock moves past the backoff) and goes out.
    meta.clearFailures();
    clock.advance(10 * 60_000);
    expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
    expect(meta.acceptedCount({ eventId: `purchase_${5_550_001_003}` })).toBe(1);

    const recovered = await openOverview("recovered");
    expect(recovered.banner).toContain("Tracking is healthy");
    expect(recovered.banner).not.toContain("needs attention");
    expect(await recovered.page.locator("figure").first().innerText()).toContain("3 live orders received, 3 accepted by Meta");
    await recovered.page.close();
    expect(admin.errors).toEqual([]);
  }, 240_000);
});
