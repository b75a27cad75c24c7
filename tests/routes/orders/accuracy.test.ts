import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { countedOf, accuracyPercent, type AccuracyCell } from "~/format/accuracy-words";
import { ingestWebhook } from "~/ingest/ingest-webhook.server";
import { accuracyByDay, accuracySince } from "~/models/accuracy.server";
import { addDays, dayOf } from "~/models/shop-time";
import { exportAccuracyCsv } from "~/models/accuracy-export.server";
import { main } from "../../../scripts/cli/main";
import { makeOrder } from "../../../scripts/lib/store-simulator";

// The accuracy figure per pixel (docs/decisions/075): two pixels measured on the same
// received orders, through the real ingest; the worker's outcomes are set on the rows.

const shop = "accuracy.myshopify.com";
const timezone = "Asia/Tokyo";
const now = new Date();
const ALLOW = `m1a1s1.${Math.floor(now.getTime() / 1000)}`;
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
let a: string;
let b: string;

async function order(id: number, options: Omit<Parameters<typeof makeOrder>[0], "id">) {
  const placed = options.processedAt ?? hoursAgo(3);
  await ingestWebhook({ shop, topic: "orders/paid", webhookId: `acc-${id}`, payload: makeOrder({ ...options, id }), now: placed });
}
async function settle(id: number, pixel: string, status: string) {
  await prisma.outboxEvent.updateMany({ where: { destinationId: pixel, eventId: `purchase_${id}` }, data: { status } });
}
const sumCells = (cells: AccuracyCell[]) => ({
  received: cells.reduce((n, c) => n + c.received, 0),
  accepted: cells.reduce((n, c) => n + c.accepted, 0),
  counted: cells.reduce((n, c) => n + countedOf(c), 0),
});

beforeAll(async () => {
  await prisma.shop.create({ data: { domain: shop, shopKey: "accuracy-key", timezone } });
  a = (await prisma.destination.create({ data: { shopDomain: shop, pixelId: "1110001", accessTokenEnc: "v1:a:b:c" } })).id;
  b = (await prisma.destination.create({ data: { shopDomain: shop, pixelId: "2220002", accessTokenEnc: "v1:a:b:c" } })).id;
  await order(1, { consent: ALLOW });
  await order(2, { consent: ALLOW });
  await order(3, { consent: ALLOW, sourceName: "pos" }); // left out by the default filters
  await order(4, { consent: "m0a1s1" }); // the shopper declined: held back on both pixels
  await order(6, { consent: ALLOW, sourceName: "shop", processedAt: hoursAgo(30) });
  await order(8, { consent: ALLOW, test: true }); // a test order is no received order
  await prisma.destination.update({ where: { id: b }, data: { enabled: false } });
  await order(5, { consent: ALLOW }); // B paused by the merchant: not sent to it
  await prisma.destination.update({ where: { id: b }, data: { enabled: true } });
  await order(7, { consent: ALLOW, processedAt: hoursAgo(0.2) }); // still being sent
  for (const id of [1, 2, 5, 6]) await settle(id, a, "delivered");
  for (const id of [1, 6]) await settle(id, b, "delivered");
  await settle(2, b, "failed");
});

