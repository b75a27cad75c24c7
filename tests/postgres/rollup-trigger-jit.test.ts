import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { sqlDialect } from "../../app/db/dialect.server";

// The rollup triggers (docs/decisions/016, 018) run one statement per claim, settlement or
// ingest batch over transition tables of thousands of rows. PostgreSQL priced those past
// jit_above_cost and spent about 280 ms compiling each one; they run with JIT off
// (docs/decisions/049). A later CREATE OR REPLACE that forgets `SET jit = off` fails here.
const postgres = sqlDialect(prisma) === "postgresql";

describe("rollup trigger functions on PostgreSQL", () => {
  it.runIf(postgres)("GIVEN every trigger on OutboxEvent and ReceivedOrder THEN its function runs with jit = off", async () => {
    const rows = await prisma.$queryRawUnsafe<{ trigger: string; config: string | null }[]>(`
      SELECT t.tgname::text AS "trigger", array_to_string(p.proconfig, ',') AS "config"
        FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_class c ON c.oid = t.tgrelid
       WHERE NOT t.tgisinternal AND c.relname IN ('OutboxEvent', 'ReceivedOrder')
       ORDER BY t.tgname`);
    expect(rows.map((row) => row.trigger)).toEqual(expect.arrayContaining(["OutboxEvent_rollup_update", "ReceivedOrder_rollup_insert"]));
    const withoutJitOff = rows.filter((row) => !(row.config ?? "").split(",").includes("jit=off")).map((row) => row.trigger);
    expect(withoutJitOff).toEqual([]);
  });

  it.runIf(!postgres)("GIVEN SQLite THEN there is no JIT to switch off (the migration is a comment)", () => {
    expect(sqlDialect(prisma)).toBe("sqlite");
  });
});
