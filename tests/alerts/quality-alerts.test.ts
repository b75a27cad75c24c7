import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { checkShopAlerts } from "~/alerts/health-alerts.server";
import type { SendMail } from "~/alerts/mailer.server";
import { createQualityClient } from "~/meta/dataset-quality.server";
import { configureDestination } from "~/models/destinations.server";
import { runDailyQualityReads } from "~/quality/quality-reads.server";
import { getSecretBox } from "~/secrets/token-encryption.server";
import { startMetaEmulator, type MetaEmulator } from "../../scripts/lib/meta-emulator";
import { purchaseRow } from "../../scripts/lib/meta-emulator/quality-fixtures";
import { startSmtpInbox, subjectsOf, type Mail, type SmtpInbox } from "./smtp-inbox";

// Alert emails from Meta's own figures, through the existing alert mechanism and a real
// SMTP server: Purchase EMQ down by a point or more, a diagnostic Meta did not report the
// day before (both mailed when they start, never as "resolved"), and Purchase EMQ below 6
// (mailed when it starts and when it ends). Readings go through the real daily read
// against the Meta emulator.

const shop = "quality-alerts.myshopify.com";
const PIXEL = "4444444444444444";
let smtp: SmtpInbox;
let inbox: Mail[];
let send: SendMail;
let meta: MetaEmulator;

beforeAll(async () => {
  meta = await startMetaEmulator();
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
  for (const table of ["alertEmail", "healthCondition", "qualitySnapshot", "qualityRead", "destination", "shop"] as const) {
    await (prisma[table] as { deleteMany: () => Promise<unknown> }).deleteMany();
  }
  expect(await configureDestination(shop, { pixelId: PIXEL, accessToken: "EAAB" + "a".repeat(40) })).toMatchObject({ ok: true });
  await prisma.shop.update({ where: { domain: shop }, data: { timezone: "UTC", contactEmail: "owner@shop.example" } });
});

const at = (day: number) => new Date(Date.UTC(2026, 11, day, 9, 0, 0));

async function readingOn(day: number, emq: number, diagnostics: object[]) {
  meta.setDatasetQuality(PIXEL, {
    agents: { tandem: [purchaseRow({ event_match_quality: { composite_score: emq, diagnostics } })] },
    all: [],
  });
  const deps = {
    client: createQualityClient({ baseUrl: meta.url, version: "v26.0" }),
    openToken: (s: string) => getSecretBox().open(s),
    now: at(day),
  };
  expect(await runDailyQualityReads(deps)).toBe(1);
  return checkShopAlerts(shop, { now: at(day), send });
}

const IPV6 = {
  name: "Update your IPv4 IP addresses to IPv6 IP addresses",
  solution: "Support IPv6.",
  affected_event_count: 5,
  total_event_count: 9,
};

describe("quality alerts", () => {
  it("GIVEN EMQ 7.5, then 6.3 with a new diagnostic, then 5.8 THEN a drop and a new-diagnostic mail, then a below-6 mail; no 'resolved' for notices", async () => {
    expect((await readingOn(1, 7.5, [])).started).toEqual([]);
    const day2 = await readingOn(2, 6.3, [IPV6]);
    expect(day2.started.sort()).toEqual(["emq_drop", "meta_diagnostic_new"]);
    expect(subjectsOf(inbox)).toEqual(
      expect.arrayContaining([
        `Needs attention: Meta's match quality for your purchases dropped by a point or more (${shop})`,
        `Needs attention: Meta reports a new problem with your events (${shop})`,
      ]),
    );
    expect(inbox.map((mail) => mail.raw).join("\n")).toContain("Purchase EMQ 7.5 then 6.3");
    expect(inbox.map((mail) => mail.raw).join("\n")).toContain("Purchase: Update your IPv4 IP addresses to IPv6 IP addresses");
    inbox.length = 0;

    const day3 = await readingOn(3, 5.8, [IPV6]);
    expect(day3.started).toEqual(["emq_low"]);
    expect(day3.ended.sort()).toEqual(["emq_drop", "meta_diagnostic_new"]);
    expect(subjectsOf(inbox)).toEqual([`Needs attention: Meta rates the match quality of your purchases below 6 of 10 (${shop})`]);
    inbox.length = 0;

    const day4 = await readingOn(4, 8.2, [IPV6]);
    expect(day4.ended).toEqual(["emq_low"]);
    expect(subjectsOf(inbox)).toEqual([`Resolved: Meta rates the match quality of your purchases below 6 of 10 (${shop})`]);
  });

  it("GIVEN a Refresh an hour after the daily reading THEN it is not the baseline of a drop", async () => {
    await readingOn(1, 7.5, []);
    meta.setDatasetQuality(PIXEL, {
      agents: { tandem: [purchaseRow({ event_match_quality: { composite_score: 6.1, diagnostics: [] } })] },
      all: [],
    });
    const { refreshShopQuality } = await import("~/quality/quality-reads.server");
    const later = new Date(at(1).getTime() + 3_600_000);
    await refreshShopQuality(shop, {
      client: createQualityClient({ baseUrl: meta.url, version: "v26.0" }),
      openToken: (s) => getSecretBox().open(s),
      now: later,
    });
    expect((await checkShopAlerts(shop, { now: later, send })).started).toEqual([]);
  });
});
