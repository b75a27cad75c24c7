import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { startApp, type AppProcess } from "../../../scripts/lib/app-process";
import { purchase } from "../../delivery/fixtures";
import { launchAdmin, type AdminBrowser } from "../../support/admin-browser";
import { installShop } from "../../support/admin-stack";
import { pageSettled } from "../../support/page-settled";

// The event's match-key checklist says which browser values were left out and why, in the
// BUILT app in Chromium, at the admin's width and on a phone (tmp/screenshots/).

const shop = "key-notes.myshopify.com";
let app: AppProcess;
let admin: AdminBrowser;
let id = "";

beforeAll(async () => {
  await installShop(shop);
  await prisma.shop.create({ data: { domain: shop, shopKey: "key-notes-key" } });
  const destination = await prisma.destination.create({ data: { shopDomain: shop, pixelId: "5050505050", accessTokenEnc: "v1:a:b:c" } });
  const event = purchase("purchase_5151");
  const { fbp: _fbp, client_ip_address: _ip, ...userData } = event.user_data as Record<string, unknown>;
  id = (
    await prisma.outboxEvent.create({
      data: {
        shopDomain: shop,
        destinationId: destination.id,
        eventName: "Purchase",
        eventId: "purchase_5151",
        orderId: "5151",
        status: "delivered",
        deliveredAt: new Date(),
        payload: JSON.stringify({ ...event, user_data: userData }),
        eventTime: Number(event.event_time),
        sourceTopic: "orders/create",
        consentAction: "send",
        consentReason: "signal_allows_marketing",
        keyNotes: JSON.stringify([
          { key: "fbp", from: "browser", reason: "malformed" },
          { key: "client_ip_address", from: "order", reason: "private" },
          { key: "event_time", from: "order", reason: "date_out_of_range" },
        ]),
      },
    })
  ).id;
  app = await startApp({});
  admin = await launchAdmin(app.url, shop);
}, 90_000);

afterAll(async () => {
  await admin?.close();
  await app?.stop();
});

describe("an event's left-out browser values in Chromium", () => {
  it.each([1040, 390])(
    "GIVEN an event whose fbp and IP were left out WHEN opened at %i px THEN the checklist says which and why (screenshot)",
    async (width) => {
      const page = await admin.open(`/app/events/${id}`, { width });
      await page.getByText("The browser's _fbp cookie was not in Meta's format: not sent.").waitFor();
      await page
        .getByText("The order's IP address was a private network address (a proxy's or the app's own, not the shopper's): not sent.")
        .waitFor();
      await page.getByText("The order's date was outside 2000 to tomorrow, so the time Tandem received the event was used.").waitFor();
      await pageSettled(page);
      await admin.screenshot(page, "event-key-notes", { fullPage: true });
      expect(admin.errors).toEqual([]);
    },
  );
});
