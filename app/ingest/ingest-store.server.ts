import { Prisma } from "@prisma/client";
import { getConfig } from "../config.server";
import { processPgPool } from "../db.server";
import { gatedOn, type GatedSql } from "../db/statements/ingest.server";
import { databaseProvider } from "../db/provider";
import { logger } from "../logger.server";
import { ensureShop } from "../models/shops.server";
import type { StoredReceipt } from "../outbox/stored-receipt.server";
import { openSqliteIngestStore, type SqliteIngestStore } from "./sqlite-ingest-store.server";
import { createPostgresIngestStore, type PostgresIngestStore } from "./postgres-ingest-store.server";
import type { Recorded } from "./outbox-insert";

declare global {
  // One connection per process and database file (the dev server re-imports modules).
  var tandemIngestStore: { url: string; store: SqliteIngestStore } | undefined;
}

/** The direct better-sqlite3 path when the database is SQLite (sqlite-ingest-store.server.ts); null otherwise. */
function sqliteStore(): SqliteIngestStore | null {
  const url = getConfig().DATABASE_URL;
  if (databaseProvider(url) !== "sqlite") return null;
  if (globalThis.tandemIngestStore?.url !== url) {
    globalThis.tandemIngestStore?.store.close();
    globalThis.tandemIngestStore = { url, store: openSqliteIngestStore(url) };
  }
  return globalThis.tandemIngestStore.store;
}

const postgresStores = new WeakMap<object, PostgresIngestStore>();

/** The direct `pg` path when the database is PostgreSQL (postgres-ingest-store.server.ts), on the process's pool; null otherwise. */
function postgresStore(): PostgresIngestStore | null {
  const pool = processPgPool();
  if (!pool) return null;
  let store = postgresStores.get(pool);
  if (!store) {
    store = createPostgresIngestStore(pool);
    postgresStores.set(pool, store);
  }
  return store;
}

/**
 * The group commit since the process started: statements that carried writes (SQLite's
 * transactions, PostgreSQL's batch statements), the writes they held, and (PostgreSQL)
 * batches that failed and were run write by write.
 */
export function ingestGroupStats(): { groups: number; writes: number; failedGroups: number } {
  const sqlite = globalThis.tandemIngestStore?.store;
  if (sqlite) {
    const { transactions, units } = sqlite.groupStats();
    return { groups: transactions, writes: units, failedGroups: 0 };
  }
  const pool = processPgPool();
  const postgres = pool && postgresStores.get(pool);
  if (!postgres) return { groups: 0, writes: 0, failedGroups: 0 };
  const { batches, units, failedBatches } = postgres.batchStats().writes;
  return { groups: batches, writes: units, failedGroups: failedBatches };
}

/** Closes the ingest's own connection (graceful stop: SQLite folds its write-ahead log back). */
export function closeIngestStore(): void {
  logPostgresGroups();
  const store = globalThis.tandemIngestStore?.store;
  if (store) {
    const { transactions, units, busyRetries, busyWaitMs, checkpoints } = store.groupStats();
    const restarts = checkpoints && {
      restarts: checkpoints.restarts,
      restartMs: Math.round(checkpoints.restartMs),
      longestRestartMs: Math.round(checkpoints.longestRestartMs),
    };
    if (transactions > 0)
      logger.info(
        { transactions, writes: units, meanGroup: Number((units / transactions).toFixed(2)), busyRetries, busyWaitMs, ...restarts },
        "ingest group commit",
      );
  }
  store?.close();
  globalThis.tandemIngestStore = undefined;
}

/** PostgreSQL's group commit at a graceful stop, in the SQLite line's words (the bench reads it). */
function logPostgresGroups(): void {
  const pool = processPgPool();
  const postgres = pool && postgresStores.get(pool);
  if (!postgres) return;
  const { writes, reads } = postgres.batchStats();
  if (writes.batches > 0)
    logger.info(
      {
        transactions: writes.batches,
        writes: writes.units,
        meanGroup: Number((writes.units / writes.batches).toFixed(2)),
        failedGroups: writes.failedBatches,
        reads: reads.units,
        readQueries: reads.batches,
      },
      "ingest group commit",
    );
}

// The webhook hot path's reads and writes as raw SQL on a connection of its own kind:
// better-sqlite3 on SQLite (sqlite-ingest-store.server.ts, group commit), `pg` on
// PostgreSQL (postgres-ingest-store.server.ts, the pool Prisma uses). Prisma's typed
// queries cost 0.5 to 0.9 ms each here and its interactive transaction several ms per
// webhook (docs/benchmarks.md). Column names follow prisma/schema.prisma; the ingest
// tests exercise every statement on both databases.

export type IngestShop = {
  domain: string;
  settings: string;
  currency: string | null;
  primaryUrl: string | null;
  uninstalledAt: unknown;
  /** Every pixel of the shop; a paused one (`enabled` false) gets its rows recorded as not sent. */
  destinations: { id: string; testEventCode: string | null; enabled: boolean }[];
};

type ShopRow = Omit<IngestShop, "destinations"> & {
  destinationId: string | null;
  testEventCode: string | null;
  enabled: number | boolean | null;
};
type Value = string | number | boolean | Date | null | undefined;
type Receipt = Record<string, Value>;
type ShopRead = { rows: ShopRow[]; receipt: StoredReceipt | null; seen: boolean };

