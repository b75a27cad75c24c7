import { Prisma, type PrismaClient } from "@prisma/client";
import { sqlDialect } from "../dialect.server";
import type { GatedSql } from "./ingest.server";

/**
 * RECEIVED ORDERS: the statements that write the ReceivedOrder rows (one per order or
 * checkout Tandem received, whatever became of it): the ingest's upsert, written in the
 * webhook's own statement or transaction (app/ingest/received-order.server.ts), and the
 * one-off backfill of shops that received orders before the table existed
 * (app/models/received-order-backfill.server.ts). The outcomes, the cut-off and the
 * batches are decided by the callers. Why raw: docs/decisions/023-one-place-for-statements.md,
 * "Received orders".
 */

export type ReceivedOrderColumns = {
  id: string;
  shopDomain: string;
  kind: string;
  sourceId: string;
  adminId: string | null;
  name: string | null;
  number: number | null;
  value: string | null;
  currency: string | null;
  isTest: boolean;
  channel: string | null;
  /** The order's class (docs/decisions/038); null for checkouts. */
  orderClass: string | null;
  eventName: string;
  eventId: string | null;
  outcome: string;
  reason: string | null;
  message: string | null;
  placedAt: Date;
  seenAt: Date;
  topic: string;
  /** An order's updated_at in the webhook (not a column): whether its total is newer than the last orders/updated's. */
  orderUpdatedAt?: Date | null;
};

/**
 * upsertReceivedOrder: records (or updates) the row for one webhook's outcome, only when
 * the store's condition `when` holds (the webhook's receipt is new): an INSERT ... SELECT
 * with a WHERE, which both databases accept before ON CONFLICT. A row whose outcome is
 * `keptOutcome` keeps it, with its reason and message (an order queued for Meta stays
 * queued whatever webhook of it comes next), and its event (a renewal queued as its
 * RecurringPayment stays that). Raw: the condition is SQL of the statement
 * it joins (PostgreSQL's one statement per webhook), and typed Prisma has no
 * `ON CONFLICT ... DO UPDATE` with conditions on the stored row.
 */
export function upsertReceivedOrder(row: ReceivedOrderColumns, keptOutcome: string): GatedSql {
  return (when) => Prisma.sql`
    INSERT INTO "ReceivedOrder" ("id", "shopDomain", "kind", "sourceId", "adminId", "name", "number", "value", "currency",
                                 "isTest", "channel", "orderClass", "eventName", "eventId", "outcome", "reason", "message", "placedAt", "firstSeenAt", "lastSeenAt", "lastTopic")
    SELECT ${row.id}, ${row.shopDomain}, ${row.kind}, ${row.sourceId}, ${row.adminId}, ${row.name}, ${row.number},
           ${row.value}, ${row.currency}, ${row.isTest ? Prisma.sql`true` : Prisma.sql`false`}, ${row.channel}, ${row.orderClass}, ${row.eventName}, ${row.eventId},
           ${row.outcome}, ${row.reason}, ${row.message}, ${row.placedAt}, ${row.seenAt}, ${row.seenAt}, ${row.topic}
     WHERE ${when}
    ON CONFLICT ("shopDomain", "kind", "sourceId") DO UPDATE SET
      "adminId" = COALESCE(excluded."adminId", "ReceivedOrder"."adminId"),
      "name" = COALESCE(excluded."name", "ReceivedOrder"."name"),
      "number" = COALESCE(excluded."number", "ReceivedOrder"."number"),
      "value" = CASE WHEN ${keptSnapshot(row)} THEN "ReceivedOrder"."value" ELSE COALESCE(excluded."value", "ReceivedOrder"."value") END,
      "currency" = COALESCE(excluded."currency", "ReceivedOrder"."currency"),
      "eventName" = CASE WHEN "ReceivedOrder"."outcome" = ${keptOutcome} OR excluded."eventId" IS NULL THEN "ReceivedOrder"."eventName" ELSE excluded."eventName" END,
      "eventId" = CASE WHEN "ReceivedOrder"."outcome" = ${keptOutcome} THEN COALESCE("ReceivedOrder"."eventId", excluded."eventId")
                       ELSE COALESCE(excluded."eventId", "ReceivedOrder"."eventId") END,
      "channel" = COALESCE(excluded."channel", "ReceivedOrder"."channel"),
      "orderClass" = COALESCE(excluded."orderClass", "ReceivedOrder"."orderClass"),
      "isTest" = excluded."isTest",
      "outcome" = CASE WHEN "ReceivedOrder"."outcome" = ${keptOutcome} THEN "ReceivedOrder"."outcome" ELSE excluded."outcome" END,
      "reason" = CASE WHEN "ReceivedOrder"."outcome" = ${keptOutcome} THEN "ReceivedOrder"."reason" ELSE excluded."reason" END,
      "message" = CASE WHEN "ReceivedOrder"."outcome" = ${keptOutcome} THEN "ReceivedOrder"."message" ELSE excluded."message" END,
      "lastSeenAt" = excluded."lastSeenAt",
      "lastTopic" = excluded."lastTopic"`;
}

