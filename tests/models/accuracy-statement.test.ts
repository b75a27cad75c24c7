import { randomUUID } from "node:crypto";
import { Prisma } from "@prisma/client";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { accuracyGroups, type AccuracyGroup } from "~/db/statements/accuracy.server";

// The accuracy statement counts each order for each pixel without pairing them first
// (app/db/statements/accuracy.server.ts). Its counts must be those of the plain pairing it
// replaced, which is kept here as the reference: every order joined with every pixel of
// its shop and that pixel's Purchase row, classified one pair at a time. The shop below
// has every class on every pixel: rows in every status, orders without a row for some
// pixels, skipped orders with and without rows, unreadable orders received before and
// after a pixel was connected (some with rows, some without an event id), test orders,
// checkouts, orders outside the period and another shop's rows.

const shop = "accuracy-equal.myshopify.com";
const other = "accuracy-other.myshopify.com";
const HOUR = 3_600_000;
const start = new Date("2026-03-01T00:00:00Z").getTime();
const PAUSED = "Not sent: this pixel was paused when the event arrived.";
const UNSENT = ["pending", "retry", "waiting_consent", "waiting_browser", "in_flight"];
const NO_BROWSER = ["no_browser_receipt", "browser_sent_no_user_agent"];
const STATUSES = [...UNSENT, "delivered", "blocked", "cancelled", "paused", "failed", "expired", "skipped"];
const OUTCOMES = ["queued", "queued", "queued", "skipped", "rejected", "not_configured", "shop_uninstalled"];

// A small deterministic generator: the same rows on every run and provider.
let seed = 26;
const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];

async function referenceGroups(input: { shopDomain: string; bounds: Date[]; settlingSince: Date }): Promise<AccuracyGroup[]> {
  const { shopDomain, bounds, settlingSince } = input;
  const bucket = Prisma.sql`CASE ${Prisma.join(
    bounds.slice(1).map((bound, i) => Prisma.sql`WHEN r."placedAt" < ${bound} THEN ${i}`),
    " ",
  )} END`;
  const klass = Prisma.sql`CASE
      WHEN r."outcome" = 'skipped' THEN 'x:filtered'
      WHEN o."id" IS NULL AND r."outcome" = 'rejected' AND r."firstSeenAt" >= d."createdAt" THEN 'm:rejected'
      WHEN o."id" IS NULL THEN 'x:no_pixel_yet'
      WHEN o."status" = 'delivered' THEN 'a:accepted'
      WHEN o."status" = 'blocked' THEN 'x:consent'
      WHEN o."status" = 'cancelled' THEN 'x:cancelled'
      WHEN o."status" IN (${Prisma.join(UNSENT)}) AND r."placedAt" >= ${settlingSince} THEN 'x:settling'
      WHEN o."status" = 'paused' THEN 'm:token_refused'
      WHEN o."status" IN (${Prisma.join(UNSENT)}) THEN 'm:late'
      WHEN o."status" = 'skipped' AND o."lastError" = ${PAUSED} THEN 'm:pixel_paused'
      WHEN o."status" = 'skipped' AND o."consentReason" IN (${Prisma.join(NO_BROWSER)}) THEN 'm:no_browser'
      ELSE 'm:' || o."status" END`;
  const rows = await prisma.$queryRaw<
    { destinationId: string; bucket: number | bigint; channel: string; klass: string; n: number | bigint }[]
  >`
    SELECT s."destinationId", s."bucket", s."channel", s."klass", COUNT(*) AS "n" FROM (
      SELECT d."id" AS "destinationId", ${bucket} AS "bucket", COALESCE(r."channel", '') AS "channel", ${klass} AS "klass"
        FROM "ReceivedOrder" r
        JOIN "Destination" d ON d."shopDomain" = r."shopDomain"
        LEFT JOIN "OutboxEvent" o ON o."destinationId" = d."id" AND o."eventName" = 'Purchase' AND o."eventId" = r."eventId"
       WHERE r."shopDomain" = ${shopDomain} AND r."kind" = 'order' AND r."isTest" = false
         AND r."placedAt" >= ${bounds[0]} AND r."placedAt" < ${bounds[bounds.length - 1]}
    ) s GROUP BY s."destinationId", s."bucket", s."channel", s."klass"`;
  return rows.map((row) => ({ ...row, bucket: Number(row.bucket), n: Number(row.n) }));
}

const sorted = (groups: AccuracyGroup[]) =>
  groups.map((g) => `${g.destinationId}|${g.bucket}|${g.channel}|${g.klass}|${g.n}`).sort((a, b) => a.localeCompare(b));

