import { createRequire } from "node:module";
import { PrismaClient } from "@prisma/client";
import { getConfig } from "./config.server";
import type pg from "pg";
import { createPostgresAdapter, createProcessPool } from "./db/postgres-adapter.server";
import { databaseProvider } from "./db/provider";
import { createSqliteAdapter } from "./db/sqlite-adapter.server";

type ClientOptions = ConstructorParameters<typeof PrismaClient>[0];

/**
 * A Prisma client for DATABASE_URL: SQLite (`file:`) or PostgreSQL (`postgres(ql)://`).
 * A generated client is bound to one provider, so PostgreSQL uses the client generated
 * from prisma/postgresql/schema.prisma (scripts/db/generate.mjs). Its models are the
 * same by construction (the schema is generated, and a test fails on drift), so it is
 * typed as the SQLite client the app is written against. It is loaded with require
 * only when used: Node's ESM loader refuses a package name starting with a dot.
 */
export function createPrismaClient(databaseUrl: string, options: { poolSize?: number; pool?: pg.Pool } = {}): PrismaClient {
  const provider = databaseProvider(databaseUrl);
  if (provider === "postgresql") {
    const { PrismaClient: PostgresClient } = createRequire(import.meta.url)(".prisma/client-postgresql") as {
      PrismaClient: new (options: ClientOptions) => PrismaClient;
    };
    return new PostgresClient({ adapter: createPostgresAdapter(databaseUrl, { poolSize: options.poolSize, pool: options.pool }) });
  }
  if (provider === "sqlite") return new PrismaClient({ adapter: createSqliteAdapter(databaseUrl) });
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
}

declare global {
  // Reused across the dev server's rebuilds so connections are not leaked.
  var tandemPrisma: PrismaClient | undefined;
  // PostgreSQL: the pool under tandemPrisma, shared with the ingest's direct statements.
  var tandemPgPool: pg.Pool | undefined;
}

function getPrisma(): PrismaClient {
  if (globalThis.tandemPrisma) return globalThis.tandemPrisma;
  const config = getConfig();
  if (databaseProvider(config.DATABASE_URL) === "postgresql")
    globalThis.tandemPgPool ??= createProcessPool(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  globalThis.tandemPrisma = createPrismaClient(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE, pool: globalThis.tandemPgPool });
  return globalThis.tandemPrisma;
}

/** PostgreSQL: the process's pool, the one its Prisma client uses (null on SQLite). */
export function processPgPool(): pg.Pool | null {
  getPrisma();
  return globalThis.tandemPgPool ?? null;
}

/** Ends the process's PostgreSQL pool (a graceful stop, after prisma.$disconnect()). */
export async function endProcessPool(): Promise<void> {
  const pool = globalThis.tandemPgPool;
  // A later use builds a new client and pool rather than reach an ended one.
  globalThis.tandemPgPool = undefined;
  globalThis.tandemPrisma = undefined;
  if (pool && !pool.ended) await pool.end();
}

/** The process's Prisma client, connected on first use. */
const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get: (_target, property) => {
    const client = getPrisma();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export default prisma;
