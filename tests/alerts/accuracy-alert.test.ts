import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { checkShopAlerts } from "~/alerts/health-alerts.server";
import type { SendMail } from "~/alerts/mailer.server";
import { ingestWebhook } from "~/ingest/ingest-webhook.server";
import { saveShopSettings } from "~/models/shops.server";
import { makeOrder } from "../../scripts/lib/store-simulator";
import { startSmtpInbox, type Mail, type SmtpInbox } from "./smtp-inbox";

// The accuracy alert (docs/decisions/075) through the alert machinery and a real SMTP
// server on 127.0.0.1: a pixel below the merchant's threshold mails once per shop day,
// with a link into the app's orders not accepted; a pixel paused by the merchant is
// shown on the overview but never mailed.

let smtp: SmtpInbox;
let inbox: Mail[];
let send: SendMail;
const shop = "accuracy-alert.myshopify.com";
const now = new Date();
const ALLOW = `m1a1s1.${Math.floor(now.getTime() / 1000)}`;
let pixel: string;

beforeAll(async () => {
  smtp = await startSmtpInbox();
  ({ mails: inbox, send } = smtp);
  await prisma.shop.create({ data: { domain: shop, shopKey: "acc-alert", timezone: "Asia/Tokyo", contactEmail: "owner@shop.example" } });
  pixel = (await prisma.destination.create({ data: { shopDomain: shop, pixelId: "7770001", accessTokenEnc: "v1:a:b:c" } })).id;
  // Six orders of the last 24 hours: Meta accepted four and refused two (67%).
  for (let id = 1; id <= 6; id++) {
    const placed = new Date(now.getTime() - (3 + id) * 3_600_000);
    await ingestWebhook({
      shop,
      topic: "orders/paid",
      webhookId: `aa-${id}`,
      payload: makeOrder({ id, consent: ALLOW, processedAt: placed }),
      now: placed,
    });
  }
  // The browser reported them (so no other condition mails beside the one under test).
  await prisma.outboxEvent.updateMany({ where: { destinationId: pixel }, data: { status: "delivered", browserSeenAt: now } });
  await prisma.outboxEvent.updateMany({
    where: { destinationId: pixel, eventId: { in: ["purchase_5", "purchase_6"] } },
    data: { status: "failed" },
  });
});
afterAll(() => smtp.close());

describe("the accuracy alert", () => {
  it("GIVEN the default threshold (90%) and a pixel at 66% THEN one mail naming the pixel, its figure and the reasons, linking to the orders not accepted", async () => {
    expect(await checkShopAlerts(shop, { now, send })).toMatchObject({ started: ["accuracy_low"], mailed: 1 });
    expect(inbox).toHaveLength(1);
    expect(inbox[0].text).toMatch(/Subject: Needs attention: A pixel's accuracy fell below your threshold/);
    expect(inbox[0].text).toContain(
      "Pixel 7770001: 66% of the last 24 hours' orders accepted by Meta (4 of 6; your threshold is 90%). Not accepted: 2 refused by Meta.",
    );
    expect(inbox[0].text).toContain(`https://${shop}/admin/apps/tandem-test-api-key/app/orders?outcome=not_accepted`);
    // The same day: no second mail.
    expect(await checkShopAlerts(shop, { now: new Date(now.getTime() + 60_000), send })).toMatchObject({ started: [], mailed: 0 });
  });

  it("GIVEN the merchant lowers the threshold under the figure THEN the condition ends; 0 switches the alert off", async () => {
    expect(await saveShopSettings(shop, { alerts: { accuracyBelowPercent: 60 } })).toMatchObject({ ok: true });
    expect(await checkShopAlerts(shop, { now: new Date(now.getTime() + 120_000), send })).toMatchObject({ ended: ["accuracy_low"] });
    expect(await saveShopSettings(shop, { alerts: { accuracyBelowPercent: 0 } })).toMatchObject({ ok: true });
    expect(await checkShopAlerts(shop, { now: new Date(now.getTime() + 180_000), send })).toMatchObject({ started: [] });
  });

  it("GIVEN a threshold that is no percentage THEN refused with a message the merchant reads", async () => {
    const result = await saveShopSettings(shop, { alerts: { accuracyBelowPercent: 150 } });
    expect(result).toMatchObject({
      ok: false,
      errors: [{ path: "alerts.accuracyBelowPercent", message: "Enter a percentage from 0 to 100 (0 switches the accuracy alert off)." }],
    });
  });

  it("GIVEN the merchant pauses the pixel THEN the overview's condition starts and no mail is sent", async () => {
    const before = inbox.length;
    await prisma.destination.update({ where: { id: pixel }, data: { enabled: false } });
    const run = await checkShopAlerts(shop, { now: new Date(now.getTime() + 240_000), send });
    expect(run.started).toContain("pixel_off");
    expect(inbox).toHaveLength(before);
  });
});
