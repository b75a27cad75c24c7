import { Prisma, type PrismaClient } from "@prisma/client";
import { DEDUP_COUNTED, PURCHASE_RANK } from "./rollups.server";

/**
 * OVERVIEW COUNTS: the overview's, the daily gap's and the deduplication trend's figures
 * counted straight from the rows (OutboxEvent, ReceivedOrder, PixelReceipt): the reference
 * the rollups (rollups.server.ts) must equal and the way taken when a period does not
 * start on a slot; the storefront card's evidence; the match-key sample. The periods, days
 * and limits come from app/models/ (overview-stats, dedup-trend, orders,
 * storefront-status). The metrics' meaning is the rollups' (an order accepted when a row
 * of its event id is `delivered`, and so on), written the same way. Why raw:
 * docs/decisions/023-one-place-for-statements.md, "Rollups".
 */

type Db = Pick<PrismaClient, "$queryRaw">;
type Count = number | bigint;

/** Bucket i holds [bounds[i], bounds[i + 1]) of `column` (a quoted column expression): one CASE. */
function bucketOf(column: string, bounds: readonly (number | Date)[]): Prisma.Sql {
  return Prisma.sql`CASE ${Prisma.join(
    bounds.slice(1).map((bound, i) => Prisma.sql`WHEN ${Prisma.raw(column)} < ${bound} THEN ${i}`),
    " ",
  )} END`;
}

/** Per shop day (bounds in epoch seconds): live Purchase and InitiateCheckout event ids counted for deduplication, and those seen with their browser copy. */
export async function dedupDaysFromRows(
  db: Db,
  shopDomain: string,
  bounds: number[],
): Promise<{ bucket: number; sent: number; seen: number }[]> {
  const rows = await db.$queryRaw<{ bucket: Count; sent: Count | null; seen: Count | null }[]>`
    SELECT ${bucketOf(`"eventTime"`, bounds)} AS "bucket", COUNT(DISTINCT "eventId") AS "sent",
           COUNT(DISTINCT CASE WHEN "browserSeenAt" IS NOT NULL AND "status" = 'delivered' THEN "eventId" END) AS "seen" FROM "OutboxEvent"
     WHERE "shopDomain" = ${shopDomain} AND "eventName" IN ('Purchase', 'InitiateCheckout')
       AND "eventTime" >= ${bounds[0]} AND "eventTime" < ${bounds[bounds.length - 1]}
       AND "isTest" = false AND ${DEDUP_COUNTED}
     GROUP BY 1`;
  return rows.map((row) => ({ bucket: Number(row.bucket), sent: Number(row.sent ?? 0), seen: Number(row.seen ?? 0) }));
}

/** Per range [bounds[i], bounds[i + 1]) of placedAt: live orders received and, of those, the ones with a delivered row (any pixel). */
export async function orderGapsFromRows(
  db: Db,
  shopDomain: string,
  bounds: Date[],
): Promise<{ bucket: number; received: number; accepted: number }[]> {
  const rows = await db.$queryRaw<{ bucket: Count; received: Count; accepted: Count | null }[]>`
    SELECT ${bucketOf(`r."placedAt"`, bounds)} AS "bucket", COUNT(*) AS "received",
           SUM(CASE WHEN EXISTS (SELECT 1 FROM "OutboxEvent" o
                                  WHERE o."shopDomain" = r."shopDomain" AND o."eventId" = r."eventId" AND o."status" = 'delivered')
                    THEN 1 ELSE 0 END) AS "accepted"
      FROM "ReceivedOrder" r
     WHERE r."shopDomain" = ${shopDomain} AND r."kind" = 'order' AND r."isTest" = false
       AND r."placedAt" >= ${bounds[0]} AND r."placedAt" < ${bounds[bounds.length - 1]}
     GROUP BY 1`;
  return rows.map((row) => ({ bucket: Number(row.bucket), received: Number(row.received), accepted: Number(row.accepted ?? 0) }));
}

/**
 * A period's figures from the rows, from `start` (placedAt) / `startSeconds` (eventTime)
 * on: live orders by outcome and reason; per live Purchase event id its most advanced
 * status over the shop's pixels (`a:delivered` or `b:<status>`), counted; test events
 * once each; per event name the event ids delivered (with their browser copy seen) or
 * never sent because their browser never reported.
 */
