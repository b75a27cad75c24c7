import { Prisma, type PrismaClient } from "@prisma/client";
import prisma from "../db.server";
import { sqlDialect } from "../db/dialect.server";

// Shops that received orders before ReceivedOrder existed (migration
// 20261202042444_received_orders_and_alerts) have outbox rows and webhook receipts but no
// reconciliation rows, so the overview said "0 orders received" next to purchases Meta
// accepted. This builds their rows from what is stored, once per shop, in batches of one
// day, idempotently (an order that has a row is left alone; a second run, or two
// instances at once, add nothing). Only what is known is written: the order id, its event,
// test flag, event time and outcome; the name, number, total and currency were never
// stored and stay empty (the orders page then titles it by its id).

const TASK = "received-orders-backfill";
const DAY_SECONDS = 86_400;

type Db = PrismaClient;

/** Backfills every shop that needs it (npm run setup, the worker's housekeeping). */
export async function backfillReceivedOrders(options: { db?: Db } = {}): Promise<{ shops: number; inserted: number }> {
  const db = options.db ?? prisma;
  const shops = await db.$queryRaw<{ shopDomain: string }[]>`
    SELECT "shopDomain" FROM "OutboxEvent" GROUP BY "shopDomain"
    UNION SELECT "shopDomain" FROM "WebhookReceipt" GROUP BY "shopDomain"`;
  let inserted = 0;
  for (const { shopDomain } of shops) inserted += await ensureReceivedOrdersBackfilled(shopDomain, { db });
  return { shops: shops.length, inserted };
}

/** One shop's backfill, unless it was done: one look-up by primary key then (the admin pages call it on load). */
export async function ensureReceivedOrdersBackfilled(shopDomain: string, options: { db?: Db } = {}): Promise<number> {
  const db = options.db ?? prisma;
  const name = `${TASK}:${shopDomain}`;
  if (await db.dataTask.findUnique({ where: { name }, select: { name: true } })) return 0;
  const cutoff = await receivedOrdersSince(db);
  const dialect = sqlDialect(db);
  let inserted = 0;
  const range = await db.$queryRaw<{ low: number | bigint | null; high: number | bigint | null }[]>`
    SELECT MIN("eventTime") AS "low", MAX("eventTime") AS "high" FROM "OutboxEvent" WHERE "shopDomain" = ${shopDomain} AND "createdAt" < ${cutoff}`;
  const low = range[0]?.low === null || range[0]?.low === undefined ? null : Number(range[0].low);
  const high = range[0]?.high === null || range[0]?.high === undefined ? null : Number(range[0].high);
  if (low !== null && high !== null) {
    for (let from = low - (low % DAY_SECONDS); from <= high; from += DAY_SECONDS) {
      inserted += await db.$executeRaw(fromOutbox(shopDomain, from, from + DAY_SECONDS, cutoff, dialect));
    }
  }
  // Orders and checkouts that queued nothing (skipped, before setup, after uninstall):
  // only their webhook receipt tells of them (kept for the retention period).
  inserted += await db.$executeRaw(fromReceipts(shopDomain, cutoff, dialect));
  // Two page loads may finish it at once: the first marker stands.
  await db.$executeRaw`INSERT INTO "DataTask" ("name", "doneAt") VALUES (${name}, ${new Date()}) ON CONFLICT ("name") DO NOTHING`;
  return inserted;
}

/** When ReceivedOrder started being written: rows created after it have theirs. */
async function receivedOrdersSince(db: Db): Promise<Date> {
  try {
    const rows = await db.$queryRaw<{ finished: Date | string | null }[]>`
      SELECT "finished_at" AS "finished" FROM "_prisma_migrations" WHERE "migration_name" LIKE '%_received_orders_and_alerts' AND "finished_at" IS NOT NULL`;
    const finished = rows[0]?.finished;
    const date =
      finished === null || finished === undefined
        ? null
        : new Date(typeof finished === "string" && /^\d+$/.test(finished) ? Number(finished) : finished);
    if (date && !Number.isNaN(date.getTime())) return date;
  } catch {
    // A database made without Prisma's migration table: every row is a candidate.
  }
  return new Date();
}

