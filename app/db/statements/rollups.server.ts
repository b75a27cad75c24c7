import { Prisma, type PrismaClient } from "@prisma/client";

/**
 * ROLLUPS: the statements of the admin's per-shop, per-15-minute-slot figures
 * (AdminRollup, docs/decisions/016): the slots the database triggers named in RollupDirty,
 * taken and rebuilt from OutboxEvent and ReceivedOrder, and the sums the overview, the
 * daily gap and the deduplication trend read. When a slot is rebuilt, which slots, in
 * which transaction and under which lock is decided in app/models/admin-rollup.server.ts.
 * The metrics' definitions (an order accepted when a row of its event id is `delivered`;
 * a Purchase's most advanced status; the deduplication's counted events) are the rollup
 * table's meaning, shared with the triggers, so they are written here once. Why raw:
 * docs/decisions/023-one-place-for-statements.md, "Rollups".
 */

/** A slot is this many seconds of UTC time (every time zone's midnight falls on a quarter hour); the triggers use the same. */
export const ROLLUP_SLOT_SECONDS = 900;

type Db = Pick<PrismaClient, "$queryRaw" | "$executeRaw">;
type Dialect = "sqlite" | "postgresql";

/** The slot expression of a DateTime column, in the dialect's own date arithmetic (the triggers use the same). */
function slotOfDate(column: string, dialect: Dialect): Prisma.Sql {
  return dialect === "postgresql"
    ? Prisma.raw(`(FLOOR(EXTRACT(EPOCH FROM ${column}) / ${ROLLUP_SLOT_SECONDS}) * ${ROLLUP_SLOT_SECONDS})::int`)
    : Prisma.raw(`((CAST(strftime('%s', ${column}) AS INTEGER) / ${ROLLUP_SLOT_SECONDS}) * ${ROLLUP_SLOT_SECONDS})`);
}

const slotOfEventTime = Prisma.raw(`(("eventTime" / ${ROLLUP_SLOT_SECONDS}) * ${ROLLUP_SLOT_SECONDS})`);

/**
 * The live server events the deduplication share counts: those delivered, and those never
 * sent because their browser never reported (a checkout webhook lacks the user agent Meta
 * requires, so it waits for the browser's copy): without these the share could not drop.
 */
export const DEDUP_COUNTED = Prisma.sql`("status" = 'delivered' OR ("status" = 'skipped' AND "consentReason" = 'no_browser_receipt'))`;

/**
 * A Purchase event id's most advanced status over the shop's pixels is the smallest of
 * these ranks ('a:delivered', else 'b:' and the status). A leased row ranks as the pending
 * row it was: the overview shows both as "sending", and with one rank a claim, a release
 * and a lease's end change no figure, so the triggers need not name their slots
 * (docs/decisions/066). A claimed retry still changes its rank ("retry" is shown apart).
 */
export const PURCHASE_RANK = Prisma.sql`CASE "status" WHEN 'delivered' THEN 'a:delivered' WHEN 'in_flight' THEN 'b:pending' ELSE 'b:' || "status" END`;

/** Deletes the shop's rollup rows of these slots (before their rebuild). */
export function deleteRollupSlots(db: Db, shopDomain: string, slots: number[]): Promise<number> {
  return db.$executeRaw`DELETE FROM "AdminRollup" WHERE "shopDomain" = ${shopDomain} AND "slot" IN (${Prisma.join(slots)})`;
}

/**
 * insertRollupRun: the rollup rows of the slots `inRun`, all within [low, high) seconds,
 * counted from the rows: one range scan per metric for a run of nearby slots. Raw: each
 * metric is one INSERT ... SELECT ... GROUP BY inside the database (typed Prisma would
 * read the rows into the process), with the dialect's date arithmetic for the slot.
 */
