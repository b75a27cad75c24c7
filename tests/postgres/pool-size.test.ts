import { describe, expect, it } from "vitest";

// DATABASE_POOL_SIZE bounds the connections one process opens to PostgreSQL (the
// deployment guide's pool sizing rests on it): with 2, six concurrent queries share two
// server back ends. Without the setting reaching the pool, pg's default of 10 would give
// each query its own. Runs in the postgresql project only (vitest.config.ts, POSTGRES_ONLY).
process.env.DATABASE_POOL_SIZE = "2";
const { default: prisma } = await import("../../app/db.server");

describe("PostgreSQL connection pool size", () => {
  it("GIVEN DATABASE_POOL_SIZE=2 and six concurrent queries THEN at most two server back ends serve them", async () => {
    const pids = await Promise.all(
      Array.from(
        { length: 6 },
        async () => (await prisma.$queryRawUnsafe<{ pid: number }[]>("SELECT pg_backend_pid() AS pid FROM pg_sleep(0.3)"))[0].pid,
      ),
    );
    expect(new Set(pids).size).toBeLessThanOrEqual(2);
    expect(pids).toHaveLength(6);
  });
});
