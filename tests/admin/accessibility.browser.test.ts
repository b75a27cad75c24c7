import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { AppProcess } from "../../scripts/lib/app-process";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator";
import { postWebhook } from "../../scripts/lib/shopify-webhook";
import { makeOrder } from "../../scripts/lib/store-simulator";
import { TEST_API_SECRET } from "../setup-env";
import type { AdminBrowser } from "../support/admin-browser";
import { startAdminStack, type AdminStack } from "../support/admin-stack";
import { seriousAxeViolations } from "../support/axe";
import { waitFor } from "../support/wait-for";

// axe-core on every admin page of the BUILT app in Chromium, at the admin's iframe width
// (1040) and on a phone (390), with real data behind them (orders sent through signed
// webhooks, delivered to the Meta emulator by the inline worker): no serious or critical
// violation on any of them.

const shop = "accessibility.myshopify.com";
const PIXEL = "1234567890123456";
const ALLOW = () => `m1a1s1.${Math.floor(Date.now() / 1000)}`;
let app: AppProcess;
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
      for (let i = 0; i < 4; i++) {
        const body = makeOrder({ id: 8_100_001 + i, consent: ALLOW(), country: i % 2 ? "DE" : "US" });
        expect(await postWebhook(started.url, { topic: "orders/create", shop, body, secret: TEST_API_SECRET })).toBe(200);
      }
    },
  });
  ({ app, meta, admin } = stack);
  await waitFor(() => meta.acceptedCount({ eventName: "Purchase" }) === 4, "four purchases at Meta", { timeoutMs: 90_000 });
  eventId = (await prisma.outboxEvent.findFirstOrThrow({ where: { shopDomain: shop, eventName: "Purchase" } })).id;
}, 300_000);

afterAll(() => stack?.stop());

describe("accessibility of every admin page (axe-core in Chromium)", () => {
  it.each([1040, 390])(
    "GIVEN every page at %i px THEN axe finds no serious or critical violation",
    async (width) => {
      const found: Record<string, unknown> = {};
      for (const path of ["/app", "/app/events", `/app/events/${eventId}`, "/app/orders", "/app/quality", "/app/consent", "/app/settings"]) {
        const page = await admin.open(path, { width });
        await page.waitForLoadState("networkidle");
        await page.locator("main").first().waitFor();
        const violations = await seriousAxeViolations(page);
        if (violations.length) found[path] = violations;
        await page.context().close();
      }
      expect(found, `app output tail:\n${app.output().slice(-500)}`).toEqual({});
    },
    240_000,
  );
});
