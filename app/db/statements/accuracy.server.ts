import { Prisma, type PrismaClient } from "@prisma/client";
import { sqlDialect } from "../dialect.server";

/**
 * ACCURACY: every live order received in a time range, paired with each of the shop's
 * Meta pixels and that pixel's Purchase row, counted per (pixel, time bucket, sales
 * channel, class). The classes are the accuracy figure's definition
 * (docs/decisions/075-accuracy-per-pixel.md):
 *   a:accepted            Meta accepted this pixel's Purchase
 *   m:<reason>            counted and not accepted (refused, expired, no browser data,
 *                         pixel paused, token refused, still unsent past the settling time,
 *                         an unreadable payload)
 *   x:<reason>            left out of the figure (the shop's filters, consent, cancelled
 *                         before it was sent, still settling, the pixel did not exist yet)
 *
 * Why raw (docs/decisions/023-one-place-for-statements.md): one grouped statement counts
 * each order for each pixel with that pixel's Purchase row; Prisma's typed
 * client would read every order and row of a month into the process to count them.
 * The same text runs on both databases.
 *
 * How it reads: the period's orders once (ord, materialized), their Purchase rows through
 * the outbox's (shopDomain, eventId, eventName, status, consentReason, destinationId) index,
 * one look-up per order for all pixels at once (sent). An order with no row for a pixel is
 * counted by difference: every order counts once per pixel (tally, crossed with the
 * shop's few pixels after grouping), minus the orders that have that pixel's row. Only the
 * rare unreadable orders ('rejected') are paired with each pixel one by one, since their
 * class depends on when the pixel was connected. Pairing every order with every pixel
 * first made SQLite read the period's orders once per pixel and each row from the table:
 * at 1,000,000 events the orders page's slowest part.
 */
export type AccuracyGroup = { destinationId: string; bucket: number; channel: string; klass: string; n: number };

export async function accuracyGroups(
  db: PrismaClient,
  input: {
    shopDomain: string;
    /** Ascending instants: bucket i holds orders placed in [bounds[i], bounds[i + 1]). */
    bounds: Date[];
    /** Unsent rows of orders placed at or after this instant are still settling. */
    settlingSince: Date;
    unsentStatuses: readonly string[];
    pausedWhenReceived: string;
    noBrowserReasons: readonly string[];
  },
): Promise<AccuracyGroup[]> {
  const { shopDomain, bounds, settlingSince } = input;
  if (bounds.length < 2) return [];
  const bucket = Prisma.sql`CASE ${Prisma.join(
    bounds.slice(1).map((bound, i) => Prisma.sql`WHEN r."placedAt" < ${bound} THEN ${i}`),
    " ",
  )} END`;
  // The class of an order that has this pixel's Purchase row (skipped orders are counted apart).
  const klass = Prisma.sql`CASE
      WHEN o."status" = 'delivered' THEN 'a:accepted'
      WHEN o."status" = 'blocked' THEN 'x:consent'
      WHEN o."status" = 'cancelled' THEN 'x:cancelled'
      WHEN o."status" IN (${Prisma.join(input.unsentStatuses)}) AND r."placedAt" >= ${settlingSince} THEN 'x:settling'
      WHEN o."status" = 'paused' THEN 'm:token_refused'
      WHEN o."status" IN (${Prisma.join(input.unsentStatuses)}) THEN 'm:late'
      WHEN o."status" = 'skipped' AND o."lastError" = ${input.pausedWhenReceived} THEN 'm:pixel_paused'
      WHEN o."status" = 'skipped' AND o."consentReason" IN (${Prisma.join(input.noBrowserReasons)}) THEN 'm:no_browser'
      ELSE 'm:' || o."status" END`;
  // The period's orders drive the join (SQLite keeps the order of a CROSS JOIN). Left to
  // choose, SQLite read every Purchase row of the shop through the (shopDomain, eventName,
  // eventTime) index and probed the orders with an automatic index: about 1.2 s of CPU at
  // 1,000,000 events instead of 0.2 s. PostgreSQL's planner is left free.
  const joinOutbox = Prisma.raw(sqlDialect(db) === "sqlite" ? `CROSS JOIN "OutboxEvent" o` : `JOIN "OutboxEvent" o`);
  const rows = await db.$queryRaw<{ destinationId: string; bucket: number | bigint; channel: string; klass: string; n: number | bigint }[]>`
    WITH ord AS MATERIALIZED (
      SELECT r."eventId", ${bucket} AS "bucket", COALESCE(r."channel", '') AS "channel", r."outcome", r."firstSeenAt", r."placedAt"
        FROM "ReceivedOrder" r
       WHERE r."shopDomain" = ${shopDomain} AND r."kind" = 'order' AND r."isTest" = false
         AND r."placedAt" >= ${bounds[0]} AND r."placedAt" < ${bounds[bounds.length - 1]}
    ), sent AS (
      SELECT o."destinationId", r."bucket", r."channel", ${klass} AS "klass",
             CASE WHEN r."outcome" = 'rejected' THEN 1 ELSE 0 END AS "rejected", COUNT(*) AS "n"
        FROM ord r
        ${joinOutbox} ON o."shopDomain" = ${shopDomain} AND o."eventId" = r."eventId" AND o."eventName" = 'Purchase'
        JOIN "Destination" d ON d."id" = o."destinationId" AND d."shopDomain" = ${shopDomain}
       WHERE r."outcome" <> 'skipped'
       GROUP BY o."destinationId", r."bucket", r."channel", 4, 5
    ), tally AS (
      SELECT r."bucket", r."channel", CASE WHEN r."outcome" = 'skipped' THEN 'x:filtered' ELSE 'x:no_pixel_yet' END AS "klass", COUNT(*) AS "n"
        FROM ord r
       WHERE r."outcome" <> 'rejected'
       GROUP BY r."bucket", r."channel", 3
    )
    SELECT u."destinationId", u."bucket", u."channel", u."klass", CAST(SUM(u."n") AS BIGINT) AS "n" FROM (
      SELECT s."destinationId", s."bucket", s."channel", s."klass", s."n" FROM sent s
      UNION ALL
      SELECT d."id", t."bucket", t."channel", t."klass", t."n" FROM tally t JOIN "Destination" d ON d."shopDomain" = ${shopDomain}
      UNION ALL
      SELECT s."destinationId", s."bucket", s."channel", 'x:no_pixel_yet', -s."n" FROM sent s WHERE s."rejected" = 0
      UNION ALL
      SELECT d."id", r."bucket", r."channel", CASE WHEN r."firstSeenAt" >= d."createdAt" THEN 'm:rejected' ELSE 'x:no_pixel_yet' END, 1
        FROM ord r JOIN "Destination" d ON d."shopDomain" = ${shopDomain}
       WHERE r."outcome" = 'rejected' AND NOT EXISTS (
         SELECT 1 FROM "OutboxEvent" o WHERE o."destinationId" = d."id" AND o."eventName" = 'Purchase' AND o."eventId" = r."eventId")
    ) u GROUP BY u."destinationId", u."bucket", u."channel", u."klass" HAVING SUM(u."n") > 0`;
  return rows.map((row) => ({ ...row, bucket: Number(row.bucket), n: Number(row.n) }));
}
