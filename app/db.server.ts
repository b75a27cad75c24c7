import { createRequire } from "node:module";
import { PrismaClient } from "@prisma/client";
import { getConfig } from "./config.server";
import { createPostgresAdapter } from "./db/postgres-adapter.server";
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
export function createPrismaClient(databaseUrl: string, options: { poolSize?: number } = {}): PrismaClient {
  const provider = databaseProvider(databaseUrl);
  if (provider === "postgresql") {
    const { PrismaClient: PostgresClient } = createRequire(import.meta.url)(".prisma/client-postgresql") as {
      PrismaClient: new (options: ClientOptions) => PrismaClient;
    };
    return new PostgresClient({ adapter: createPostgresAdapter(databaseUrl, { poolSize: options.poolSize }) });
  }
  if (provider === "sqlite") return new PrismaClient({ adapter: createSqliteAdapter(databaseUrl) });
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
}

declare global {
  // Reused across the dev server's rebuilds so connections are not leaked.
  var tandemPrisma: PrismaClient | undefined;
}

function getPrisma(): PrismaClient {
  const config = getConfig();
  globalThis.tandemPrisma ??= createPrismaClient(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE });
  return globalThis.tandemPrisma;
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
