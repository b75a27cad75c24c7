import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { checkShopAlerts } from "~/alerts/health-alerts.server";
import type { SendMail } from "~/alerts/mailer.server";
import { createQualityClient } from "~/meta/dataset-quality.server";
import { configureDestination } from "~/models/destinations.server";
import { handleAuditReport } from "~/pixel/handle-audit.server";
import { runDailyQualityReads } from "~/quality/quality-reads.server";
import { getSecretBox } from "~/secrets/token-encryption.server";
import { startMetaEmulator, type MetaEmulator } from "../../scripts/lib/meta-emulator";
import { startSmtpInbox, subjectsOf, type Mail, type SmtpInbox } from "./smtp-inbox";
import { receivedPurchase } from "../support/received-orders";

// Alert emails, through the existing alert mechanism and a real SMTP server, for what
// Meta's count and the storefront audit show: Meta's Purchase count of the latest
// complete day out of the 0.8-1.2 band against the store's orders (mailed when it
// starts and when it is resolved), and another Meta pixel newly seen on the storefront
// (a notice: mailed once, never "resolved"). At most one mail per condition per shop day.

const shop = "count-alerts.myshopify.com";
const PIXEL = "7777777777777777";
const OTHER = "999888777666555";
let smtp: SmtpInbox;
let inbox: Mail[];
let send: SendMail;
let meta: MetaEmulator;
let clock = Date.UTC(2026, 11, 8, 9);

beforeAll(async () => {
  meta = await startMetaEmulator({ now: () => clock });
  smtp = await startSmtpInbox();
  ({ mails: inbox, send } = smtp);
});
afterAll(async () => {
  await meta.close();
  await smtp.close();
});

beforeEach(async () => {
  inbox.length = 0;
  meta.reset();
  clock = Date.UTC(2026, 11, 8, 9);
  const tables = ["alertEmail", "healthCondition", "metaEventCount", "qualitySnapshot", "qualityRead", "pixelAuditFinding"] as const;
  for (const table of [...tables, "receivedOrder", "destination", "shop"] as const)
    await (prisma[table] as { deleteMany: () => Promise<unknown> }).deleteMany();
  expect(await configureDestination(shop, { pixelId: PIXEL, accessToken: "EAAB" + "k".repeat(40) })).toMatchObject({ ok: true });
  await prisma.shop.update({
    where: { domain: shop },
    data: { timezone: "UTC", contactEmail: "owner@shop.example", shopKey: "count-key" },
  });
});

let n = 0;
async function orders(day: string, count: number) {
  for (let i = 0; i < count; i++) {
    const at = new Date(`${day}T10:00:00Z`);
    await prisma.receivedOrder.create({ data: receivedPurchase(shop, String(++n), at) });
  }
}
async function dailyRead(now: Date) {
  clock = now.getTime();
  const deps = {
    client: createQualityClient({ baseUrl: meta.url, version: "v26.0" }),
    openToken: (s: string) => getSecretBox().open(s),
    now,
  };
  expect(await runDailyQualityReads(deps)).toBe(1);
  return checkShopAlerts(shop, { now, send });
}

describe("alerts from Meta's count and the storefront audit", () => {
  // Days before the real clock's today: the store's daily orders come from the rollups,
  // which leave out slots ahead of the real clock (app/models/admin-rollup.server.ts).
  it("GIVEN Meta counting twice the store's purchases yesterday THEN one mail with the figures and the cause; back in band the next day THEN resolved", async () => {
    await orders("2026-11-07", 10);
    meta.setPixelStats(PIXEL, [{ start_time: "2026-11-07T12:00:00+0000", data: [{ value: "Purchase", count: 20 }] }]);
    const day1 = await dailyRead(new Date("2026-11-08T09:00:00Z"));
    expect(day1.started).toEqual(["meta_count_out_of_band"]);
    expect(subjectsOf(inbox)).toEqual([`Needs attention: Meta's purchase count does not match your store's orders (${shop})`]);
    expect(inbox[0].text).toContain("Pixel 7777777777777777, 2026-11-07: Meta counted 20 purchases, your store had 10 orders.");
    expect(inbox[0].text).toMatch(/about twice as many: deduplication is likely broken/);
    // Later the same day: no second mail.
    expect((await checkShopAlerts(shop, { now: new Date("2026-11-08T15:00:00Z"), send })).started).toEqual([]);
    expect(inbox).toHaveLength(1);

    inbox.length = 0;
    await orders("2026-11-08", 10);
    meta.setPixelStats(PIXEL, [
      { start_time: "2026-11-07T12:00:00+0000", data: [{ value: "Purchase", count: 20 }] },
      { start_time: "2026-11-08T12:00:00+0000", data: [{ value: "Purchase", count: 11 }] },
    ]);
    const day2 = await dailyRead(new Date("2026-11-09T09:00:00Z"));
    expect(day2.ended).toEqual(["meta_count_out_of_band"]);
    expect(subjectsOf(inbox)).toEqual([`Resolved: Meta's purchase count does not match your store's orders (${shop})`]);
  });

  it("GIVEN the embed reporting another pixel THEN one notice mail that day, nothing more the next day and no 'resolved'", async () => {
    const report = { v: 1, shop_key: "count-key", page: "product", order: "before", pixels: [OTHER], events: [] };
    const now = new Date("2026-11-08T09:00:00Z");
    const posted = await handleAuditReport(
      new Request("https://tandem.test/pixel/audit", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(report),
      }),
      { remoteAddress: "203.0.113.9", now: () => now },
    );
    expect(posted.status).toBe(202);
    const first = await checkShopAlerts(shop, { now, send });
    expect(first.started).toEqual(["foreign_pixel_new"]);
    expect(subjectsOf(inbox)).toEqual([`Needs attention: Another Meta pixel was found on your storefront (${shop})`]);
    expect(inbox[0].text).toContain(`Meta pixel ${OTHER} runs on your product pages beside Tandem's.`);
    expect((await checkShopAlerts(shop, { now: new Date("2026-11-08T20:00:00Z"), send })).started).toEqual([]);
    const nextDay = await checkShopAlerts(shop, { now: new Date("2026-11-09T10:00:00Z"), send });
    expect(nextDay.ended).toEqual(["foreign_pixel_new"]);
    expect(inbox).toHaveLength(1);
  });
});
