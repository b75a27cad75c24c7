import type { PrismaClient } from "@prisma/client";
import { sqlDialect } from "../dialect.server";

/**
 * PLANNER STATISTICS. Why raw (docs/decisions/023-one-place-for-statements.md, "Planner
 * statistics"): a PRAGMA has no typed Prisma form.
 *
 * Keeps SQLite's planner statistics (sqlite_stat1) current, as SQLite advises for
 * long-lived connections: `PRAGMA optimize` re-analyzes only the tables whose size changed
 * a lot since their last analysis, on a sample (a few milliseconds on a million rows).
 * Without statistics SQLite guesses that `"shopDomain" = ?` matches about ten rows, and
 * read a whole shop's index for `"shopDomain" = ? AND "id" IN (50 ids)` instead of 50
 * primary-key look-ups (1.6 s at a million events; docs/decisions/019-admin-list-plans.md).
 * The SQLite connection also runs it when it opens (app/db/sqlite-adapter.server.ts).
 * PostgreSQL's autovacuum analyzes on its own: nothing to do there.
 */
export async function refreshPlannerStatistics(db: PrismaClient): Promise<void> {
  if (sqlDialect(db) === "sqlite") await db.$executeRawUnsafe("PRAGMA optimize");
}
