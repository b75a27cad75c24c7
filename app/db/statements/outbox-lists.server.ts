import { Prisma, type PrismaClient } from "@prisma/client";
import { sqlDialect } from "../dialect.server";

/**
 * ADMIN LISTS, the outbox: the event log's page of ids and capped count for any mix of
 * filters, the probe that tells a rare status from a common one, the shop's event names,
 * and each pixel's unsent count. Which index a read goes through is decided in
 * app/outbox/list-query.server.ts (docs/decisions/019-admin-list-plans.md); the filters,
 * statuses and caps come from the callers. Why raw:
 * docs/decisions/023-one-place-for-statements.md, "Admin lists".
 */

type Db = Pick<PrismaClient, "$queryRaw">;

/** The index an outbox list reads through on SQLite; `planner`: the database's planner decides (always so on PostgreSQL). */
export type OutboxIndex = "status" | "time" | "test" | "planner";

const HINTS: Record<OutboxIndex, Prisma.Sql> = {
  /** The retention index: status first, then updatedAt, shopDomain, createdAt and id. */
  status: Prisma.raw(`INDEXED BY "OutboxEvent_status_updatedAt_shopDomain_createdAt_id_idx"`),
  /** The newest-first index of the event log; its status, isTest and eventName columns answer those filters without reading rows. */
  time: Prisma.raw(`INDEXED BY "OutboxEvent_shopDomain_createdAt_status_isTest_eventName_idx"`),
  /** The shop's test events newest first (few, whatever the shop's size). */
  test: Prisma.raw(`INDEXED BY "OutboxEvent_shopDomain_isTest_createdAt_consentReason_consentAction_checkoutToken_eventId_idx"`),
  planner: Prisma.empty,
};

/** Conditions on one shop's outbox rows, ANDed; an absent one does not filter. */
export type OutboxConditions = {
  /** Empty: any status. */
  statuses: readonly string[];
  eventNames?: readonly string[];
  /** createdAt at or after. */
  createdFrom?: Date;
  /** createdAt before. */
  createdBefore?: Date;
  /** Whether the browser's copy was seen (browserSeenAt set). */
  browserSeen?: boolean;
  /** Only these event ids (empty: none). */
  eventIds?: readonly string[];
  isTest?: boolean;
};

function whereOf(shopDomain: string, filter: OutboxConditions): Prisma.Sql {
  const terms = [Prisma.sql`"shopDomain" = ${shopDomain}`];
  if (filter.eventNames?.length) terms.push(Prisma.sql`"eventName" IN (${Prisma.join(filter.eventNames)})`);
  if (filter.createdFrom) terms.push(Prisma.sql`"createdAt" >= ${filter.createdFrom}`);
  if (filter.createdBefore) terms.push(Prisma.sql`"createdAt" < ${filter.createdBefore}`);
  if (filter.browserSeen !== undefined)
    terms.push(filter.browserSeen ? Prisma.sql`"browserSeenAt" IS NOT NULL` : Prisma.sql`"browserSeenAt" IS NULL`);
  if (filter.statuses.length) terms.push(Prisma.sql`"status" IN (${Prisma.join(filter.statuses)})`);
  if (filter.isTest !== undefined) terms.push(filter.isTest ? Prisma.sql`"isTest" = true` : Prisma.sql`"isTest" = false`);
  if (filter.eventIds) terms.push(filter.eventIds.length ? Prisma.sql`"eventId" IN (${Prisma.join(filter.eventIds)})` : Prisma.sql`1 = 0`);
  return Prisma.join(terms, " AND ");
}

/**
 * How many rows of the whole table have one of `statuses`, counted up to `cap`, through
 * the status index (SQLite only: the caller's plan probe). Raw: an INDEXED BY hint and a
 * capped count with no ORDER BY.
 */
export async function countStatusesUpTo(db: Db, statuses: readonly string[], cap: number): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number | bigint }[]>`
    SELECT COUNT(*) AS "n" FROM (
      SELECT 1 FROM "OutboxEvent" ${HINTS.status} WHERE "status" IN (${Prisma.join(statuses)}) LIMIT ${cap}
    ) AS "probe"`;
  return Number(row.n);
}

/**
 * The shop's rows matching `filter` through `index`: counted up to `cap` + 1 (null: not
 * counted), and the ids of one page newest first (createdAt, then id; `limit` 0: none).
 * Raw: the INDEXED BY hint (SQLite's planner chose badly in both directions without it)
 * and a count with no ORDER BY (Prisma's capped count sorts by id first, which read and
 * sorted every matching row of the shop).
 */
export async function outboxPage(
  db: Db,
  params: { shopDomain: string; filter: OutboxConditions; index: OutboxIndex; offset: number; limit: number; cap: number | null },
): Promise<{ ids: string[]; counted: number }> {
  const { shopDomain, filter, offset, limit, cap } = params;
  const hint = HINTS[params.index];
  const where = whereOf(shopDomain, filter);
  const [counted, rows] = await Promise.all([
    cap === null
      ? null
      : db.$queryRaw<{ n: number | bigint }[]>`
          SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM "OutboxEvent" ${hint} WHERE ${where} LIMIT ${cap + 1}) AS "capped"`,
    limit > 0
      ? db.$queryRaw<{ id: string }[]>`
          SELECT "id" FROM "OutboxEvent" ${hint} WHERE ${where} ORDER BY "createdAt" DESC, "id" DESC LIMIT ${limit} OFFSET ${offset}`
      : [],
  ]);
  return { ids: rows.map((row) => row.id), counted: counted ? Number(counted[0].n) : 0 };
}

/**
 * The distinct event names of the shop's rows, by hopping through the (shopDomain,
 * eventName, eventTime) index one name at a time. Raw: a recursive CTE; a GROUP BY read
 * every row of the shop (1.9 s at a million events).
 */
export async function shopEventNamesInIndex(db: Db, shopDomain: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ name: string | null }[]>`
    WITH RECURSIVE names("name") AS (
      SELECT MIN("eventName") FROM "OutboxEvent" WHERE "shopDomain" = ${shopDomain}
      UNION ALL
      SELECT (SELECT MIN("eventName") FROM "OutboxEvent" WHERE "shopDomain" = ${shopDomain} AND "eventName" > names."name")
        FROM names WHERE names."name" IS NOT NULL
    )
    SELECT "name" FROM names WHERE "name" IS NOT NULL`;
  return rows.map((row) => row.name!);
}

/**
 * Per pixel, its rows with one of `statuses`: one pass over the claim index `(status,
 * nextAttemptAt, destinationId)`, which holds both columns read. Raw: on SQLite an INDEXED
 * BY hint (it would otherwise pick the unique (destinationId, ...) index and read each of
 * the pixel's rows); PostgreSQL's planner picks on its own.
 */
export async function countByDestination(
  db: PrismaClient,
  statuses: readonly string[],
  destinationIds: readonly string[],
): Promise<{ destinationId: string; n: number }[]> {
  const hint = sqlDialect(db) === "sqlite" ? Prisma.raw(`INDEXED BY "OutboxEvent_status_nextAttemptAt_destinationId_idx"`) : Prisma.empty;
  const rows = await db.$queryRaw<{ destinationId: string; n: number | bigint }[]>`
    SELECT "destinationId", COUNT(*) AS "n" FROM "OutboxEvent" ${hint}
     WHERE "status" IN (${Prisma.join(statuses)}) AND "destinationId" IN (${Prisma.join(destinationIds)})
     GROUP BY "destinationId"`;
  return rows.map((row) => ({ destinationId: row.destinationId, n: Number(row.n) }));
}