export async function insertRollupRun(
  db: Db,
  dialect: Dialect,
  params: { shopDomain: string; inRun: number[]; low: number; high: number; serverEventNames: readonly string[] },
): Promise<void> {
  const { shopDomain, low, high } = params;
  const inRun = Prisma.join(params.inRun);
  // Live orders by ingest outcome, and how many of them Meta accepted on any pixel
  // (the daily gap's "accepted"; the same EXISTS as the straightforward query).
  await db.$executeRaw`
    INSERT INTO "AdminRollup" ("shopDomain", "metric", "slot", "key", "detail", "n", "m")
    SELECT ${shopDomain}, 'order', s."slot", s."outcome", s."detail", COUNT(*), SUM(s."accepted") FROM (
      SELECT ${slotOfDate(`r."placedAt"`, dialect)} AS "slot", r."outcome", COALESCE(r."reason", '') AS "detail",
             CASE WHEN EXISTS (SELECT 1 FROM "OutboxEvent" o WHERE o."shopDomain" = r."shopDomain" AND o."eventId" = r."eventId" AND o."status" = 'delivered')
                  THEN 1 ELSE 0 END AS "accepted"
        FROM "ReceivedOrder" r
       WHERE r."shopDomain" = ${shopDomain} AND r."kind" = 'order' AND r."isTest" = false
         AND r."placedAt" >= ${new Date(low * 1000)} AND r."placedAt" < ${new Date(high * 1000)}
    ) s
    WHERE s."slot" IN (${inRun})
    GROUP BY s."slot", s."outcome", s."detail"`;
  // Live Purchase event ids by their most advanced status over the shop's pixels.
  await db.$executeRaw`
    INSERT INTO "AdminRollup" ("shopDomain", "metric", "slot", "key", "detail", "n", "m")
    SELECT ${shopDomain}, 'purchase', p."slot", SUBSTR(p."best", 3), '', COUNT(*), 0 FROM (
      SELECT ${slotOfEventTime} AS "slot", MIN(${PURCHASE_RANK}) AS "best"
        FROM "OutboxEvent"
       WHERE "shopDomain" = ${shopDomain} AND "eventName" = 'Purchase' AND "isTest" = false AND "eventTime" >= ${low} AND "eventTime" < ${high}
       GROUP BY ${slotOfEventTime}, "eventId"
    ) p
    WHERE p."slot" IN (${inRun})
    GROUP BY p."slot", p."best"`;
  // Live server events for deduplication, each event id once however many pixels it went
  // to (its rows share its event_time, so its slot): delivered ones (detail '', m with a
  // browser copy) and those never sent because their browser never reported (detail
  // 'no_browser_receipt'), so the share can drop below 100%. Test events by name.
  await db.$executeRaw`
    INSERT INTO "AdminRollup" ("shopDomain", "metric", "slot", "key", "detail", "n", "m")
    SELECT ${shopDomain}, e."metric", e."slot", e."eventName", e."detail", COUNT(*), SUM(e."seen") FROM (
      SELECT CASE WHEN "isTest" = true THEN 'test' ELSE 'sent' END AS "metric", ${slotOfEventTime} AS "slot", "eventName",
             MIN(CASE WHEN "isTest" = true OR "status" = 'delivered' THEN '' ELSE 'no_browser_receipt' END) AS "detail",
             MAX(CASE WHEN "browserSeenAt" IS NOT NULL AND ("isTest" = true OR "status" = 'delivered') THEN 1 ELSE 0 END) AS "seen"
        FROM "OutboxEvent"
       WHERE "shopDomain" = ${shopDomain} AND "eventName" IN (${Prisma.join([...params.serverEventNames])}) AND "eventTime" >= ${low} AND "eventTime" < ${high}
         AND ("isTest" = true OR ${DEDUP_COUNTED})
       GROUP BY "isTest", ${slotOfEventTime}, "eventName", "eventId"
    ) e
    WHERE e."slot" IN (${inRun})
    GROUP BY e."metric", e."slot", e."eventName", e."detail"`;
}

// ---------------------------------------------------------------------------------------
// RollupDirty: the slots the triggers named. Raw: LIMIT, DISTINCT and IN over a table the
// triggers write; a typed findFirst/deleteMany would do as well for two of them, kept
// beside the others so the take-and-delete reads as one.

/** Whether the shop has a slot waiting (a read: most calls find nothing, and a read takes no write lock). */
export async function hasDirtySlot(db: Db, shopDomain: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ slot: number | bigint }[]>`SELECT "slot" FROM "RollupDirty" WHERE "shopDomain" = ${shopDomain} LIMIT 1`;
  return rows.length > 0;
}