/**
 * True (in SQL) when orders/updated already brought a snapshot of the order's totals at
 * least as new as this webhook (docs/decisions/037): a repeated or late orders/paid or
 * orders/create carries the checkout's total, and must not move the gross back from what
 * an edit made it. A webhook without updated_at is taken as older than any snapshot.
 */
function keptSnapshot(row: ReceivedOrderColumns): Prisma.Sql {
  if (row.kind !== "order") return Prisma.sql`false`;
  const newerThan = row.orderUpdatedAt ? Prisma.sql` AND m."updatedAt" >= ${row.orderUpdatedAt}` : Prisma.empty;
  return Prisma.sql`EXISTS (SELECT 1 FROM "OrderEditMark" m
                             WHERE m."shopDomain" = "ReceivedOrder"."shopDomain" AND m."orderId" = "ReceivedOrder"."sourceId"
                               AND m."totalPrice" IS NOT NULL${newerThan})`;
}

// ---------------------------------------------------------------------------------------
// The backfill. Raw: each batch is one INSERT ... SELECT ... GROUP BY ... ON CONFLICT DO
// NOTHING inside the database (a day of a shop's outbox rows, or its receipts); typed
// Prisma would read every row into the process, group it there and insert it back.

type Db = Pick<PrismaClient, "$queryRaw" | "$executeRaw">;

/** Every shop with outbox rows or webhook receipts. */
export async function shopsWithStoredEvents(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<{ shopDomain: string }[]>`
    SELECT "shopDomain" FROM "OutboxEvent" GROUP BY "shopDomain"
    UNION SELECT "shopDomain" FROM "WebhookReceipt" GROUP BY "shopDomain"`;
  return rows.map((row) => row.shopDomain);
}

/** The first and last event time (Unix seconds) of a shop's outbox rows created before `cutoff`; nulls when none. */
export async function outboxEventTimeRange(db: Db, shopDomain: string, cutoff: Date): Promise<{ low: number | null; high: number | null }> {
  const range = await db.$queryRaw<{ low: number | bigint | null; high: number | bigint | null }[]>`
    SELECT MIN("eventTime") AS "low", MAX("eventTime") AS "high" FROM "OutboxEvent" WHERE "shopDomain" = ${shopDomain} AND "createdAt" < ${cutoff}`;
  const low = range[0]?.low === null || range[0]?.low === undefined ? null : Number(range[0].low);
  const high = range[0]?.high === null || range[0]?.high === undefined ? null : Number(range[0].high);
  return { low, high };
}

