import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { checkShopAlerts } from "~/alerts/health-alerts.server";
import { createMailer, type SendMail } from "~/alerts/mailer.server";
import { startSmtpInbox, type Mail, type SmtpInbox } from "./smtp-inbox";

// Alert emails through a real SMTP server on 127.0.0.1 (smtp-server): a condition that
// starts mails once, the same day never again, its end mails once; two instances checking
// at the same moment send one email; shops never see each other's alerts.

let smtp: SmtpInbox;
let inbox: Mail[];
let send: SendMail;

beforeAll(async () => {
  smtp = await startSmtpInbox();
  ({ mails: inbox, send } = smtp);
});
afterAll(() => smtp.close());

const shopA = "alerts-a.myshopify.com";
const shopB = "alerts-b.myshopify.com";
const day1 = new Date("2026-12-01T10:00:00Z");

async function pause(shop: string, paused: boolean) {
  await prisma.destination.updateMany({
    where: { shopDomain: shop },
    data: paused ? { pausedAt: day1, pausedReason: "Meta error 190: token expired." } : { pausedAt: null, pausedReason: null },
  });
}

beforeEach(async () => {
  inbox.length = 0;
  await prisma.$transaction([
    prisma.alertEmail.deleteMany(),
    prisma.healthCondition.deleteMany(),
    prisma.destination.deleteMany(),
    prisma.shop.deleteMany(),
  ]);
  await prisma.shop.create({ data: { domain: shopA, shopKey: "ka", timezone: "UTC", contactEmail: "owner-a@shop.example" } });
  await prisma.shop.create({
    data: {
      domain: shopB,
      shopKey: "kb",
      timezone: "UTC",
      contactEmail: "owner-b@shop.example",
      alertEmails: "ops-b@shop.example,cto-b@shop.example",
    },
  });
  for (const shop of [shopA, shopB])
    await prisma.destination.create({ data: { shopDomain: shop, pixelId: "66600011", accessTokenEnc: "v1:a:b:c" } });
});

const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * 60_000);

describe("health alert emails", () => {
  it("GIVEN a paused token THEN one email to the shop's contact address; the same day no second one; its end mails once", async () => {
    await pause(shopA, true);
    expect(await checkShopAlerts(shopA, { now: day1, send })).toMatchObject({ started: ["destination_paused"], mailed: 1 });
    expect(inbox).toHaveLength(1);
    expect(inbox[0].to).toEqual(["owner-a@shop.example"]);
    expect(inbox[0].raw).toMatch(/Subject: Needs attention: Meta refused the access token \(alerts-a\.myshopify\.com\)/);
    expect(inbox[0].raw).toMatch(/Fix the token/);
    const paused = inbox[0].text;
    expect(paused).toContain("Fix the token: https://alerts-a.myshopify.com/admin/apps/tandem-test-api-key/app/settings");
    expect(paused).toContain(
      "See the waiting events: https://alerts-a.myshopify.com/admin/apps/tandem-test-api-key/app/events?status=paused",
    );

    expect(await checkShopAlerts(shopA, { now: at(day1, 5), send })).toMatchObject({ started: [], mailed: 0 });
    await pause(shopA, false);
    expect(await checkShopAlerts(shopA, { now: at(day1, 10), send })).toMatchObject({ ended: ["destination_paused"], mailed: 1 });
    expect(inbox[1].raw).toMatch(/Subject: Resolved: Meta refused the access token/);
    // It comes back the same day: recorded, not mailed again.
    await pause(shopA, true);
    expect(await checkShopAlerts(shopA, { now: at(day1, 20), send })).toMatchObject({ started: ["destination_paused"], mailed: 0 });
    expect(inbox).toHaveLength(2);
    // The next day it may mail again.
    await pause(shopA, false);
    await checkShopAlerts(shopA, { now: at(day1, 30), send });
    await pause(shopA, true);
    expect(await checkShopAlerts(shopA, { now: at(day1, 24 * 60), send })).toMatchObject({ started: ["destination_paused"], mailed: 1 });
    expect(inbox).toHaveLength(3);
  });

  it("GIVEN a Meta outage (failed requests, events retrying) THEN the mail links into the app, to the retrying and failed events", async () => {
    const destination = await prisma.destination.findFirstOrThrow({ where: { shopDomain: shopA } });
    await prisma.deliveryAttempt.create({
      data: {
        shopDomain: shopA,
        destinationId: destination.id,
        eventIds: "[]",
        eventCount: 3,
        startedAt: at(day1, -5),
        durationMs: 500,
        httpStatus: 500,
        outcome: "transient",
      },
    });
    expect(await checkShopAlerts(shopA, { now: day1, send })).toMatchObject({ started: ["delivery_failures"], mailed: 1 });
    const body = inbox[0].text;
    expect(body).toContain(
      "See retrying and failed events: https://alerts-a.myshopify.com/admin/apps/tandem-test-api-key/app/events?status=retry,failed",
    );
    expect(body).not.toMatch(/admin\/apps\s/);

    await prisma.deliveryAttempt.deleteMany();
    await checkShopAlerts(shopA, { now: at(day1, 10), send });
    expect(inbox[1].text).toContain("https://alerts-a.myshopify.com/admin/apps/tandem-test-api-key/app\n");
  });

  it("GIVEN two instances checking at the same moment THEN exactly one email", async () => {
    await pause(shopA, true);
    const runs = await Promise.all([checkShopAlerts(shopA, { now: day1, send }), checkShopAlerts(shopA, { now: day1, send })]);
    expect(runs.reduce((n, r) => n + r.mailed, 0)).toBe(1);
    expect(inbox).toHaveLength(1);
    expect(await prisma.alertEmail.count()).toBe(1);
  });

  it("GIVEN shop B's problem THEN only B's addresses set in settings hear of it, and A's alert rows stay empty", async () => {
    await pause(shopB, true);
    await checkShopAlerts(shopA, { now: day1, send });
    await checkShopAlerts(shopB, { now: day1, send });
    expect(inbox.map((m) => m.to)).toEqual([["ops-b@shop.example", "cto-b@shop.example"]]);
    expect(inbox[0].raw).not.toContain(shopA);
    expect(await prisma.alertEmail.count({ where: { shopDomain: shopA } })).toBe(0);
  });

  it("GIVEN no SMTP_URL THEN the transition is recorded with why nothing was mailed", async () => {
    await pause(shopA, true);
    expect(await checkShopAlerts(shopA, { now: day1, send: null })).toMatchObject({ mailed: 0, failed: 1 });
    expect(await prisma.alertEmail.findFirstOrThrow()).toMatchObject({ sentAt: null, error: expect.stringMatching(/SMTP_URL is not set/) });
  });

  it("GIVEN the mail server is down THEN the error is recorded, nothing throws", async () => {
    await pause(shopA, true);
    const dead = createMailer("smtp://127.0.0.1:9", "Tandem <alerts@tandem.test>")!;
    expect(await checkShopAlerts(shopA, { now: day1, send: dead })).toMatchObject({ failed: 1 });
    expect((await prisma.alertEmail.findFirstOrThrow()).error).toMatch(/ECONNREFUSED/);
  });
});
