import { Prisma, type PrismaClient } from "@prisma/client";

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
 * Why raw (docs/decisions/023-one-place-for-statements.md): one grouped statement pairs
 * each order with each pixel and its row through the outbox's unique key; Prisma's typed
 * client would read every order and row of a month into the process to count them.
 * The same text runs on both databases.
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
  const klass = Prisma.sql`CASE
      WHEN r."outcome" = 'skipped' THEN 'x:filtered'
      WHEN o."id" IS NULL AND r."outcome" = 'rejected' AND r."firstSeenAt" >= d."createdAt" THEN 'm:rejected'
      WHEN o."id" IS NULL THEN 'x:no_pixel_yet'
      WHEN o."status" = 'delivered' THEN 'a:accepted'
      WHEN o."status" = 'blocked' THEN 'x:consent'
      WHEN o."status" = 'cancelled' THEN 'x:cancelled'
      WHEN o."status" IN (${Prisma.join(input.unsentStatuses)}) AND r."placedAt" >= ${settlingSince} THEN 'x:settling'
      WHEN o."status" = 'paused' THEN 'm:token_refused'
      WHEN o."status" IN (${Prisma.join(input.unsentStatuses)}) THEN 'm:late'
      WHEN o."status" = 'skipped' AND o."lastError" = ${input.pausedWhenReceived} THEN 'm:pixel_paused'
      WHEN o."status" = 'skipped' AND o."consentReason" IN (${Prisma.join(input.noBrowserReasons)}) THEN 'm:no_browser'
      ELSE 'm:' || o."status" END`;
  const rows = await db.$queryRaw<{ destinationId: string; bucket: number | bigint; channel: string; klass: string; n: number | bigint }[]>`
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
