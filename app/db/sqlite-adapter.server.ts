import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

/**
 * Prisma's better-sqlite3 adapter, with three fixes this project depends on
 * (docs/decisions/002-prisma-javascript-engine.md):
 * - every connection runs in WAL mode with synchronous=NORMAL and a busy timeout, so the
 *   web process and a separate worker process can write the same file;
 * - transactions open with BEGIN IMMEDIATE instead of a deferred BEGIN, which otherwise
 *   fails with SQLITE_BUSY when two processes upgrade read locks at once;
 * - every connection refreshes the planner's statistics when it opens (`PRAGMA
 *   optimize=0x10002`: tables never analyzed or much changed since, on a sample), so a
 *   database that never ran ANALYZE does not keep SQLite's ten-rows-per-shop guess
 *   (app/db/statements/planner-statistics.server.ts);
 * - argument-less SQL holding several statements (migration files replayed on the
 *   shadow database by `migrate diff`) goes to exec() instead of failing with P3006.
 */
export function createSqliteAdapter(url: string, options: { busyTimeoutMs?: number } = {}) {
  const factory = new PrismaBetterSQLite3({ url, timeout: options.busyTimeoutMs ?? 10_000 });
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => patchConnection(await connect());
  factory.connectToShadowDb = async () => patchConnection(await connectToShadowDb());
  return factory;
}

type SqliteClient = {
  pragma(sql: string): unknown;
  prepare(sql: string): unknown;
  exec(sql: string): unknown;
};

type Queryable = {
  client: SqliteClient;
  executeRaw(query: { sql: string; args: unknown[] }): Promise<number>;
  queryRaw(query: { sql: string; args: unknown[] }): Promise<unknown>;
};

function patchConnection<T>(adapter: T): T {
  const queryable = adapter as unknown as Queryable;
  const client = queryable.client;
  client.pragma("journal_mode = WAL");
  client.pragma("synchronous = NORMAL");
  client.pragma("foreign_keys = ON");
  client.pragma("optimize = 0x10002");

  const prepare = client.prepare.bind(client);
  client.prepare = (sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);

  for (const method of ["executeRaw", "queryRaw"] as const) {
    const original = queryable[method].bind(queryable) as (q: { sql: string; args: unknown[] }) => Promise<unknown>;
    (queryable as Record<string, unknown>)[method] = async (query: { sql: string; args: unknown[] }) => {
      try {
        return await original(query);
      } catch (error) {
        if (query.args.length > 0 || !isSeveralStatementsError(error)) throw error;
        client.exec(query.sql);
        return method === "executeRaw" ? 0 : { columnNames: [], columnTypes: [], rows: [] };
      }
    };
  }
  return adapter;
}

function isSeveralStatementsError(error: unknown): boolean {
  return String((error as Error)?.message ?? error).includes("more than one statement");
}
