import type { PrismaClient } from "@prisma/client";
import defaultDb from "../db.server";
import { sqlDialect } from "../db/dialect.server";
import { countStatusesUpTo, outboxPage, type OutboxConditions, type OutboxIndex } from "../db/statements/outbox-lists.server";

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
// (docs/decisions/019-admin-list-plans.md). The statements and the index names:
// app/db/statements/outbox-lists.server.ts.

/**
 * Statuses with fewer rows than this over the whole table are read through the status
 * index and sorted: at most this many rows, a few milliseconds. Above it the newest-first
 * walk finds a page quickly because the status is common (about 1 row in 50 or more in a
 * one-shop table of a million rows, the worst case being a status common in other shops
 * and rare in this one).
 */
export const RARE_STATUS_ROWS = 20_000;

/** The event log's filters (statuses, event names, creation days, browser copy seen, event ids, test or live). */
export type OutboxFilter = OutboxConditions;

export type OutboxReadPlan = OutboxIndex;

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
  return (await countStatusesUpTo(db, filter.statuses, rareStatusRows)) < rareStatusRows ? "status" : "time";
}

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
  return outboxPage(db, { shopDomain, filter, index: plan, offset, limit, cap });
}

/** Rows fetched by id come back in any order: this puts them in the order of the ids. */
export function inIdOrder<T extends { id: string }>(ids: readonly string[], rows: readonly T[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