const pixels: string[] = [];

beforeAll(async () => {
  for (const domain of [shop, other]) await prisma.shop.create({ data: { domain, shopKey: `${domain}-key` } });
  // Pixels connected at the start, after a day and after two days: orders received before
  // a pixel existed have no row for it.
  for (const [i, pixelId] of ["3330001", "3330002", "3330003"].entries())
    pixels.push(
      (
        await prisma.destination.create({
          data: { shopDomain: shop, pixelId, accessTokenEnc: "v1:a:b:c", createdAt: new Date(start + i * 24 * HOUR) },
        })
      ).id,
    );
  const foreign = (await prisma.destination.create({ data: { shopDomain: other, pixelId: "3330009", accessTokenEnc: "v1:a:b:c" } })).id;
  const orders: Prisma.ReceivedOrderCreateManyInput[] = [];
  const rows: Prisma.OutboxEventCreateManyInput[] = [];
  for (let i = 0; i < 400; i++) {
    const placedAt = new Date(start - 12 * HOUR + next() * 4 * 24 * HOUR);
    const firstSeenAt = new Date(placedAt.getTime() + next() * 2 * HOUR);
    const outcome = pick(OUTCOMES);
    const eventId = outcome === "rejected" && next() < 0.3 ? null : `purchase_${i}`;
    const kind = next() < 0.1 ? "checkout" : "order";
    orders.push({
      shopDomain: shop,
      kind,
      sourceId: String(i),
      isTest: next() < 0.05,
      channel: pick([null, "web", "pos", "123456"]),
      eventName: kind === "order" ? "Purchase" : "InitiateCheckout",
      eventId,
      outcome,
      placedAt,
      firstSeenAt,
      lastSeenAt: firstSeenAt,
      lastTopic: "orders/paid",
    });
    if (!eventId) continue;
    for (const destinationId of [...pixels, foreign]) {
      if (next() < 0.25) continue;
      const status = pick(STATUSES);
      rows.push({
        id: randomUUID(),
        shopDomain: destinationId === foreign ? other : shop,
        destinationId,
        eventName: "Purchase",
        eventId,
        status,
        payload: "{}",
        eventTime: Math.floor(placedAt.getTime() / 1000),
        sourceTopic: "orders/paid",
        consentAction: "send",
        consentReason: status === "skipped" ? pick(["mode_off", ...NO_BROWSER]) : "mode_off",
        lastError: status === "skipped" && next() < 0.4 ? PAUSED : null,
      });
    }
  }
  await prisma.receivedOrder.createMany({ data: orders });
  await prisma.outboxEvent.createMany({ data: rows });
}, 60_000);

describe("accuracy statement", () => {
  it("GIVEN every class on three pixels connected at different times THEN its counts equal the plain pairing's, per pixel, day, channel and class", async () => {
    const bounds = [0, 1, 2, 3].map((d) => new Date(start + d * 24 * HOUR));
    const classes = new Set<string>();
    for (const settlingSince of [new Date(start + 36 * HOUR), new Date(start + 80 * HOUR)]) {
      const input = { shopDomain: shop, bounds, settlingSince };
      const statement = await accuracyGroups(prisma, {
        ...input,
        unsentStatuses: UNSENT,
        pausedWhenReceived: PAUSED,
        noBrowserReasons: NO_BROWSER,
      });
      const reference = await referenceGroups(input);
      expect(sorted(statement)).toEqual(sorted(reference));
      for (const group of reference) classes.add(group.klass);
    }
    // The data has what the statement handles apart (rejected orders on both sides of a
    // pixel's connection, orders without a row on some pixel) and each row class.
    for (const klass of [
      "m:rejected",
      "x:no_pixel_yet",
      "x:filtered",
      "a:accepted",
      "m:pixel_paused",
      "m:no_browser",
      "x:settling",
      "m:late",
    ])
      expect(classes).toContain(klass);
  });

  it("GIVEN one bucket over the whole period THEN the same, and nothing from the other shop", async () => {
    const input = {
      shopDomain: shop,
      bounds: [new Date(start - 24 * HOUR), new Date(start + 5 * 24 * HOUR)],
      settlingSince: new Date(start),
    };
    const statement = await accuracyGroups(prisma, {
      ...input,
      unsentStatuses: UNSENT,
      pausedWhenReceived: PAUSED,
      noBrowserReasons: NO_BROWSER,
    });
    expect(sorted(statement)).toEqual(sorted(await referenceGroups(input)));
    expect(new Set(statement.map((g) => g.destinationId))).toEqual(new Set(pixels));
  });
});
