import prisma from "~/db.server";
import { sqlDialect } from "~/db/dialect.server";

/**
 * The planner's plan for `sql` on this test file's provider, as text. On PostgreSQL
 * sequential scans are priced out (an empty test table would otherwise always be
 * scanned), so the plan says whether a usable index exists.
 */
export async function queryPlan(sql: string, params: unknown[]): Promise<string> {
  if (sqlDialect(prisma) === "sqlite") {
    const rows = await prisma.$queryRawUnsafe<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${sql}`, ...params);
    return rows.map((row) => row.detail).join("\n");
  }
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
    const rows = await tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${sql}`, ...params);
    return rows.map((row) => row["QUERY PLAN"]).join("\n");
  });
}
