import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { MetaEmulator } from "../../../scripts/lib/meta-emulator";
import { postWebhook } from "../../../scripts/lib/shopify-webhook";
import { makeOrder } from "../../../scripts/lib/store-simulator";
import { TEST_API_SECRET } from "../../setup-env";
import type { AdminBrowser } from "../../support/admin-browser";
import { startAdminStack, type AdminStack } from "../../support/admin-stack";
import { seriousAxeViolations } from "../../support/axe";
import { waitFor } from "../../support/wait-for";
import { expectNoSidewaysScroll } from "../../support/no-sideways-scroll";

// axe-core on every admin page of the BUILT app in Chromium, at the admin's iframe width
// (1040) and on a phone (390), with real data behind them (orders sent through signed
// webhooks, delivered to the Meta emulator by the inline worker): no serious or critical
// violation on any of them.

const shop = "accessibility.myshopify.com";
const PIXEL = "1234567890123456";
const ALLOW = () => `m1a1s1.${Math.floor(Date.now() / 1000)}`;
let meta: MetaEmulator;
let admin: AdminBrowser;
let stack: AdminStack;
let eventId = "";

beforeAll(async () => {
  stack = await startAdminStack({
    shop,
    pixel: { pixelId: PIXEL, accessToken: "EAAB" + "y".repeat(40) },
    worker: "inline",
    afterStart: async (started) => {
      // Five: the chart library's own axis would stop at 4, below the tallest bar.
      for (let i = 0; i < 5; i++) {
        const body = makeOrder({ id: 8_100_001 + i, consent: ALLOW(), country: i % 2 ? "DE" : "US" });
        expect(await postWebhook(started.url, { topic: "orders/create", shop, body, secret: TEST_API_SECRET })).toBe(200);
      }
    },
  });
  ({ meta, admin } = stack);
  await waitFor(() => meta.acceptedCount({ eventName: "Purchase" }) === 5, "five purchases at Meta", { timeoutMs: 90_000 });
  const event = await prisma.outboxEvent.findFirstOrThrow({ where: { shopDomain: shop, eventName: "Purchase" } });
  eventId = event.id;
  // An earlier refused request with a long message and reference: the table must wrap them.
  await prisma.deliveryAttempt.create({
    data: {
      shopDomain: shop,
      destinationId: event.destinationId,
      eventIds: JSON.stringify([event.id]),
      eventCount: 500,
      startedAt: new Date(Date.now() - 60_000),
      durationMs: 900,
      httpStatus: 400,
      outcome: "invalid",
      errorCode: 100,
      errorMessage:
        "Meta rejected this event: Event 0: the parameter custom_data.contents[0].item_price must be a number, and the request was refused as a whole",
      fbtraceId: "AaHYqjNBCshoHed-uN2beUPAaHYqjNBCshoHed-uN2beUP",
    },
  });
}, 300_000);

afterAll(() => stack?.stop());

describe("accessibility of every admin page (axe-core in Chromium)", () => {
  it.each([1040, 390])(
    "GIVEN every page at %i px THEN axe finds no serious or critical violation",
    async (width) => {
      const found: Record<string, unknown> = {};
      for (const path of [
        "/app",
        "/app/events",
        `/app/events/${eventId}`,
        "/app/orders",
        "/app/quality",
        "/app/consent",
        "/app/settings",
      ]) {
        const page = await admin.open(path, { width });
        await page.waitForLoadState("networkidle");
        await page.locator("main").first().waitFor();
        // The orders page asks for its figures once hydrated: check the page they complete.
        await page.locator("[data-figures-loading]").waitFor({ state: "detached" });
        const violations = await seriousAxeViolations(page);
        if (violations.length) found[path] = violations;
        await page.context().close();
      }
      expect(found, JSON.stringify(found, null, 1)).toEqual({});
    },
    240_000,
  );

  it("GIVEN an event's requests to Meta at 1040 px THEN the table wraps instead of scrolling sideways and takes keyboard focus", async () => {
    const page = await admin.open(`/app/events/${eventId}`);
    const region = page.getByRole("region", { name: "Requests to Meta" });
    await region.getByText("the request was refused as a whole", { exact: false }).waitFor();
    expect(await region.evaluate((el) => el.scrollWidth - el.clientWidth), "the requests table scrolls sideways").toBeLessThanOrEqual(0);
    await expectNoSidewaysScroll(page, "the event detail at 1040 px");
    await page.keyboard.press("Tab");
    for (let i = 0; i < 60 && !(await region.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
    expect(await region.evaluate((el) => el === document.activeElement), "the requests table is reachable with Tab").toBe(true);
    await admin.screenshot(page, "event-requests");
    await page.context().close();
  }, 120_000);

  it("GIVEN the overview's charts THEN the y-axis reaches the tallest bar (5 orders) and no chart part is announced as an empty list", async () => {
    const page = await admin.open("/app");
    await page.locator('[data-chart="ready"] svg').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-chart] [role="list"]:not(:has([role="listitem"]))').count()).toBe(0);
    const orders = page.locator('[data-chart="ready"]').first();
    const axis = (await orders.locator("text").allTextContents()).filter((t) => /^\d+$/.test(t.trim())).map(Number);
    expect(Math.max(...axis), `y-axis labels ${axis.join(", ")}`).toBeGreaterThanOrEqual(5);
    expect(await page.locator('[data-chart] svg[role="group"][aria-label^="Chart: Orders received, Accepted by Meta"]').count()).toBe(1);
    await admin.screenshot(page, "overview-charts");
    await page.context().close();
  }, 120_000);

  it.each([1040, 390])(
    "GIVEN the event log at %i px THEN the search box waits to be asked for; Escape with a filter applied clears it with the bar, so the list is never filtered out of sight",
    async (width) => {
      const page = await admin.open("/app/events?status=failed", { width });
      await page.getByText("No events match").waitFor();
      expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("INPUT");
      await admin.screenshot(page, "events-filtered");
      await page.keyboard.press("Escape");
      await expect.poll(() => page.url(), { timeout: 30_000 }).not.toMatch(/status=failed/);
      await page
        .getByText(/^1–\d+ of \d+$/)
        .first()
        .waitFor({ timeout: 30_000 });
      expect(await page.getByText("No events match").count()).toBe(0);
      // Asked for: the search button opens the bar with the search box focused.
      await page.getByRole("button", { name: /Search and filter/ }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName), { timeout: 10_000 }).toBe("INPUT");
      await page.context().close();
    },
    120_000,
  );
});
