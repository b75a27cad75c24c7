import { Prisma, type PrismaClient } from "@prisma/client";

/**
 * DELIVERED PURCHASES: the shop's live Purchase rows Meta accepted, per pixel and time
 * bucket of their event time, for the match quality page's "Tandem sent" beside Meta's
 * count and the store's orders.
 *
 * Why raw (docs/decisions/023-one-place-for-statements.md): one grouped statement for every
 * pixel and day. The typed client needs one count per pixel and day (21 for three pixels
 * over a week), each filtered by pixel without the shop, which SQLite answered by skipping
 * through the (shopDomain, eventName, eventTime) index once per shop and reading every
 * Purchase row of the day from the table: about a second for the page at 1,000,000
 * events. Here the shop, the event name and the time range select one stretch of that
 * index; the other columns are read once per row of the week. The same text runs on both
 * databases.
 */
export type DeliveredPurchaseGroup = { destinationId: string; bucket: number; n: number };

export async function deliveredPurchasesByBucket(
  db: Pick<PrismaClient, "$queryRaw">,
  /** Ascending Unix seconds: bucket i holds event times in [bounds[i], bounds[i + 1]). */
  input: { shopDomain: string; bounds: number[] },
): Promise<DeliveredPurchaseGroup[]> {
  const { shopDomain, bounds } = input;
  if (bounds.length < 2) return [];
  const bucket = Prisma.sql`CASE ${Prisma.join(
    bounds.slice(1).map((bound, i) => Prisma.sql`WHEN "eventTime" < ${bound} THEN ${i}`),
    " ",
  )} END`;
  const rows = await db.$queryRaw<{ destinationId: string; bucket: number | bigint; n: number | bigint }[]>`
    SELECT "destinationId", ${bucket} AS "bucket", COUNT(*) AS "n"
      FROM "OutboxEvent"
     WHERE "shopDomain" = ${shopDomain} AND "eventName" = 'Purchase'
       AND "eventTime" >= ${bounds[0]} AND "eventTime" < ${bounds[bounds.length - 1]}
       AND "isTest" = false AND "status" = 'delivered'
     GROUP BY "destinationId", 2`;
  return rows.map((r) => ({ destinationId: r.destinationId, bucket: Number(r.bucket), n: Number(r.n) }));
}
