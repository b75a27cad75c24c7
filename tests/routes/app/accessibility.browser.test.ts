import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { configureDestination } from "~/models/destinations.server";
import type { MetaEmulator } from "../../../scripts/lib/meta-emulator";
import { postWebhook } from "../../../scripts/lib/shopify-webhook";
import { makeOrder } from "../../../scripts/lib/store-simulator";
import { TEST_API_SECRET } from "../../setup-env";
import type { AdminBrowser } from "../../support/admin-browser";
import { startAdminStack, type AdminStack } from "../../support/admin-stack";
import { seriousAxeViolations } from "../../support/axe";
import { checkContrast } from "../../support/contrast";
import { pageSettled } from "../../support/page-settled";
import { waitFor } from "../../support/wait-for";
import { expectNoSidewaysScroll } from "../../support/no-sideways-scroll";

// axe-core and WCAG AA contrast on every admin page of the BUILT app in Chromium, at the
// admin's iframe width (1040) and on a phone (390), with real data that brings out the
// pages' states (orders sent through signed webhooks, delivered to the Meta emulator by the
// inline worker; one failed, one held back by consent, one skipped; a pixel whose token
// Meta refused and one paused by the merchant; the set-up checklist): no serious or
// critical axe violation and no text below its contrast threshold on any of them. One
// walk opens each page once per width and runs both checks on it.

const shop = "accessibility.myshopify.com";
const PIXEL = "1234567890123456";
const PAUSED = "343434343434343";
const TOKEN = "EAAB" + "y".repeat(40);
const ALLOW = () => `m1a1s1.${Math.floor(Date.now() / 1000)}`;
let meta: MetaEmulator;
let admin: AdminBrowser;
let stack: AdminStack;
let eventId = "";
let failedId = "";

beforeAll(async () => {
  stack = await startAdminStack({
    shop,
    pixel: { pixelId: PIXEL, accessToken: TOKEN, testEventCode: "TEST1" },
    worker: "inline",
    afterStart: async (started, emulator) => {
      const post = (body: unknown) => postWebhook(started.url, { topic: "orders/create", shop, body, secret: TEST_API_SECRET });
      // Five sent: the chart library's own axis would stop at 4, below the tallest bar.
      for (let i = 0; i < 5; i++)
        expect(await post(makeOrder({ id: 8_100_001 + i, consent: ALLOW(), country: i % 2 ? "DE" : "US" }))).toBe(200);
      // Held back by consent (no signal in the EU) and skipped (a point-of-sale order).
      expect(await post(makeOrder({ id: 8_100_011, country: "DE", consent: null }))).toBe(200);
      expect(await post(makeOrder({ id: 8_100_012, sourceName: "pos", consent: ALLOW() }))).toBe(200);
      await waitFor(() => emulator.acceptedCount({ eventName: "Purchase" }) === 5, "five purchases at Meta", { timeoutMs: 90_000 });
      // Then one Meta refuses.
      emulator.fail({ mode: "invalid", count: 1 });
      expect(await post(makeOrder({ id: 8_100_013, consent: ALLOW() }))).toBe(200);
      failedId = (
        await waitFor(
          () => prisma.outboxEvent.findFirst({ where: { shopDomain: shop, eventId: "purchase_8100013", status: "failed" } }),
          "the failed order",
          { timeoutMs: 60_000 },
        )
      ).id;
    },
  });
  ({ meta, admin } = stack);
  expect(meta.acceptedCount({ eventName: "Purchase" })).toBe(5);
  const event = await prisma.outboxEvent.findFirstOrThrow({ where: { shopDomain: shop, eventId: "purchase_8100001" } });
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
  // A second pixel paused by the merchant, and the first one's token refused by Meta.
  expect(await configureDestination(shop, { pixelId: PAUSED, accessToken: TOKEN })).toMatchObject({ ok: true });
  await prisma.destination.updateMany({ where: { shopDomain: shop, pixelId: PAUSED }, data: { enabled: false } });
  await prisma.destination.updateMany({
    where: { shopDomain: shop, pixelId: PIXEL },
    data: { pausedAt: new Date(), pausedReason: "Meta refused the access token or its permissions (code 190): expired" },
  });
}, 300_000);

