import { Prisma, type PrismaClient } from "@prisma/client";
import { EARLIEST_SANE_MS, FUTURE_SLACK_MS, SERVER_EVENT_NAMES } from "../capi";
import prisma from "../db.server";
import { sqlDialect } from "../db/dialect.server";

// The admin's figures per shop and per 15-minute UTC slot (AdminRollup), rebuilt from the
// rows for the slots that database triggers named in RollupDirty (docs/decisions/016).
// A slot is rebuilt, never incremented: "the most advanced status of each Purchase event
// id over the shop's pixels" is not a counter two transactions could both bump, and a
// rebuild from the rows is right whatever happened in between. Fifteen minutes because
// every time zone's midnight falls on a quarter hour, so a shop's days are whole slots.

export const SLOT_SECONDS = 900;

type Db = PrismaClient | Prisma.TransactionClient;

/** The slot expression of a DateTime column, in the dialect's own date arithmetic (the triggers use the same). */
function slotOfDate(column: string, dialect: "sqlite" | "postgresql"): Prisma.Sql {
  return dialect === "postgresql"
    ? Prisma.raw(`(FLOOR(EXTRACT(EPOCH FROM ${column}) / ${SLOT_SECONDS}) * ${SLOT_SECONDS})::int`)
    : Prisma.raw(`((CAST(strftime('%s', ${column}) AS INTEGER) / ${SLOT_SECONDS}) * ${SLOT_SECONDS})`);
}

/**
 * The live server events the deduplication share counts: those delivered, and those never
 * sent because their browser never reported (a checkout webhook lacks the user agent Meta
 * requires, so it waits for the browser's copy): without these the share could not drop.
 */
export const DEDUP_COUNTED = Prisma.sql`("status" = 'delivered' OR ("status" = 'skipped' AND "consentReason" = 'no_browser_receipt'))`;

const slotOfEventTime = Prisma.raw(`(("eventTime" / ${SLOT_SECONDS}) * ${SLOT_SECONDS})`);

/** Slots within this distance are rebuilt by one range scan (the rows between are few). */
const RUN_GAP_SLOTS = 4;

/** Contiguous-enough runs of sorted slots: one set of statements per run, not per slot. */
function runsOf(slots: number[]): number[][] {
  const runs: number[][] = [];
  for (const slot of slots) {
    const run = runs[runs.length - 1];
    if (run && slot - run[run.length - 1] <= RUN_GAP_SLOTS * SLOT_SECONDS) run.push(slot);
    else runs.push([slot]);
  }
  return runs;
}

/** Recomputes the AdminRollup rows of these slots from OutboxEvent and ReceivedOrder. */
export async function rebuildSlots(db: Db, dialect: "sqlite" | "postgresql", shopDomain: string, slots: number[]): Promise<void> {
  if (slots.length === 0) return;
  await db.$executeRaw`DELETE FROM "AdminRollup" WHERE "shopDomain" = ${shopDomain} AND "slot" IN (${Prisma.join(slots)})`;
  const names = Prisma.join([...SERVER_EVENT_NAMES]);
  for (const run of runsOf(slots)) {
    const low = run[0];
    const high = run[run.length - 1] + SLOT_SECONDS;
    const inRun = Prisma.join(run);
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
        SELECT ${slotOfEventTime} AS "slot", MIN(CASE "status" WHEN 'delivered' THEN 'a:delivered' ELSE 'b:' || "status" END) AS "best"
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
         WHERE "shopDomain" = ${shopDomain} AND "eventName" IN (${names}) AND "eventTime" >= ${low} AND "eventTime" < ${high}
           AND ("isTest" = true OR ${DEDUP_COUNTED})
         GROUP BY "isTest", ${slotOfEventTime}, "eventName", "eventId"
      ) e
      WHERE e."slot" IN (${inRun})
      GROUP BY e."metric", e."slot", e."eventName", e."detail"`;
  }
}

/**
 * Whether a slot can be rebuilt: inside the sane date range (app/capi/date-range.ts).
 * Rows written before that range was enforced may carry a date in the year 9999, whose
 * slot end is not a date Prisma or the databases can take; such a slot's name is dropped
 * and the slot never shown, instead of failing every overview load.
 */
export function isRebuildableSlot(slot: number, now: Date): boolean {
  return Number.isSafeInteger(slot) && slot * 1000 >= EARLIEST_SANE_MS && slot * 1000 <= now.getTime() + FUTURE_SLACK_MS;
}

/** Slots rebuilt per transaction: a short write lock, however big the backlog. */
const SLOTS_PER_BATCH = 96;

/**
 * Brings the shop's rollups up to date: takes the slots RollupDirty names, deletes
 * those names and rebuilds the slots, in one transaction per batch. Correct with several
 * writers and instances: a change committed after the names were taken leaves its own
 * name behind (the triggers write it in the change's transaction), so it is rebuilt next
 * time; rebuilds of one shop run one at a time (SQLite: one writer; PostgreSQL: a
 * transaction-scoped advisory lock per shop), so an older rebuild never overwrites a
 * newer one. Returns true when nothing is left to rebuild, false when `maxBatches` ran out.
 */
export async function refreshRollups(shopDomain: string, options: { maxBatches?: number; db?: PrismaClient } = {}): Promise<boolean> {
  const db = options.db ?? prisma;
  const maxBatches = options.maxBatches ?? 10;
  const dialect = sqlDialect(db);
  const postgres = dialect === "postgresql";
  for (let batch = 0; batch < maxBatches; batch++) {
    // A read first: most calls find nothing, and a read takes no write lock.
    const waiting = await db.$queryRaw<
      { slot: number | bigint }[]
    >`SELECT "slot" FROM "RollupDirty" WHERE "shopDomain" = ${shopDomain} LIMIT 1`;
    if (waiting.length === 0) return true;
    await db.$transaction(
      async (tx) => {
        if (postgres) await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`tandem-rollup:${shopDomain}`}))::text AS "locked"`;
        const taken = await tx.$queryRaw<{ slot: number | bigint }[]>`
          SELECT DISTINCT "slot" FROM "RollupDirty" WHERE "shopDomain" = ${shopDomain} ORDER BY "slot" LIMIT ${SLOTS_PER_BATCH}`;
        const slots = taken.map((row) => Number(row.slot));
        if (slots.length === 0) return;
        // Names first, rebuild second: what commits after this statement keeps its name.
        await tx.$executeRaw`DELETE FROM "RollupDirty" WHERE "shopDomain" = ${shopDomain} AND "slot" IN (${Prisma.join(slots)})`;
        const now = new Date();
        await rebuildSlots(
          tx,
          dialect,
          shopDomain,
          slots.filter((slot) => isRebuildableSlot(slot, now)),
        );
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }
  const left = await db.$queryRaw<{ slot: number | bigint }[]>`SELECT "slot" FROM "RollupDirty" WHERE "shopDomain" = ${shopDomain} LIMIT 1`;
  return left.length === 0;
}

