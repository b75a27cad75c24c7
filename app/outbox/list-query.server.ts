import { Prisma, type PrismaClient } from "@prisma/client";
import defaultDb from "../db.server";
import { sqlDialect } from "../db/dialect.server";

// The admin's reads of one shop's outbox: a page of ids newest first, and a capped count,
// for any mix of filters. A million-row shop makes the index choice the whole cost, and
// SQLite's planner, left alone, chose badly in both directions (docs/benchmarks.md, "Admin
// queries"): it read every failed row of every shop and sorted them for a status filter
// where the newest-first index finds the first page in 50 rows, and it would read a whole
// shop's index for a status that hardly occurs. So on SQLite the plan is picked here, by
// how common the asked-for statuses are across the table (one capped look-up in the status
// index): rare ones are read through the status index and sorted (at most RARE_STATUS_ROWS
// entries, the shop, creation time and id read from the index), common ones by walking the
// newest-first index, where the status, test flag and event name are read from the index;
// test events, few by nature, through `(shopDomain, isTest, createdAt)`.
// PostgreSQL keeps its own planner: it has statistics. The first two indexes existed
// before with fewer columns. No index on (shopDomain, status, ...) was added: every index
// on a status is rewritten on each status change of the delivery path, and such an index
// ties with `(shopDomain, eventId)` for SQLite's planner when there are no statistics yet
// (docs/decisions/019-admin-list-plans.md).

/** The newest-first index of the event log; its status, isTest and eventName columns answer those filters without reading rows. */
const BY_TIME = Prisma.raw(`INDEXED BY "OutboxEvent_shopDomain_createdAt_status_isTest_eventName_idx"`);
/** The shop's test events newest first (few, whatever the shop's size). */
const BY_TEST = Prisma.raw(`INDEXED BY "OutboxEvent_shopDomain_isTest_createdAt_consentReason_consentAction_checkoutToken_eventId_idx"`);
/** The retention index: status first, then updatedAt, shopDomain, createdAt and id. */
const BY_STATUS = Prisma.raw(`INDEXED BY "OutboxEvent_status_updatedAt_shopDomain_createdAt_id_idx"`);

/**
 * Statuses with fewer rows than this over the whole table are read through the status
 * index and sorted: at most this many rows, a few milliseconds. Above it the newest-first
 * walk finds a page quickly because the status is common (about 1 row in 50 or more in a
 * one-shop table of a million rows, the worst case being a status common in other shops
 * and rare in this one).
 */
export const RARE_STATUS_ROWS = 20_000;

export type OutboxFilter = {
  /** Empty: any status. */
  statuses: readonly string[];
  /** Further conditions on "OutboxEvent" columns, ANDed (never the shop, the status or the event id). */
  conditions: readonly Prisma.Sql[];
  /** Only these event ids (a search): a handful of look-ups in `(shopDomain, eventId)`, whatever else is asked. */
  eventIds?: readonly string[];
  /** Only test events (true) or only live ones (false). */
  isTest?: boolean;
};

export type OutboxReadPlan = "status" | "time" | "test" | "planner";

/** How listOutbox reads: through the status index, newest first through the time index, or as the database's planner decides. */
export async function outboxReadPlan(
  filter: OutboxFilter,
  db: PrismaClient = defaultDb,
  rareStatusRows = RARE_STATUS_ROWS,
): Promise<OutboxReadPlan> {
  if (sqlDialect(db) !== "sqlite" || filter.eventIds) return "planner";
  // Test events are few by nature (the settings' test event, Shopify's test orders).
  if (filter.isTest === true) return "test";
  if (filter.statuses.length === 0) return "time";
  const [row] = await db.$queryRaw<{ n: number | bigint }[]>`
    SELECT COUNT(*) AS "n" FROM (
      SELECT 1 FROM "OutboxEvent" ${BY_STATUS} WHERE "status" IN (${Prisma.join(filter.statuses)}) LIMIT ${rareStatusRows}
    ) AS "probe"`;
  return Number(row.n) < rareStatusRows ? "status" : "time";
}

function whereOf(shopDomain: string, filter: OutboxFilter): Prisma.Sql {
  const terms = [Prisma.sql`"shopDomain" = ${shopDomain}`, ...filter.conditions];
  if (filter.statuses.length) terms.push(Prisma.sql`"status" IN (${Prisma.join(filter.statuses)})`);
  if (filter.isTest !== undefined) terms.push(filter.isTest ? Prisma.sql`"isTest" = true` : Prisma.sql`"isTest" = false`);
  if (filter.eventIds) terms.push(filter.eventIds.length ? Prisma.sql`"eventId" IN (${Prisma.join(filter.eventIds)})` : Prisma.sql`1 = 0`);
  return Prisma.join(terms, " AND ");
}

const HINTS: Record<OutboxReadPlan, Prisma.Sql> = { status: BY_STATUS, time: BY_TIME, test: BY_TEST, planner: Prisma.empty };
const hintOf = (plan: OutboxReadPlan) => HINTS[plan];

/**
 * How many of the shop's rows match, counted up to `cap` + 1 (so the caller can say
 * "10,000+"), and the ids of one page of them, newest first (createdAt, then id); either
 * may be skipped (`limit` 0, `cap` null). The count has no ORDER BY: Prisma's capped count
 * sorts by id first, which read and sorted every matching row of the shop.
 */
export async function listOutbox(
  shopDomain: string,
  filter: OutboxFilter,
  { offset = 0, limit, cap, rareStatusRows }: { offset?: number; limit: number; cap: number | null; rareStatusRows?: number },
  db: PrismaClient = defaultDb,
): Promise<{ ids: string[]; counted: number }> {
  const plan = await outboxReadPlan(filter, db, rareStatusRows);
  const where = whereOf(shopDomain, filter);
  const [counted, rows] = await Promise.all([
    cap === null
      ? null
      : db.$queryRaw<{ n: number | bigint }[]>`
          SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM "OutboxEvent" ${hintOf(plan)} WHERE ${where} LIMIT ${cap + 1}) AS "capped"`,
    limit > 0
      ? db.$queryRaw<{ id: string }[]>`
          SELECT "id" FROM "OutboxEvent" ${hintOf(plan)} WHERE ${where} ORDER BY "createdAt" DESC, "id" DESC LIMIT ${limit} OFFSET ${offset}`
      : [],
  ]);
  return { ids: rows.map((row) => row.id), counted: counted ? Number(counted[0].n) : 0 };
}

/** Rows fetched by id come back in any order: this puts them in the order of the ids. */
export function inIdOrder<T extends { id: string }>(ids: readonly string[], rows: readonly T[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