/** When the migration whose name ends with `nameSuffix` finished; null when it did not (or the table is absent: the caller decides). */
export async function migrationFinishedAt(db: Db, nameSuffix: string): Promise<Date | null> {
  const rows = await db.$queryRaw<{ finished: Date | string | null }[]>`
    SELECT "finished_at" AS "finished" FROM "_prisma_migrations" WHERE "migration_name" LIKE ${`%${nameSuffix}`} AND "finished_at" IS NOT NULL`;
  const finished = rows[0]?.finished;
  const date =
    finished === null || finished === undefined
      ? null
      : new Date(typeof finished === "string" && /^\d+$/.test(finished) ? Number(finished) : finished);
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

/** Marks a one-off data task done; two at once: the first marker stands. */
export function markDataTaskDone(db: Db, name: string, doneAt: Date): Promise<number> {
  return db.$executeRaw`INSERT INTO "DataTask" ("name", "doneAt") VALUES (${name}, ${doneAt}) ON CONFLICT ("name") DO NOTHING`;
}

type Dialect = "sqlite" | "postgresql";

function idExpression(dialect: Dialect): Prisma.Sql {
  return Prisma.raw(dialect === "postgresql" ? "gen_random_uuid()::text" : "lower(hex(randomblob(16)))");
}

function placedAtFromEventTime(column: string, dialect: Dialect): Prisma.Sql {
  // Prisma's own DateTime storage on each: SQLite text with +00:00, PostgreSQL timestamp(3) in UTC.
  return Prisma.raw(
    dialect === "postgresql"
      ? `(to_timestamp(${column}) AT TIME ZONE 'UTC')`
      : `strftime('%Y-%m-%dT%H:%M:%S.000+00:00', ${column}, 'unixepoch')`,
  );
}

/** The skip reason the receipt's detail JSON holds ({"reason": "...", "message": "..."}). */
function detailReason(dialect: Dialect): Prisma.Sql {
  return Prisma.raw(
    dialect === "postgresql"
      ? `(CASE WHEN x."detail" LIKE '{%' THEN (x."detail"::jsonb ->> 'reason') END)`
      : `(CASE WHEN json_valid(x."detail") THEN json_extract(x."detail", '$.reason') END)`,
  );
}

/**
 * backfillFromOutbox: one row per Purchase or InitiateCheckout event of the shop's outbox
 * rows with event time in [from, to) created before `cutoff` that has no row yet, with
 * outcome `outcome`. Only what the outbox knows: id, event, test flag, event time.
 */
export function backfillFromOutbox(
  db: PrismaClient,
  params: { shopDomain: string; from: number; to: number; cutoff: Date; outcome: string },
): Promise<number> {
  const { shopDomain, from, to, cutoff, outcome } = params;
  const dialect = sqlDialect(db);
  return db.$executeRaw`
    INSERT INTO "ReceivedOrder" ("id", "shopDomain", "kind", "sourceId", "adminId", "name", "number", "value", "currency", "isTest",
                                 "eventName", "eventId", "outcome", "reason", "message", "placedAt", "firstSeenAt", "lastSeenAt", "lastTopic")
    SELECT ${idExpression(dialect)}, e."shopDomain", e."kind", e."sourceId", CASE WHEN e."kind" = 'order' THEN e."sourceId" END,
           NULL, NULL, NULL, NULL, e."isTest", e."eventName", e."eventId", ${outcome}, NULL, NULL,
           ${placedAtFromEventTime(`e."eventTime"`, dialect)}, e."firstSeenAt", e."lastSeenAt", e."lastTopic"
      FROM (
        SELECT o."shopDomain", o."eventName", o."eventId",
               CASE WHEN o."eventName" = 'Purchase' THEN 'order' ELSE 'checkout' END AS "kind",
               MIN(CASE WHEN o."eventName" = 'Purchase' THEN COALESCE(o."orderId", SUBSTR(o."eventId", 10)) ELSE COALESCE(o."checkoutToken", SUBSTR(o."eventId", 4)) END) AS "sourceId",
               MAX(CASE WHEN o."isTest" THEN 1 ELSE 0 END) = 1 AS "isTest",
               MIN(o."eventTime") AS "eventTime", MIN(o."createdAt") AS "firstSeenAt", MAX(o."createdAt") AS "lastSeenAt", MIN(o."sourceTopic") AS "lastTopic"
          FROM "OutboxEvent" o
         WHERE o."shopDomain" = ${shopDomain} AND o."eventName" IN ('Purchase', 'InitiateCheckout')
           AND o."eventTime" >= ${from} AND o."eventTime" < ${to} AND o."createdAt" < ${cutoff}
           AND NOT EXISTS (SELECT 1 FROM "ReceivedOrder" r WHERE r."shopDomain" = o."shopDomain" AND r."eventId" = o."eventId")
         GROUP BY o."shopDomain", o."eventName", o."eventId"
      ) e
     -- (SQLite reads "ON" after a bare FROM as a join: a WHERE ends the SELECT.)
     WHERE true
    ON CONFLICT ("shopDomain", "kind", "sourceId") DO NOTHING`;
}

/**
 * backfillFromReceipts: one row per Purchase or InitiateCheckout event of the shop's
 * webhook receipts received before `cutoff` whose outcome is one of `outcomes` and that
 * has no row yet; the skip reason is kept for `skippedOutcome`.
 */
export function backfillFromReceipts(
  db: PrismaClient,
  params: { shopDomain: string; cutoff: Date; outcomes: readonly string[]; skippedOutcome: string },
): Promise<number> {
  const { shopDomain, cutoff, outcomes, skippedOutcome } = params;
  const dialect = sqlDialect(db);
  return db.$executeRaw`
    INSERT INTO "ReceivedOrder" ("id", "shopDomain", "kind", "sourceId", "adminId", "name", "number", "value", "currency", "isTest",
                                 "eventName", "eventId", "outcome", "reason", "message", "placedAt", "firstSeenAt", "lastSeenAt", "lastTopic")
    SELECT ${idExpression(dialect)}, w."shopDomain", w."kind", w."sourceId", CASE WHEN w."kind" = 'order' THEN w."sourceId" END,
           NULL, NULL, NULL, NULL, false, w."eventName", w."eventId", w."outcome", CASE WHEN w."outcome" = ${skippedOutcome} THEN w."reason" END, NULL,
           w."firstSeenAt", w."firstSeenAt", w."lastSeenAt", w."lastTopic"
      FROM (
        SELECT x."shopDomain", x."eventName", x."eventId",
               CASE WHEN x."eventName" = 'Purchase' THEN 'order' ELSE 'checkout' END AS "kind",
               CASE WHEN x."eventName" = 'Purchase' THEN SUBSTR(x."eventId", 10) ELSE SUBSTR(x."eventId", 4) END AS "sourceId",
               MIN(x."outcome") AS "outcome", MIN(${detailReason(dialect)}) AS "reason", MIN(x."receivedAt") AS "firstSeenAt", MAX(x."receivedAt") AS "lastSeenAt", MIN(x."topic") AS "lastTopic"
          FROM "WebhookReceipt" x
         WHERE x."shopDomain" = ${shopDomain} AND x."receivedAt" < ${cutoff} AND x."outcome" IN (${Prisma.join(outcomes)})
           AND x."eventName" IN ('Purchase', 'InitiateCheckout') AND x."eventId" IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM "ReceivedOrder" r WHERE r."shopDomain" = x."shopDomain" AND r."eventId" = x."eventId")
         GROUP BY x."shopDomain", x."eventName", x."eventId"
      ) w
     WHERE true
    ON CONFLICT ("shopDomain", "kind", "sourceId") DO NOTHING`;
}
