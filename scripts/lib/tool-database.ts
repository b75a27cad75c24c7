/**
 * What the tools that drive the app from outside a test run (the benchmarks, the fault and
 * multi-worker runs) share to reach a database: the project's migrations applied to a URL,
 * a fresh PostgreSQL database (on a throwaway local cluster, or on the server
 * TANDEM_POSTGRES_URL names), and the app's configuration for a process that imports the
 * app's modules directly.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";

/** `prisma migrate deploy` against `url`: the migrations the app ships, nothing generated. */
export function deployMigrations(url: string): void {
  execFileSync(path.resolve("node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
}

/**
 * The configuration app modules read when a tool imports them: no Shopify, no Meta, no
 * worker of its own. A fixed encryption key, so a database seeded by one run is read by the
 * next (`--keep`); `values` adds the database and anything a tool needs otherwise.
 */
export function useToolEnvironment(values: Record<string, string> = {}): void {
  Object.assign(process.env, {
    SHOPIFY_API_KEY: "bench",
    SHOPIFY_API_SECRET: "bench",
    SHOPIFY_APP_URL: "https://bench.test",
    SCOPES: "read_orders",
    TOKEN_ENCRYPTION_KEY: "0".repeat(64),
    WORKER: "off",
    ...values,
  });
}

export type ToolDatabase = { url: string; drop(): Promise<void> };

/**
 * A new, empty PostgreSQL database named `name`; `drop()` removes it and stops the cluster
 * this started. Loaded on demand, so SQLite runs never start PostgreSQL's tooling.
 */
export async function freshPostgresDatabase(name: string): Promise<ToolDatabase> {
  const { startPostgresCluster, databaseUrl } = await import("../db/postgres-cluster.mjs");
  const { default: pg } = await import("pg");
  const cluster = process.env.TANDEM_POSTGRES_URL ? null : await startPostgresCluster();
  const server = process.env.TANDEM_POSTGRES_URL ?? cluster!.url;
  const database = name.replace(/\W/g, "_");
  const admin = new pg.Client({ connectionString: server });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
  } catch (error) {
    await admin.end().catch(() => {});
    await cluster?.stop();
    throw error;
  }
  return {
    url: databaseUrl(server, database),
    async drop() {
      const again = new pg.Client({ connectionString: server });
      try {
        await again.connect();
        await again.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      } finally {
        await again.end();
        await cluster?.stop();
      }
    },
  };
}