export type { GatedSql };

/** What the ingest needs of its store, whichever the database (the `also` statement is a GatedSql). */
type IngestStore = {
  readShopAndReceipt(
    domain: string,
    expected: { eventName: string; eventId: string } | null,
    webhookId: string | null,
  ): Promise<ShopRead> | ShopRead;
  insertOutboxAndReceipt<T>(
    rows: Receipt[],
    receiptFor: (created: number) => { receipt: Receipt; result: T },
    now: Date,
    also: GatedSql | null,
  ): Promise<Recorded<T>>;
  insertReceipt(receipt: Receipt, now: Date, also: GatedSql | null): Promise<boolean>;
};

function ingestStore(): IngestStore {
  const sqlite = sqliteStore();
  if (sqlite) return withStatements(sqlite, (also) => ({ sql: also.sql, values: also.values as Value[] }));
  const postgres = postgresStore();
  if (postgres) return withStatements(postgres, (also) => ({ text: also.text, values: also.values as Value[] }));
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
}

/** A store whose statements are `S` (placeholders of its own driver); `also` takes its condition as SQL text without placeholders. */
type StoreOf<S> = Pick<IngestStore, "readShopAndReceipt"> & {
  insertOutboxAndReceipt<T>(
    rows: Receipt[],
    receiptFor: (created: number) => { receipt: Receipt; result: T },
    now: Date,
    also: (((when: string) => S) & { key?: string }) | null,
  ): Promise<Recorded<T>>;
  insertReceipt(receipt: Receipt, now: Date, also: (((when: string) => S) & { key?: string }) | null): Promise<boolean>;
};

function withStatements<S>(store: StoreOf<S>, statement: (also: Prisma.Sql) => S): IngestStore {
  const convert = (also: GatedSql | null | undefined) =>
    also ? Object.assign((when: string) => statement(gatedOn(also, when)), { key: also.key }) : null;
  return {
    readShopAndReceipt: (domain, expected, webhookId) => store.readShopAndReceipt(domain, expected, webhookId),
    insertOutboxAndReceipt: (rows, receiptFor, now, also) => store.insertOutboxAndReceipt(rows, receiptFor, now, convert(also)),
    insertReceipt: (receipt, now, also) => store.insertReceipt(receipt, now, convert(also)),
  };
}

/**
 * The shop (created on first contact) with all its destinations, when `expected`
 * names an event the browser's receipt for it (the pixel may have reported the event
 * before the webhook came), and whether `webhookId` was recorded already (a repeated
 * delivery: the caller stops there). On SQLite one read transaction; on PostgreSQL one query.
 */
export async function loadShopAndReceipt(
  domain: string,
  expected: { eventName: string; eventId: string } | null,
  webhookId: string | null = null,
): Promise<{ shop: IngestShop; receipt: StoredReceipt | null; seen: boolean }> {
  const store = ingestStore();
  const read = await store.readShopAndReceipt(domain, expected, webhookId);
  let { rows, receipt, seen } = read;
  if (rows.length === 0) {
    // First contact: the shop is created, then all is read again (on PostgreSQL the
    // receipts are read with the shop, so an unknown shop's first read returned none).
    await ensureShop(domain);
    ({ rows, receipt, seen } = await store.readShopAndReceipt(domain, expected, webhookId));
  }
  const [first] = rows;
  return {
    shop: {
      domain: first.domain,
      settings: first.settings,
      currency: first.currency,
      primaryUrl: first.primaryUrl,
      uninstalledAt: first.uninstalledAt,
      destinations: rows
        .filter((row) => row.destinationId)
        .map((row) => ({ id: row.destinationId!, testEventCode: row.testEventCode, enabled: Boolean(row.enabled) })),
    },
    receipt,
    seen,
  };
}

/**
 * Inserts the outbox rows (skipping any that exist: unique destination + event name +
 * event id), the webhook receipt, built from how many rows were new, and `also`,
 * atomically. When the receipt's webhook id is recorded already (the same webhook
 * delivered twice, possibly at the same moment) nothing is written and the answer says
 * so: `{ recorded: false }`, without a failed statement (docs/decisions/045).
 */
export function insertOutboxAndReceipt<T>(
  rows: Receipt[],
  receiptFor: (created: number) => { receipt: Receipt; result: T },
  now: Date,
  also: GatedSql | null = null,
): Promise<Recorded<T>> {
  return ingestStore().insertOutboxAndReceipt(rows, receiptFor, now, also);
}

/**
 * The webhook receipt of an outcome that queues nothing (skipped, rejected, not
 * configured), and `also` (the ReceivedOrder upsert) in the same transaction. False,
 * with nothing written, when the webhook id is recorded already.
 */
export function insertWebhookReceipt(receipt: Receipt, now: Date, also: GatedSql | null = null): Promise<boolean> {
  return ingestStore().insertReceipt(receipt, now, also);
}

/**
 * A unique-constraint violation reported through Prisma (P2002, or SQLite's or PostgreSQL's
 * message in a raw query). The stores above never throw one for a repeated webhook; the
 * lifecycle topics' Prisma transaction still detects its repeats this way.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  return error.code === "P2002" || /UNIQUE constraint failed|duplicate key value violates unique constraint/i.test(error.message);
}
