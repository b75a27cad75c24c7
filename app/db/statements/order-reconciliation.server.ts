import { Prisma, type PrismaClient } from "@prisma/client";
import { sqlDialect } from "../dialect.server";

/**
 * ORDER RECONCILIATION: the orders page's figures per shop day, from one grouped pass
 * over the live orders received in a time range (ReceivedOrder), per (bucket, ingest
 * outcome, reason, best, currency):
 *   - best, the order's most advanced Purchase state over the shop's pixels, a text that
 *     sorts sent < in progress < not sent:
 *       a:delivered        Meta accepted it on at least one pixel
 *       b:<status>         a copy is still waiting, queued, retrying or paused
 *       c:<reason>         not sent, and why (withdrawn_cancelled, pixel_paused,
 *                          no_browser, held_consent, or the row's status)
 *     null when the order has no Purchase row;
 *   - Shopify's totals in milli-units (gross) and the refunds recorded against those
 *     orders in the order's currency (refunded), returned summed per (bucket, currency).
 *
 * Why raw (docs/decisions/023-one-place-for-statements.md): a week holds tens of
 * thousands of orders, each looked up in the outbox; Prisma's typed client would read
 * every order and row into the process to count them there.
 *
 * Why this shape (docs/decisions/057-reconciliation-from-the-index.md): each order's
 * Purchase rows are read from the `(shopDomain, eventId, eventName, status,
 * consentReason, destinationId)` index alone. The row's `lastError` is not in it (up to a
 * thousand characters of Meta's words); it decides only between two not-sent reasons of
 * a cancelled or skipped row, so it is read from the row, through the outbox's unique key,
 * for those rows only (a CASE evaluates a branch's subquery only when it is reached). One
 * pass instead of one per figure: the orders of the range are read once, not three times.
 * The same text runs on both databases, but for the money's rounding.
 */
export type ReconciliationClassGroup = { bucket: number; outcome: string; reason: string; best: string | null; n: number };
export type ReconciliationMoneyGroup = { bucket: number; currency: string; milli: bigint };

type Milli = number | bigint | string | null;

export type ReconciliationInput = {
  shopDomain: string;
  /** Ascending instants: bucket i holds orders placed in [bounds[i], bounds[i + 1]). */
  bounds: Date[];
  inProgressStatuses: readonly string[];
  /** The lastError of a row withdrawn because its order was cancelled before it was sent. */
  cancelledBeforeSent: string;
  /** The lastError of a row skipped because its pixel was paused when the event arrived. */
  pausedWhenReceived: string;
  /** Consent reasons of a row skipped for want of the browser's data. */
  noBrowserReasons: readonly string[];
};

export async function reconciliationGroups(
  db: PrismaClient,
  input: ReconciliationInput,
): Promise<{ classes: ReconciliationClassGroup[]; gross: ReconciliationMoneyGroup[]; refunded: ReconciliationMoneyGroup[] }> {
  const { shopDomain, bounds } = input;
  if (bounds.length < 2) return { classes: [], gross: [], refunded: [] };
  const bucket = Prisma.sql`CASE ${Prisma.join(
    bounds.slice(1).map((bound, i) => Prisma.sql`WHEN r."placedAt" < ${bound} THEN ${i}`),
    " ",
  )} END`;
  const live = Prisma.sql`r."shopDomain" = ${shopDomain} AND r."kind" = 'order' AND r."isTest" = false AND r."placedAt" >= ${bounds[0]} AND r."placedAt" < ${bounds[bounds.length - 1]}`;
  const lastError = Prisma.sql`(SELECT x."lastError" FROM "OutboxEvent" x
                                 WHERE x."destinationId" = o."destinationId" AND x."eventName" = o."eventName" AND x."eventId" = o."eventId")`;
  const best = Prisma.sql`(SELECT MIN(CASE WHEN o."status" = 'delivered' THEN 'a:delivered'
                                          WHEN o."status" IN (${Prisma.join(input.inProgressStatuses)}) THEN 'b:' || o."status"
                                          WHEN o."status" = 'cancelled' AND ${lastError} = ${input.cancelledBeforeSent} THEN 'c:withdrawn_cancelled'
                                          WHEN o."status" = 'skipped' AND ${lastError} = ${input.pausedWhenReceived} THEN 'c:pixel_paused'
                                          WHEN o."status" = 'skipped' AND o."consentReason" IN (${Prisma.join(input.noBrowserReasons)}) THEN 'c:no_browser'
                                          WHEN o."status" = 'blocked' THEN 'c:held_consent'
                                          ELSE 'c:' || o."status" END)
                             FROM "OutboxEvent" o
                            WHERE o."shopDomain" = r."shopDomain" AND o."eventId" = r."eventId" AND o."eventName" = r."eventName")`;
  const milli = (column: string) =>
    sqlDialect(db) === "postgresql"
      ? Prisma.raw(`ROUND(CAST(${column} AS NUMERIC) * 1000)::bigint`)
      : Prisma.raw(`CAST(ROUND(CAST(${column} AS REAL) * 1000) AS INTEGER)`);
  const priced = Prisma.sql`r."value" IS NOT NULL AND r."currency" IS NOT NULL`;
  const rows = await db.$queryRaw<
    {
      bucket: number | bigint;
      outcome: string;
      reason: string;
      best: string | null;
      currency: string | null;
      n: number | bigint;
      priced: number | bigint;
      gross: Milli;
      refunded: Milli;
    }[]
  >`
    SELECT s."bucket", s."outcome", s."reason", s."best", s."currency", COUNT(*) AS "n",
           SUM(s."priced") AS "priced", SUM(s."gross") AS "gross", SUM(s."refunded") AS "refunded" FROM (
      SELECT ${bucket} AS "bucket", r."outcome", COALESCE(r."reason", '') AS "reason", ${best} AS "best", r."currency",
             CASE WHEN ${priced} THEN 1 ELSE 0 END AS "priced",
             CASE WHEN ${priced} THEN ${milli(`r."value"`)} ELSE 0 END AS "gross",
             (SELECT SUM(${milli(`a."amount"`)}) FROM "OrderAdjustment" a
               WHERE a."shopDomain" = r."shopDomain" AND a."orderId" = r."sourceId" AND a."kind" = 'refund'
                 AND a."currency" = r."currency" AND a."amount" IS NOT NULL) AS "refunded"
        FROM "ReceivedOrder" r WHERE ${live}
    ) s GROUP BY s."bucket", s."outcome", s."reason", s."best", s."currency"`;
  const classes: ReconciliationClassGroup[] = [];
  const gross = new Map<string, ReconciliationMoneyGroup>();
  const refunded = new Map<string, ReconciliationMoneyGroup>();
  const add = (into: Map<string, ReconciliationMoneyGroup>, bucket: number, currency: string, milli: Milli) => {
    const id = `${bucket}\u0000${currency}`;
    const group = into.get(id) ?? { bucket, currency, milli: 0n };
    group.milli += BigInt(String(milli ?? 0).split(".")[0]);
    into.set(id, group);
  };
  for (const row of rows) {
    const bucket = Number(row.bucket);
    classes.push({ bucket, outcome: row.outcome, reason: row.reason, best: row.best, n: Number(row.n) });
    if (row.currency === null) continue;
    if (Number(row.priced) > 0) add(gross, bucket, row.currency, row.gross);
    if (row.refunded !== null) add(refunded, bucket, row.currency, row.refunded);
  }
  return { classes, gross: [...gross.values()], refunded: [...refunded.values()] };
}