function idExpression(dialect: "sqlite" | "postgresql"): Prisma.Sql {
  return Prisma.raw(dialect === "postgresql" ? "gen_random_uuid()::text" : "lower(hex(randomblob(16)))");
}

function placedAtFromEventTime(column: string, dialect: "sqlite" | "postgresql"): Prisma.Sql {
  // Prisma's own DateTime storage on each: SQLite text with +00:00, PostgreSQL timestamp(3) in UTC.
  return Prisma.raw(
    dialect === "postgresql"
      ? `(to_timestamp(${column}) AT TIME ZONE 'UTC')`
      : `strftime('%Y-%m-%dT%H:%M:%S.000+00:00', ${column}, 'unixepoch')`,
  );
}

function fromOutbox(shopDomain: string, from: number, to: number, cutoff: Date, dialect: "sqlite" | "postgresql"): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "ReceivedOrder" ("id", "shopDomain", "kind", "sourceId", "adminId", "name", "number", "value", "currency", "isTest",
                                 "eventName", "eventId", "outcome", "reason", "message", "placedAt", "firstSeenAt", "lastSeenAt", "lastTopic")
    SELECT ${idExpression(dialect)}, e."shopDomain", e."kind", e."sourceId", CASE WHEN e."kind" = 'order' THEN e."sourceId" END,
           NULL, NULL, NULL, NULL, e."isTest", e."eventName", e."eventId", 'queued', NULL, NULL,
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

/** The skip reason the receipt's detail JSON holds ({"reason": "...", "message": "..."}). */
function detailReason(dialect: "sqlite" | "postgresql"): Prisma.Sql {
  return Prisma.raw(
    dialect === "postgresql"
      ? `(CASE WHEN x."detail" LIKE '{%' THEN (x."detail"::jsonb ->> 'reason') END)`
      : `(CASE WHEN json_valid(x."detail") THEN json_extract(x."detail", '$.reason') END)`,
  );
}

function fromReceipts(shopDomain: string, cutoff: Date, dialect: "sqlite" | "postgresql"): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "ReceivedOrder" ("id", "shopDomain", "kind", "sourceId", "adminId", "name", "number", "value", "currency", "isTest",
                                 "eventName", "eventId", "outcome", "reason", "message", "placedAt", "firstSeenAt", "lastSeenAt", "lastTopic")
    SELECT ${idExpression(dialect)}, w."shopDomain", w."kind", w."sourceId", CASE WHEN w."kind" = 'order' THEN w."sourceId" END,
           NULL, NULL, NULL, NULL, false, w."eventName", w."eventId", w."outcome", CASE WHEN w."outcome" = 'skipped' THEN w."reason" END, NULL,
           w."firstSeenAt", w."firstSeenAt", w."lastSeenAt", w."lastTopic"
      FROM (
        SELECT x."shopDomain", x."eventName", x."eventId",
               CASE WHEN x."eventName" = 'Purchase' THEN 'order' ELSE 'checkout' END AS "kind",
               CASE WHEN x."eventName" = 'Purchase' THEN SUBSTR(x."eventId", 10) ELSE SUBSTR(x."eventId", 4) END AS "sourceId",
               MIN(x."outcome") AS "outcome", MIN(${detailReason(dialect)}) AS "reason", MIN(x."receivedAt") AS "firstSeenAt", MAX(x."receivedAt") AS "lastSeenAt", MIN(x."topic") AS "lastTopic"
          FROM "WebhookReceipt" x
         WHERE x."shopDomain" = ${shopDomain} AND x."receivedAt" < ${cutoff} AND x."outcome" IN ('skipped', 'not_configured', 'shop_uninstalled')
           AND x."eventName" IN ('Purchase', 'InitiateCheckout') AND x."eventId" IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM "ReceivedOrder" r WHERE r."shopDomain" = x."shopDomain" AND r."eventId" = x."eventId")
         GROUP BY x."shopDomain", x."eventName", x."eventId"
      ) w
     WHERE true
    ON CONFLICT ("shopDomain", "kind", "sourceId") DO NOTHING`;
}
