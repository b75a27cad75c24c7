import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { configureDestination } from "~/models/destinations.server";
import { postWebhook } from "../../../scripts/lib/shopify-webhook";
import { TEST_API_SECRET } from "../../setup-env";
import type { AdminBrowser } from "../../support/admin-browser";
import { startAdminStack, type AdminStack } from "../../support/admin-stack";
import { checkContrast } from "../../support/contrast";
import { makeOrder } from "../../../scripts/lib/store-simulator";
import { waitFor } from "../../support/wait-for";

// WCAG AA contrast of every admin page, measured in Chromium on the BUILT app with data
// that brings out its states: delivered, failed, held back by consent and skipped orders;
// a pixel whose token Meta refused and one paused by the merchant; the set-up checklist.

const shop = "contrast.myshopify.com";
const PIXEL = "1212121212121212";
const PAUSED = "343434343434343";
const TOKEN = "EAAB" + "c".repeat(40);
const ALLOW = () => `m1a1s1.${Math.floor(Date.now() / 1000)}`;
let admin: AdminBrowser;
let stack: AdminStack;
let failedId = "";

beforeAll(async () => {
  stack = await startAdminStack({
    shop,
    pixel: { pixelId: PIXEL, accessToken: TOKEN, testEventCode: "TEST1" },
    worker: "inline",
    afterStart: async (started, meta) => {
      const post = (body: unknown) => postWebhook(started.url, { topic: "orders/create", shop, body, secret: TEST_API_SECRET });
      expect(await post(makeOrder({ id: 8_100_001, consent: ALLOW() }))).toBe(200);
      expect(await post(makeOrder({ id: 8_100_002, country: "DE", consent: null }))).toBe(200);
      expect(await post(makeOrder({ id: 8_100_003, sourceName: "pos", consent: ALLOW() }))).toBe(200);
      await waitFor(() => meta.acceptedCount({ eventId: "purchase_8100001" }) === 1, "the first order at Meta", { timeoutMs: 60_000 });
      meta.fail({ mode: "invalid", count: 1 });
      expect(await post(makeOrder({ id: 8_100_004, consent: ALLOW() }))).toBe(200);
      failedId = (
        await waitFor(
          () => prisma.outboxEvent.findFirst({ where: { shopDomain: shop, eventId: "purchase_8100004", status: "failed" } }),
          "the failed order",
          { timeoutMs: 60_000 },
        )
      ).id;
      // A second pixel paused by the merchant, and the first one's token refused by Meta.
      expect(await configureDestination(shop, { pixelId: PAUSED, accessToken: TOKEN })).toMatchObject({ ok: true });
      await prisma.destination.updateMany({ where: { shopDomain: shop, pixelId: PAUSED }, data: { enabled: false } });
      await prisma.destination.updateMany({
        where: { shopDomain: shop, pixelId: PIXEL },
        data: { pausedAt: new Date(), pausedReason: "Meta refused the access token or its permissions (code 190): expired" },
      });
    },
  });
  ({ admin } = stack);
}, 240_000);

afterAll(() => stack?.stop());

describe("WCAG AA contrast of the admin pages (Chromium, built app)", () => {
  it.each([1040, 390])(
    "GIVEN every admin page at %i px THEN all visible text reaches 4.5:1 (3:1 when large)",
    async (width) => {
      const report: Record<string, unknown> = {};
      for (const path of ["/app", "/app/events", `/app/events/${failedId}`, "/app/orders", "/app/consent", "/app/settings"]) {
        const page = await admin.open(path, { width });
        await page.waitForLoadState("networkidle");
        // The orders page asks for its figures once hydrated: check the page they complete.
        await page.locator("[data-figures-loading]").waitFor({ state: "detached" });
        const { checked, failures, unmeasured } = await checkContrast(page);
        expect(checked, `${path}: no text measured`).toBeGreaterThan(20);
        if (failures.length > 0) report[path] = failures;
        if (unmeasured.length > 0) report[`${path} (unmeasured)`] = unmeasured;
        await page.context().close();
      }
      expect(report).toEqual({});
    },
    240_000,
  );
});