/** The shop's first `limit` distinct waiting slots, ascending. */
export async function dirtySlots(db: Db, shopDomain: string, limit: number): Promise<number[]> {
  const taken = await db.$queryRaw<{ slot: number | bigint }[]>`
    SELECT DISTINCT "slot" FROM "RollupDirty" WHERE "shopDomain" = ${shopDomain} ORDER BY "slot" LIMIT ${limit}`;
  return taken.map((row) => Number(row.slot));
}

/** Deletes the names of these slots (a change committed after this keeps its own name). */
export function clearDirtySlots(db: Db, shopDomain: string, slots: number[]): Promise<number> {
  return db.$executeRaw`DELETE FROM "RollupDirty" WHERE "shopDomain" = ${shopDomain} AND "slot" IN (${Prisma.join(slots)})`;
}

/** Every shop with a waiting slot. */
export async function shopsWithDirtySlots(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<{ shopDomain: string }[]>`SELECT DISTINCT "shopDomain" FROM "RollupDirty"`;
  return rows.map((row) => row.shopDomain);
}

/**
 * lockShopRollups: one rebuild of a shop at a time, until the transaction ends. PostgreSQL:
 * a transaction-scoped advisory lock per shop (no typed form). SQLite: nothing, its single
 * writer already serialises the rebuilds.
 */
export async function lockShopRollups(tx: Db, dialect: Dialect, shopDomain: string): Promise<void> {
  if (dialect !== "postgresql") return;
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`tandem-rollup:${shopDomain}`}))::text AS "locked"`;
}

// ---------------------------------------------------------------------------------------
// Reads. Raw: one grouped read for all periods, the periods as a CASE over the slot.

export type RollupSum = { bucket: number; metric: string; key: string; detail: string; n: number; m: number };

/**
 * The rollup rows from the earliest start on, summed per bucket: bucket i holds the slots
 * from `descendingStarts[i]` up to the previous start.
 */
export async function rollupSumsByStart(db: Db, shopDomain: string, descendingStarts: number[], metrics: string[]): Promise<RollupSum[]> {
  const bucket = Prisma.sql`CASE ${Prisma.join(
    descendingStarts.map((start, i) => Prisma.sql`WHEN "slot" >= ${start} THEN ${i}`),
    " ",
  )} END`;
  const rows = await db.$queryRaw<
    { bucket: number | bigint; metric: string; key: string; detail: string; n: number | bigint; m: number | bigint | null }[]
  >`
    SELECT ${bucket} AS "bucket", "metric", "key", "detail", SUM("n") AS "n", SUM("m") AS "m"
      FROM "AdminRollup"
     WHERE "shopDomain" = ${shopDomain} AND "metric" IN (${Prisma.join(metrics)}) AND "slot" >= ${descendingStarts[descendingStarts.length - 1]}
     GROUP BY 1, "metric", "key", "detail"`;
  return rows.map((row) => ({ ...row, bucket: Number(row.bucket), n: Number(row.n), m: Number(row.m ?? 0) }));
}

/**
 * Per range [bounds[i], bounds[i + 1]) of seconds: the rollup's `n` and `m` summed over
 * the rows of `metric` whose `key` is one of `keys` (any key when null); ranges with no
 * rows are absent.
 */
export async function rollupSumsBetween(
  db: Db,
  params: { shopDomain: string; metric: string; keys: readonly string[] | null; bounds: number[] },
): Promise<{ bucket: number; n: number; m: number }[]> {
  const { shopDomain, metric, keys, bounds } = params;
  const bucket = Prisma.sql`CASE ${Prisma.join(
    bounds.slice(1).map((bound, i) => Prisma.sql`WHEN "slot" < ${bound} THEN ${i}`),
    " ",
  )} END`;
  const keyed = keys ? Prisma.sql`AND "key" IN (${Prisma.join(keys)})` : Prisma.empty;
  const rows = await db.$queryRaw<{ bucket: number | bigint; n: number | bigint | null; m: number | bigint | null }[]>`
    SELECT ${bucket} AS "bucket", SUM("n") AS "n", SUM("m") AS "m"
      FROM "AdminRollup"
     WHERE "shopDomain" = ${shopDomain} AND "metric" = ${metric} ${keyed} AND "slot" >= ${bounds[0]} AND "slot" < ${bounds[bounds.length - 1]}
     GROUP BY 1`;
  return rows.map((row) => ({ bucket: Number(row.bucket), n: Number(row.n ?? 0), m: Number(row.m ?? 0) }));
}
