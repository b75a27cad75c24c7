import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { workerFor } from "../../delivery/fixtures";
import type { AdminBrowser } from "../../support/admin-browser";
import { startAdminStack, type AdminStack } from "../../support/admin-stack";
import { postWebhook } from "../../support/app-webhooks";
import { numberedOrders } from "../../support/numbered-orders";
import { makeOrderEdit, makeRefund } from "../../../scripts/lib/store-simulator";
import { expectNoSidewaysScroll } from "../../support/no-sideways-scroll";

// The BUILT app's orders page and an order's detail in Chromium after cancellations,
// refunds and an edit arrived as signed webhooks over HTTP: what the merchant reads at
// the admin's width and on a phone (screenshots in tmp/screenshots/).

const shop = "lifecycle-page.myshopify.com";
const { id, order } = numberedOrders(6_770_000_000);
let admin: AdminBrowser;
let stack: AdminStack;

beforeAll(async () => {
  stack = await startAdminStack({
    shop,
    pixel: { pixelId: "1618033988749894", accessToken: "EAAB" + "p".repeat(40) },
    worker: "off",
    beforeStart: async () => {
      await prisma.shop.update({ where: { domain: shop }, data: { timezone: "Europe/Paris" } });
    },
    afterStart: async (started, meta) => {
      const send = async (topic: string, body: unknown) => expect(await postWebhook(started.url, topic, shop, body)).toBe(200);
      await send("orders/paid", order(3001));
      await send("orders/paid", order(3002));
      await send("orders/paid", order(3003, { country: "DE", consent: null, currency: "USD" }));
      await send("orders/create", order(3004, { financialStatus: "pending" }));
      expect(await workerFor(meta).runOnce()).toMatchObject({ delivered: 2 });
      await send("refunds/create", makeRefund({ id: 90001, orderId: id(3001), amount: "20.00" }));
      await send("orders/cancelled", {
        ...order(3003),
        cancelled_at: new Date().toISOString(),
        cancel_reason: "customer",
        financial_status: "voided",
      });
      await send("orders/edited", makeOrderEdit({ id: 90002, orderId: id(3002), added: 1 }));
    },
  });
  ({ admin } = stack);
}, 240_000);

afterAll(() => stack?.stop());

describe("the orders page after checkout", () => {
  it.each([1040, 390])(
    "GIVEN a refund, a cancellation and an edit WHEN the page opens at %i px THEN each is shown, with the day's net, and nothing is cut off",
    async (width) => {
      const page = await admin.open("/app/orders", { width, phone: width < 500 });
      await page.getByText("#3003").first().waitFor();
      // The daily figures stream in after the first paint.
      await page.locator("[data-figures-loading]").waitFor({ state: "detached" });
      const text = await page.locator("body").innerText();
      expect(text).toMatch(/Withdrawn: order cancelled/);
      expect(text).toMatch(/Cancelled on/);
      expect(text).toMatch(/Refunded (US)?\$20\.00/);
      expect(text).toMatch(/Edited after checkout: 1 item added/);
      expect(text).toMatch(/Net/);
      // The amount is Shopify's total, labelled so (a heading at 1040 px, a caption on a phone).
      expect(text).toMatch(/Order total in Shopify/);
      await admin.screenshot(page, "orders-lifecycle", { fullPage: true });
      await expectNoSidewaysScroll(page, `the orders page at ${width} px`);
      await page.close();
      expect(admin.errors).toEqual([]);
    },
    120_000,
  );

  it.each([1040, 390])(
    "GIVEN the refunded order's Purchase WHEN its detail opens at %i px THEN worth, refund and net are there",
    async (width) => {
      const row = await prisma.outboxEvent.findFirstOrThrow({ where: { shopDomain: shop, eventId: `purchase_${id(3001)}` } });
      const page = await admin.open(`/app/events/${row.id}`, { width, phone: width < 500 });
      await page.getByRole("heading", { name: "After checkout" }).waitFor();
      const text = await page.locator("body").innerText();
      expect(text).toMatch(/Refunded (US)?\$20\.00 on/);
      expect(text).toMatch(/Meta keeps the value it received/);
      // Both values, labelled, and why they differ: the default value rule leaves out shipping and taxes.
      expect(text).toMatch(/Purchase · value sent to Meta (US)?\$\d/);
      expect(text).toMatch(/Order total in Shopify: (US)?\$\d/);
      expect(text).toMatch(/Shipping and taxes are not part of the value Meta receives/);
      await admin.screenshot(page, "order-detail-lifecycle", { fullPage: true });
      await page.close();
    },
    120_000,
  );
});
