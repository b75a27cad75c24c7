import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { shoppersByConsentReason, type ShoppersByReason } from "~/db/statements/consent-counts.server";
import { shoppersFromCounts } from "~/db/statements/consent-slots.server";
import { consentPeriods, consentReasonCounts, refreshAllConsentCounts, refreshConsentCounts } from "~/models/consent-summary.server";

// The consent page reads per-slot counts that triggers on OutboxEvent keep
// (docs/decisions/051). They must give exactly what counting the rows gives: the same
// shoppers per reason, action and period, after inserts, consent changes, deletes, test
// flags and moved rows, with several pixels and rows on the periods' edges.
const shop = "consent-equal.myshopify.com";
const other = "consent-equal-other.myshopify.com";
const DAY = 86_400_000;
const NOW = new Date("2026-03-20T15:07:00Z");
const ZONES = ["UTC", "America/New_York", "Asia/Kathmandu"];
const REASONS: [string, string][] = [
  ["signal_allows_marketing", "send"],
  ["signal_denies_marketing", "block"],
  ["mode_off", "send"],
  ["no_signal_grace", "wait"],
];
const pixels: string[] = [];
let serial = 0;

type Row = { eventId: string; checkoutToken: string | null; reason: number; createdAt: Date; isTest?: boolean; pixel?: number };

function data(row: Row, shopDomain = shop) {
  const [consentReason, consentAction] = REASONS[row.reason % REASONS.length];
  return {
    shopDomain,
    destinationId: pixels[row.pixel ?? 0],
    eventName: row.eventId.startsWith("ic_") ? "InitiateCheckout" : "Purchase",
    eventId: row.eventId,
    status: "pending",
    payload: "{}",
    eventTime: Math.floor(row.createdAt.getTime() / 1000),
    sourceTopic: "orders/create",
    checkoutToken: row.checkoutToken,
    consentAction,
    consentReason,
    isTest: row.isTest ?? false,
    createdAt: row.createdAt,
  };
}

/** Rows on every period edge of every zone (the instant and a millisecond before). */
function edgeRows(): Row[] {
  const rows: Row[] = [];
  for (const zone of ZONES) {
    for (const start of Object.values(consentPeriods(zone, NOW))) {
      for (const at of [start.getTime(), start.getTime() - 1]) {
        serial++;
        rows.push({
          eventId: `edge${serial}`,
          checkoutToken: serial % 3 ? null : `tok-edge${serial}`,
          reason: serial,
          createdAt: new Date(at),
        });
      }
    }
  }
  return rows;
}

/** A varied month and a half: shoppers with and without a checkout, several pixels, several rows each, test orders. */
function variedRows(count: number): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    serial++;
    const checkout = i % 3 !== 0 ? `tok${i % 97}` : null;
    const age = ((i * 7919) % (45 * 96)) * 900_000 + ((i * 31) % 900) * 1000;
    const base = { checkoutToken: checkout, reason: (i * 13) % 7 === 0 ? 1 : i % REASONS.length, createdAt: new Date(NOW.getTime() - age) };
    const eventId = checkout && i % 2 ? `ic_${checkout}_${serial}` : `p${serial}`;
    for (let pixel = 0; pixel < 1 + (i % 3); pixel++) rows.push({ ...base, eventId, pixel, isTest: i % 17 === 0 });
  }
  return rows;
}

async function insert(rows: Row[], shopDomain = shop) {
  await prisma.outboxEvent.createMany({ data: rows.map((row) => data(row, shopDomain)) });
}

const norm = (rows: ShoppersByReason[]) =>
  rows
    .map((r) => `${r.reason}/${r.action}: ${Number(r.today)} ${Number(r.week)} ${Number(r.month)}`)
    .filter((line) => !line.endsWith(" 0"))
    .sort();

/** Both ways, every zone: returns what the rows say, after checking the counts say the same. */
async function expectSameCounts(): Promise<string[]> {
  expect(await refreshConsentCounts(shop)).toBe(true);
  const all: string[] = [];
  for (const zone of ZONES) {
    for (const now of [NOW, new Date(NOW.getTime() - 3 * DAY)]) {
      const periods = consentPeriods(zone, now);
      const s = (d: Date) => d.getTime() / 1000;
      const fromRows = norm(await shoppersByConsentReason(prisma, shop, periods));
      const fromCounts = norm(
        await shoppersFromCounts(prisma, shop, { today: s(periods.todayFrom), week: s(periods.weekFrom), month: s(periods.monthFrom) }),
      );
      expect(fromCounts, `${zone} at ${now.toISOString()}`).toEqual(fromRows);
      all.push(...fromRows);
    }
  }
  const page = await consentReasonCounts(shop, "Asia/Kathmandu", NOW);
  expect(norm(page.map((r) => ({ ...r })))).toEqual(
    norm(await shoppersByConsentReason(prisma, shop, consentPeriods("Asia/Kathmandu", NOW))),
  );
  return all;
}

