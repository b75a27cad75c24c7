import { randomUUID } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { deliveredPurchasesByBucket } from "~/db/statements/delivered-purchases.server";

// The match quality page's "Tandem sent" per pixel and day is one grouped statement by
// shop (app/db/statements/delivered-purchases.server.ts). Its counts must be those of the
// per-pixel, per-day counts it replaced, kept here as the reference: rows in every status,
// test rows, other event names, rows on the days' edges and outside the range, and another
// shop's pixel.

const shop = "delivered-equal.myshopify.com";
const other = "delivered-other.myshopify.com";
const DAY = 86_400;
const start = Math.floor(new Date("2026-03-01T05:00:00Z").getTime() / 1000);
const STATUSES = ["delivered", "delivered", "delivered", "pending", "failed", "skipped", "blocked", "expired"];
const NAMES = ["Purchase", "Purchase", "Purchase", "InitiateCheckout", "AddToCart"];

let seed = 7;
const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];

const pixels: string[] = [];
let foreign = "";

beforeAll(async () => {
  for (const domain of [shop, other]) await prisma.shop.create({ data: { domain, shopKey: `${domain}-key` } });
  for (const pixelId of ["4440001", "4440002", "4440003"])
    pixels.push((await prisma.destination.create({ data: { shopDomain: shop, pixelId, accessTokenEnc: "v1:a:b:c" } })).id);
  foreign = (await prisma.destination.create({ data: { shopDomain: other, pixelId: "4440009", accessTokenEnc: "v1:a:b:c" } })).id;
  const rows: Prisma.OutboxEventCreateManyInput[] = [];
  for (let i = 0; i < 600; i++) {
    const destinationId = pick([...pixels, foreign]);
    // Most rows inside the seven days, some just outside, some exactly on a day's edge.
    const edge = next() < 0.1;
    const eventTime = edge ? start + Math.floor(next() * 8) * DAY : start - DAY + Math.floor(next() * 9 * DAY);
    rows.push({
      id: randomUUID(),
      shopDomain: destinationId === foreign ? other : shop,
      destinationId,
      eventName: pick(NAMES),
      eventId: `event_${i}`,
      status: pick(STATUSES),
      isTest: next() < 0.1,
      payload: "{}",
      eventTime,
      sourceTopic: "orders/paid",
      consentAction: "send",
      consentReason: "mode_off",
    });
  }
  await prisma.outboxEvent.createMany({ data: rows });
}, 60_000);

describe("delivered purchases statement", () => {
  it("GIVEN rows of every status, name and test flag on three pixels THEN its counts per pixel and day equal one count per pixel and day", async () => {
    const bounds = Array.from({ length: 8 }, (_, i) => start + i * DAY);
    const statement = await deliveredPurchasesByBucket(prisma, { shopDomain: shop, bounds });
    const reference: string[] = [];
    for (const destinationId of pixels)
      for (let bucket = 0; bucket < 7; bucket++) {
        const n = await prisma.outboxEvent.count({
          where: {
            destinationId,
            eventName: "Purchase",
            isTest: false,
            status: "delivered",
            eventTime: { gte: bounds[bucket], lt: bounds[bucket + 1] },
          },
        });
        if (n > 0) reference.push(`${destinationId}|${bucket}|${n}`);
      }
    const got = statement.map((g) => `${g.destinationId}|${g.bucket}|${g.n}`);
    expect(got.sort()).toEqual(reference.sort());
    // The data has something to count on every pixel, and the other shop's pixel is not in it.
    expect(new Set(statement.map((g) => g.destinationId))).toEqual(new Set(pixels));
    expect(statement.some((g) => g.destinationId === foreign)).toBe(false);
  });

  it("GIVEN fewer than two bounds THEN nothing is counted", async () => {
    expect(await deliveredPurchasesByBucket(prisma, { shopDomain: shop, bounds: [start] })).toEqual([]);
  });
});
