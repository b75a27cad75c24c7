import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { workerFor } from "../../delivery/fixtures";
import type { AdminBrowser } from "../../support/admin-browser";
import { startAdminStack, type AdminStack } from "../../support/admin-stack";
import { postWebhook } from "../../support/app-webhooks";
import { numberedOrders } from "../../support/numbered-orders";
import { makeRefund } from "../../../scripts/lib/store-simulator";
import { expectNoSidewaysScroll } from "../../support/no-sideways-scroll";

// The BUILT app's order detail in Chromium for a first subscription order (told by its
// selling plan, then refunded) and a subscription renewal, after signed webhooks over HTTP:
// the kind of order in words and every event of the order at Meta with its status, at the
// admin's width and on a phone (screenshots in tmp/screenshots/).

const shop = "order-class-detail.myshopify.com";
const { id, order } = numberedOrders(6_780_000_000);
const PLAN = 691_207_000_003;
let admin: AdminBrowser;
let stack: AdminStack;

beforeAll(async () => {
  stack = await startAdminStack({
    shop,
    pixel: { pixelId: "1732050807568877", accessToken: "EAAB" + "q".repeat(40) },
    worker: "off",
    beforeStart: async () => {
      await prisma.shop.update({
        where: { domain: shop },
        data: {
          currency: "USD",
          settings: JSON.stringify({
            events: { recurringPayment: true, subscribe: true, subscribePredictedLtv: 150, orderRefunded: true },
          }),
        },
      });
    },
    afterStart: async (started, meta) => {
      const send = async (topic: string, body: unknown) => expect(await postWebhook(started.url, topic, shop, body)).toBe(200);
      await send("orders/paid", order(4001, { sellingPlanId: PLAN }));
      await send("orders/paid", {
        ...order(4002, { sellingPlanId: PLAN }),
        source_name: "subscription_contract",
        checkout_token: null,
        client_details: null,
        browser_ip: null,
      });
      await workerFor(meta).runOnce();
      await send("refunds/create", makeRefund({ id: 94001, orderId: id(4001), amount: "12.00" }));
      await workerFor(meta).runOnce();
    },
  });
  ({ admin } = stack);
}, 240_000);

afterAll(() => stack?.stop());

describe("the order detail names the kind of order and lists its events at Meta", () => {
  it.each([1040, 390])(
    "GIVEN a first subscription order, refunded WHEN its Purchase's detail opens at %i px THEN the class and its three events with their status",
    async (width) => {
      const row = await prisma.outboxEvent.findFirstOrThrow({ where: { shopDomain: shop, eventId: `purchase_${id(4001)}` } });
      const page = await admin.open(`/app/events/${row.id}`, { width, phone: width < 500 });
      await page.getByRole("heading", { name: "#4001 at Meta" }).waitFor();
      const text = await page.locator("body").innerText();
      expect(text).toMatch(/Kind of order:\s*First subscription order/);
      expect(text).toMatch(/Purchase \(this page\)/);
      expect(text).toMatch(/Subscribe \(start of a subscription, with its predicted lifetime value\)/);
      expect(text).toMatch(/Refund \(custom event, positive value, for audiences\)/);
      expect(text).toContain(`subscribe_${id(4001)}`);
      expect(text).toContain("refund_94001");
      // The Purchase is a website event: its browser copy is expected, and its absence said.
      expect(text).toContain("No browser copy reported");
      // Each listed event links to its own detail.
      const subscribe = await prisma.outboxEvent.findFirstOrThrow({ where: { shopDomain: shop, eventId: `subscribe_${id(4001)}` } });
      expect(await page.getByRole("link", { name: /^Subscribe/ }).getAttribute("href")).toContain(`/app/events/${subscribe.id}`);
      await admin.screenshot(page, "order-detail-first-subscription", { fullPage: true });
      await expectNoSidewaysScroll(page, `the order detail at ${width} px`);
      await page.close();
      expect(admin.errors).toEqual([]);
    },
    120_000,
  );

  it.each([1040, 390])(
    "GIVEN a renewal WHEN its RecurringPayment's detail opens at %i px THEN the class and its one event, sent",
    async (width) => {
      const row = await prisma.outboxEvent.findFirstOrThrow({ where: { shopDomain: shop, eventId: `renewal_${id(4002)}` } });
      const page = await admin.open(`/app/events/${row.id}`, { width, phone: width < 500 });
      await page.getByRole("heading", { name: "#4002 at Meta" }).waitFor();
      const text = await page.locator("body").innerText();
      expect(text).toMatch(/Kind of order:\s*Subscription renewal/);
      expect(text).toMatch(/Subscription renewal \(RecurringPayment, in place of a Purchase\) \(this page\)/);
      expect(text).toMatch(/Delivered/);
      expect(text).toMatch(/Order total in Shopify/);
      // A renewal has no shopper's browser: no browser copy is missing, and none shares its id.
      expect(text).toContain("Sent from the server only: no shopper's browser sends a copy of this event");
      expect(text).not.toMatch(/No browser copy reported|shared by both copies/);
      await admin.screenshot(page, "order-detail-renewal", { fullPage: true });
      await expectNoSidewaysScroll(page, `the order detail at ${width} px`);
      await page.close();
      expect(admin.errors).toEqual([]);
    },
    120_000,
  );
});