afterAll(() => stack?.stop());

describe("accessibility of every admin page (axe-core and WCAG AA contrast in Chromium, built app)", () => {
  it.each([1040, 390])(
    "GIVEN every admin page at %i px THEN axe finds no serious or critical violation AND all visible text reaches 4.5:1 (3:1 when large)",
    async (width) => {
      // Each page once: axe on every page, contrast on the pages and states it was written for.
      const pages = [
        { path: "/app", axe: true, contrast: true },
        { path: "/app/events", axe: true, contrast: true },
        { path: `/app/events/${eventId}`, axe: true, contrast: false },
        { path: `/app/events/${failedId}`, axe: false, contrast: true },
        { path: "/app/orders", axe: true, contrast: true },
        { path: "/app/quality", axe: true, contrast: false },
        { path: "/app/consent", axe: true, contrast: true },
        { path: "/app/settings", axe: true, contrast: true },
      ];
      const axeFound: Record<string, unknown> = {};
      const contrastReport: Record<string, unknown> = {};
      for (const { path, axe, contrast } of pages) {
        const page = await admin.open(path, { width });
        await page.locator("main").first().waitFor();
        // Hydrated, and the orders page's figures (asked for once hydrated) in: check the page they complete.
        await pageSettled(page);
        if (axe) {
          const violations = await seriousAxeViolations(page);
          if (violations.length) axeFound[path] = violations;
        }
        if (contrast) {
          const { checked, failures, unmeasured } = await checkContrast(page);
          expect(checked, `${path}: no text measured`).toBeGreaterThan(20);
          if (failures.length > 0) contrastReport[path] = failures;
          if (unmeasured.length > 0) contrastReport[`${path} (unmeasured)`] = unmeasured;
        }
        await page.close();
      }
      expect.soft(axeFound, `axe: ${JSON.stringify(axeFound, null, 1)}`).toEqual({});
      expect.soft(contrastReport, "contrast").toEqual({});
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
    await page.close();
  }, 120_000);

  it("GIVEN the overview's charts THEN the y-axis reaches the tallest bar (the day's orders) and no chart part is announced as an empty list", async () => {
    const page = await admin.open("/app");
    await page.locator('[data-chart="ready"] svg').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-chart] [role="list"]:not(:has([role="listitem"]))').count()).toBe(0);
    // The orders of the seed, all received today: the first period's figure is the tallest bar.
    const received = Number(await page.locator("[data-period-card]").first().getByText(/^\d+$/).first().textContent());
    expect(received).toBeGreaterThanOrEqual(5);
    const orders = page.locator('[data-chart="ready"]').first();
    const axis = (await orders.locator("text").allTextContents()).filter((t) => /^\d+$/.test(t.trim())).map(Number);
    expect(Math.max(...axis), `y-axis labels ${axis.join(", ")}, ${received} orders received`).toBeGreaterThanOrEqual(received);
    expect(await page.locator('[data-chart] svg[role="group"][aria-label^="Chart: Orders received, Accepted by Meta"]').count()).toBe(1);
    await admin.screenshot(page, "overview-charts", { of: orders });
    await page.close();
  }, 120_000);

  it.each([1040, 390])(
    "GIVEN the event log at %i px THEN the search box waits to be asked for; Escape with a filter applied clears it with the bar, so the list is never filtered out of sight",
    async (width) => {
      const page = await admin.open("/app/events?status=expired", { width });
      await page.getByText("No events match").waitFor();
      expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("INPUT");
      await admin.screenshot(page, "events-filtered");
      await page.keyboard.press("Escape");
      await expect.poll(() => page.url(), { timeout: 30_000 }).not.toMatch(/status=expired/);
      await page
        .getByText(/^1–\d+ of \d+$/)
        .first()
        .waitFor({ timeout: 30_000 });
      expect(await page.getByText("No events match").count()).toBe(0);
      // Asked for: the search button opens the bar with the search box focused.
      await page.getByRole("button", { name: /Search and filter/ }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName), { timeout: 10_000 }).toBe("INPUT");
      await page.close();
    },
    120_000,
  );
});
