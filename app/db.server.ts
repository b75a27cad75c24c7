import { PrismaClient } from "@prisma/client";
import { getConfig } from "./config.server";
import { createSqliteAdapter } from "./db/sqlite-adapter.server";

export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: createSqliteAdapter(databaseUrl) });
}

declare global {
  // Reused across the dev server's rebuilds so connections are not leaked.
  var tandemPrisma: PrismaClient | undefined;
}

function getPrisma(): PrismaClient {
  globalThis.tandemPrisma ??= createPrismaClient(getConfig().DATABASE_URL);
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