export async function periodCountsFromRows(
  db: Db,
  params: { shopDomain: string; start: Date; startSeconds: number; serverEventNames: readonly string[] },
) {
  const { shopDomain, start, startSeconds } = params;
  const [orderOutcomes, purchaseStatuses, testEvents, dedup] = await Promise.all([
    db.$queryRaw<{ outcome: string; reason: string | null; n: Count }[]>`
      SELECT "outcome", "reason", COUNT(*) AS "n" FROM "ReceivedOrder"
       WHERE "shopDomain" = ${shopDomain} AND "placedAt" >= ${start} AND "kind" = 'order' AND "isTest" = false
       GROUP BY "outcome", "reason"`,
    db.$queryRaw<{ status: string; n: Count }[]>`
      SELECT "best" AS "status", COUNT(*) AS "n" FROM (
        SELECT "eventId", MIN(${PURCHASE_RANK}) AS "best"
          FROM "OutboxEvent"
         WHERE "shopDomain" = ${shopDomain} AND "eventName" = 'Purchase' AND "eventTime" >= ${startSeconds} AND "isTest" = false
         GROUP BY "eventId") AS per_event
       GROUP BY "best"`,
    db.$queryRaw<{ n: Count }[]>`
      SELECT COUNT(*) AS "n" FROM (
        SELECT DISTINCT "eventName", "eventId" FROM "OutboxEvent"
         WHERE "shopDomain" = ${shopDomain} AND "eventName" IN (${Prisma.join([...params.serverEventNames])}) AND "eventTime" >= ${startSeconds}
           AND "isTest" = true) AS per_event`.then(([row]) => Number(row?.n ?? 0)),
    db.$queryRaw<{ eventName: string; sent: Count; seen: Count; unreported: Count }[]>`
      SELECT "eventName", SUM("delivered") AS "sent", SUM("seen") AS "seen", COUNT(*) - SUM("delivered") AS "unreported" FROM (
        SELECT "eventName", "eventId", MAX(CASE WHEN "status" = 'delivered' THEN 1 ELSE 0 END) AS "delivered",
               MAX(CASE WHEN "status" = 'delivered' AND "browserSeenAt" IS NOT NULL THEN 1 ELSE 0 END) AS "seen"
          FROM "OutboxEvent"
         WHERE "shopDomain" = ${shopDomain} AND "eventName" IN ('Purchase', 'InitiateCheckout') AND "eventTime" >= ${startSeconds}
           AND "isTest" = false AND ${DEDUP_COUNTED}
         GROUP BY "eventName", "eventId") AS per_event
       GROUP BY "eventName"`,
  ]);
  return { orderOutcomes, purchaseStatuses, testEvents, dedup };
}

/** The payloads of the latest `limit` live rows of one event name with status `status`, from `startSeconds` on (the match-key sample). */
export async function latestPayloads(
  db: Db,
  params: { shopDomain: string; eventName: string; startSeconds: number; status: string; limit: number },
): Promise<string[]> {
  const { shopDomain, eventName, startSeconds, status, limit } = params;
  const rows = await db.$queryRaw<{ payload: string }[]>`
    SELECT "payload" FROM "OutboxEvent"
     WHERE "shopDomain" = ${shopDomain} AND "eventName" = ${eventName} AND "eventTime" >= ${startSeconds} AND "status" = ${status} AND "isTest" = false
     ORDER BY "eventTime" DESC LIMIT ${limit}`;
  return rows.map((row) => row.payload);
}

/**
 * The storefront card's evidence: live orders with outcome `outcome` placed since `since`
 * and, of those, the ones the web pixel reported (a Purchase receipt with the same event
 * id). Raw: a count with a filtered EXISTS over another table.
 */
export async function ordersWithPixelReceipt(
  db: Db,
  params: { shopDomain: string; outcome: string; since: Date },
): Promise<{ orders: number; reported: number }> {
  const rows = await db.$queryRaw<{ orders: Count; reported: Count }[]>`
    SELECT COUNT(*) AS "orders",
           COUNT(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM "PixelReceipt" p
             WHERE p."shopDomain" = r."shopDomain" AND p."eventName" = 'Purchase' AND p."eventId" = r."eventId")) AS "reported"
    FROM "ReceivedOrder" r
    WHERE r."shopDomain" = ${params.shopDomain} AND r."kind" = 'order' AND r."outcome" = ${params.outcome} AND r."isTest" = false AND r."placedAt" >= ${params.since}`;
  return { orders: Number(rows[0]?.orders ?? 0), reported: Number(rows[0]?.reported ?? 0) };
}

/**
 * Whether one of the shop's latest `latest` rows has consent facts containing `marker`
 * (the app embed's cart attribute proves the embed runs). Raw: LIKE over a sub-select
 * capped by LIMIT, so a big shop costs `latest` rows.
 */
export async function recentConsentFactsMention(db: Db, params: { shopDomain: string; marker: string; latest: number }): Promise<boolean> {
  const rows = await db.$queryRaw<{ found: number }[]>`
    SELECT 1 AS "found" FROM (
      SELECT "consentFacts" FROM "OutboxEvent" WHERE "shopDomain" = ${params.shopDomain} ORDER BY "createdAt" DESC LIMIT ${params.latest}
    ) AS recent WHERE "consentFacts" LIKE ${`%${params.marker}%`} LIMIT 1`;
  return rows.length > 0;
}