beforeAll(async () => {
  for (const domain of [shop, other]) await prisma.shop.create({ data: { domain, shopKey: `k-${domain}` } });
  for (const pixelId of ["701", "702", "703"])
    pixels.push((await prisma.destination.create({ data: { shopDomain: shop, pixelId, accessTokenEnc: "v1:a:b:c" } })).id);
  await insert([...variedRows(600), ...edgeRows()]);
});

describe("consent counts from the per-slot counts", () => {
  it("GIVEN a varied month and a half on three pixels with rows on every period edge THEN the counts equal counting the rows, and are not trivial", async () => {
    const figures = await expectSameCounts();
    expect(new Set(figures.map((line) => line.split(":")[0])).size).toBe(REASONS.length);
    expect(figures.some((line) => /: [1-9]\d* [1-9]\d* [1-9]\d*$/.test(line))).toBe(true);
  });

  it("GIVEN the rows change as the app changes them THEN the counts still equal counting the rows after every change", async () => {
    const ids = async (where: object, take: number) =>
      (
        await prisma.outboxEvent.findMany({ where: { shopDomain: shop, ...where }, select: { id: true }, orderBy: { id: "asc" }, take })
      ).map((r) => r.id);
    // New shoppers and new rows of known shoppers, today and earlier.
    await insert(variedRows(80).map((row) => ({ ...row, createdAt: new Date(row.createdAt.getTime() / 2 + NOW.getTime() / 2) })));
    await expectSameCounts();
    // Consent decided later (a waiting row decided when a browser receipt arrives).
    await prisma.outboxEvent.updateMany({
      where: { id: { in: await ids({ consentReason: "no_signal_grace" }, 60) } },
      data: { consentReason: "signal_allows_marketing", consentAction: "send" },
    });
    await expectSameCounts();
    // A checkout token learnt later, a test flag set, a row moved in time.
    for (const id of await ids({ checkoutToken: null }, 10))
      await prisma.outboxEvent.update({ where: { id }, data: { checkoutToken: "tok5" } });
    await prisma.outboxEvent.updateMany({ where: { id: { in: await ids({ isTest: false }, 15) } }, data: { isTest: true } });
    await prisma.outboxEvent.updateMany({ where: { id: { in: await ids({ isTest: true }, 20) } }, data: { isTest: false } });
    for (const id of await ids({ eventId: { startsWith: "edge" } }, 8))
      await prisma.outboxEvent.update({ where: { id }, data: { createdAt: new Date(NOW.getTime() - 2 * DAY - 1) } });
    await expectSameCounts();
    // Deliveries change the status only: nothing for the consent counts to do.
    const dirty = await prisma.consentDirty.count();
    await prisma.outboxEvent.updateMany({ where: { shopDomain: shop }, data: { status: "delivered", attempts: 1, deliveredAt: NOW } });
    expect(await prisma.consentDirty.count()).toBe(dirty);
    // Retention (the oldest rows) and redaction (one checkout's rows, one pixel's rows).
    await prisma.outboxEvent.deleteMany({ where: { shopDomain: shop, createdAt: { lt: new Date(NOW.getTime() - 25 * DAY) } } });
    await expectSameCounts();
    await prisma.outboxEvent.deleteMany({ where: { shopDomain: shop, checkoutToken: "tok7" } });
    await prisma.outboxEvent.deleteMany({ where: { shopDomain: shop, destinationId: pixels[2] } });
    await prisma.outboxEvent.deleteMany({ where: { id: { in: await ids({ createdAt: { gte: new Date(NOW.getTime() - DAY) } }, 40) } } });
    await expectSameCounts();
    // Another shop's rows never count here.
    const before = await expectSameCounts();
    pixels.push((await prisma.destination.create({ data: { shopDomain: other, pixelId: "799", accessTokenEnc: "v1:a:b:c" } })).id);
    await insert(
      variedRows(30)
        .filter((row) => (row.pixel ?? 0) === 0)
        .map((row) => ({ ...row, pixel: 3 })),
      other,
    );
    expect(await expectSameCounts()).toEqual(before);
    // The worker's housekeeping takes every shop's names.
    expect((await refreshAllConsentCounts()).shops).toBe(1);
    expect(await prisma.consentDirty.count()).toBe(0);
  });
});