/** Every shop with slots to rebuild (the worker's housekeeping and `npm run setup`). */
export async function refreshAllRollups(
  options: { db?: PrismaClient; maxBatchesPerShop?: number } = {},
): Promise<{ shops: number; done: boolean }> {
  const db = options.db ?? prisma;
  const shops = await db.$queryRaw<{ shopDomain: string }[]>`SELECT DISTINCT "shopDomain" FROM "RollupDirty"`;
  let done = true;
  for (const { shopDomain } of shops) {
    if (!(await refreshRollups(shopDomain, { db, maxBatches: options.maxBatchesPerShop ?? 1_000_000 }))) done = false;
  }
  return { shops: shops.length, done };
}

export type RollupRow = { metric: string; key: string; detail: string; n: number; m: number };

/**
 * The rollup rows of the slots from each start (inclusive) on, summed per start: one
 * query for all periods. Starts must be slot-aligned (isSlotAligned).
 */
export async function rollupsSince(shopDomain: string, starts: number[], metrics: string[]): Promise<RollupRow[][]> {
  const sorted = [...new Set(starts)].sort((a, b) => b - a);
  const bucket = Prisma.sql`CASE ${Prisma.join(
    sorted.map((start, i) => Prisma.sql`WHEN "slot" >= ${start} THEN ${i}`),
    " ",
  )} END`;
  const rows = await prisma.$queryRaw<
    { bucket: number | bigint; metric: string; key: string; detail: string; n: number | bigint; m: number | bigint }[]
  >`
    SELECT ${bucket} AS "bucket", "metric", "key", "detail", SUM("n") AS "n", SUM("m") AS "m"
      FROM "AdminRollup"
     WHERE "shopDomain" = ${shopDomain} AND "metric" IN (${Prisma.join(metrics)}) AND "slot" >= ${sorted[sorted.length - 1]}
     GROUP BY 1, "metric", "key", "detail"`;
  // Bucket i holds the slots from sorted[i] up to the previous start: a start's total is
  // its bucket plus every later one.
  return starts.map((start) => {
    const upTo = sorted.indexOf(start);
    const sums = new Map<string, RollupRow>();
    for (const row of rows) {
      if (Number(row.bucket) > upTo) continue;
      const id = `${row.metric}\u0000${row.key}\u0000${row.detail}`;
      const sum = sums.get(id) ?? { metric: row.metric, key: row.key, detail: row.detail, n: 0, m: 0 };
      sum.n += Number(row.n);
      sum.m += Number(row.m ?? 0);
      sums.set(id, sum);
    }
    return [...sums.values()];
  });
}

/** Per slot-aligned range [bounds[i], bounds[i + 1]): the orders metric summed (the daily gap). */
export async function orderRollupsBetween(shopDomain: string, bounds: number[]): Promise<{ received: number; accepted: number }[]> {
  const bucket = Prisma.sql`CASE ${Prisma.join(
    bounds.slice(1).map((bound, i) => Prisma.sql`WHEN "slot" < ${bound} THEN ${i}`),
    " ",
  )} END`;
  const rows = await prisma.$queryRaw<{ bucket: number | bigint; n: number | bigint; m: number | bigint }[]>`
    SELECT ${bucket} AS "bucket", SUM("n") AS "n", SUM("m") AS "m"
      FROM "AdminRollup"
     WHERE "shopDomain" = ${shopDomain} AND "metric" = 'order' AND "slot" >= ${bounds[0]} AND "slot" < ${bounds[bounds.length - 1]}
     GROUP BY 1`;
  const byBucket = new Map(rows.map((row) => [Number(row.bucket), row]));
  return bounds.slice(1).map((_, i) => ({ received: Number(byBucket.get(i)?.n ?? 0), accepted: Number(byBucket.get(i)?.m ?? 0) }));
}

export const isSlotAligned = (seconds: number) => Number.isInteger(seconds) && seconds % SLOT_SECONDS === 0;