describe("accuracy per pixel", () => {
  it("GIVEN two pixels THEN each counts the same received orders once, and accepted / counted leaves out filters, consent and orders still settling", async () => {
    const today = dayOf(now, timezone);
    const [pa, pb] = await accuracyByDay(shop, addDays(today, -2), today, timezone, now);
    expect(pa.pixelId).toBe("1110001");
    expect(pa.total).toEqual({ received: 7, accepted: 4, missed: {}, leftOut: { filtered: 1, consent: 1, settling: 1 } });
    expect(accuracyPercent(pa.total)).toBe(100);
    expect(pb.total).toEqual({
      received: 7,
      accepted: 2,
      missed: { failed: 1, pixel_paused: 1 },
      leftOut: { filtered: 1, consent: 1, settling: 1 },
    });
    expect(accuracyPercent(pb.total)).toBe(50);
  });

  it("GIVEN the figures per day and per channel THEN they add up to the period's, for each pixel", async () => {
    const today = dayOf(now, timezone);
    for (const pixel of await accuracyByDay(shop, addDays(today, -2), today, timezone, now)) {
      const total = { received: pixel.total.received, accepted: pixel.total.accepted, counted: countedOf(pixel.total) };
      expect(sumCells(pixel.days.map((d) => d.cell))).toEqual(total);
      expect(sumCells(pixel.channels.map((c) => c.cell))).toEqual(total);
    }
    const [, pb] = await accuracyByDay(shop, addDays(today, -2), today, timezone, now);
    expect(pb.channels.map((c) => [c.channel, c.cell.received, c.cell.accepted, countedOf(c.cell)])).toEqual([
      ["web", 5, 1, 3],
      ["pos", 1, 0, 0],
      ["shop", 1, 1, 1],
    ]);
    // Order 6 was placed 30 hours ago: its shop day is not the others' day unless the clock says so.
    const day6 = dayOf(hoursAgo(30), timezone);
    expect(pb.days.find((d) => d.day === day6)!.cell.accepted).toBeGreaterThanOrEqual(1);
  });

  it("GIVEN an order still unsent after the settling time THEN it counts as missed ('still not sent'), not left out", async () => {
    const later = new Date(now.getTime() + 3 * 3_600_000);
    const [pa] = await accuracySince(shop, hoursAgo(24), later);
    expect(pa.cell.missed).toEqual({ late: 1 });
    expect(pa.cell.leftOut.settling).toBeUndefined();
  });

  it("GIVEN the accuracy CSV THEN one row per pixel, day and channel whose sums are each pixel's figure", async () => {
    const today = dayOf(now, timezone);
    const csv = await exportAccuracyCsv(shop, addDays(today, -2), today, timezone);
    const [header, ...rows] = csv
      .trimEnd()
      .split("\r\n")
      .map((line) => line.split(","));
    const col = (name: string) => header.indexOf(name);
    const total = (pixel: string, name: string) =>
      rows.filter((r) => r[col("pixel_id")] === pixel).reduce((n, r) => n + Number(r[col(name)]), 0);
    expect([total("1110001", "orders_received"), total("1110001", "orders_counted"), total("1110001", "accepted_by_meta")]).toEqual([
      7, 4, 4,
    ]);
    expect([total("2220002", "orders_received"), total("2220002", "orders_counted"), total("2220002", "accepted_by_meta")]).toEqual([
      7, 4, 2,
    ]);
    expect([total("2220002", "not_accepted_failed"), total("2220002", "not_accepted_pixel_paused")]).toEqual([1, 1]);
    expect(rows.find((r) => r[col("pixel_id")] === "2220002" && r[col("sales_channel_code")] === "shop")?.[col("sales_channel")]).toBe(
      "Shop app",
    );
  });

  it("GIVEN tandem orders accuracy THEN each pixel's figure with its reasons and channels; --json carries the counts", async () => {
    const lines: string[] = [];
    expect(await main(["orders", "accuracy", "--shop", shop, "--days", "3"], (line) => lines.push(line))).toBe(0);
    const text = lines.join("\n");
    expect(text).toContain("Pixel 1110001: 100% (4 of 4)");
    expect(text).toContain("Pixel 2220002: 50% (2 of 4)");
    expect(text).toMatch(/not accepted: 1 refused by Meta, 1 pixel paused|not accepted: 1 pixel paused, 1 refused by Meta/);
    expect(text).toContain("Online Store");
    const json: string[] = [];
    await main(["orders", "accuracy", "--shop", shop, "--days", "3", "--json"], (line) => json.push(line));
    const parsed = JSON.parse(json.join("\n"));
    expect(parsed.pixels.map((p: { total: { accuracyPercent: number } }) => p.total.accuracyPercent)).toEqual([100, 50]);
  });
});
