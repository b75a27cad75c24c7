import { Prisma } from "@prisma/client";
import { getConfig } from "../config.server";
import prisma from "../db.server";
import { sqlDialect } from "../db/dialect.server";
import { databaseProvider } from "../db/provider";
import { logger } from "../logger.server";
import { ensureShop } from "../models/shops.server";
import type { StoredReceipt } from "../pixel/stored-receipt.server";
import { isSqliteUniqueViolation, openSqliteIngestStore, type SqliteIngestStore } from "./sqlite-ingest-store.server";
import { newRowId } from "../db/row-id";

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

/** Closes the ingest's own connection (graceful stop: SQLite folds its write-ahead log back). */
export function closeIngestStore(): void {
  const store = globalThis.tandemIngestStore?.store;
  if (store) {
    const { transactions, units, busyRetries, busyWaitMs } = store.groupStats();
    if (transactions > 0) logger.info({ transactions, writes: units, meanGroup: Number((units / transactions).toFixed(2)), busyRetries, busyWaitMs }, "ingest group commit");
  }
  store?.close();
  globalThis.tandemIngestStore = undefined;
}

// The webhook hot path's reads and writes as raw SQL. Prisma's typed queries cost
// 0.5 to 0.9 ms each here (its query compiler runs per call); raw ones about 0.17 ms
// (measured with tmp scripts, see docs/benchmarks.md). Column names follow
// prisma/schema.prisma; the ingest tests exercise every statement.
// Dates are bound as Date objects so they are stored in Prisma's own text format.

export type IngestShop = {
  domain: string;
  settings: string;
  currency: string | null;
  primaryUrl: string | null;
  uninstalledAt: unknown;
  destinations: { id: string; testEventCode: string | null }[];
};

type ShopRow = Omit<IngestShop, "destinations"> & { destinationId: string | null; testEventCode: string | null };

/**
 * The shop (created on first contact) with its enabled destinations and, when `expected`
 * names an event, the browser's receipt for it (the pixel may have reported the event
 * before the webhook came). On SQLite one read transaction; on PostgreSQL both queries at once.
 */
export async function loadShopAndReceipt(domain: string, expected: { eventName: string; eventId: string } | null): Promise<{ shop: IngestShop; receipt: StoredReceipt | null }> {
  const direct = sqliteStore();
  const read = direct ? direct.readShopAndReceipt(domain, expected) : await readBothWithPrisma(domain, expected);
  let rows = read.rows;
  if (rows.length === 0) {
    await ensureShop(domain);
    rows = direct ? direct.readShopAndReceipt(domain, null).rows : await shopRowsWithPrisma(domain);
  }
  const [first] = rows;
  return {
    shop: {
      domain: first.domain,
      settings: first.settings,
      currency: first.currency,
      primaryUrl: first.primaryUrl,
      uninstalledAt: first.uninstalledAt,
      destinations: rows.filter((row) => row.destinationId).map((row) => ({ id: row.destinationId!, testEventCode: row.testEventCode })),
    },
    receipt: read.receipt,
  };
}

function shopRowsWithPrisma(domain: string): Promise<ShopRow[]> {
  return prisma.$queryRaw<ShopRow[]>`
    SELECT s."domain", s."settings", s."currency", s."primaryUrl", s."uninstalledAt",
           d."id" AS "destinationId", d."testEventCode"
      FROM "Shop" s
      LEFT JOIN "Destination" d ON d."shopDomain" = s."domain" AND d."enabled" = true
     WHERE s."domain" = ${domain}`;
}

async function readBothWithPrisma(domain: string, expected: { eventName: string; eventId: string } | null): Promise<{ rows: ShopRow[]; receipt: StoredReceipt | null }> {
  const [rows, receipts] = await Promise.all([
    shopRowsWithPrisma(domain),
    expected
      ? prisma.$queryRaw<(Omit<StoredReceipt, "receivedAt"> & { receivedAt: string | Date })[]>`
          SELECT "consent", "fbp", "fbc", "clientIp", "userAgent", "receivedAt"
            FROM "PixelReceipt"
           WHERE "shopDomain" = ${domain} AND "eventName" = ${expected.eventName} AND "eventId" = ${expected.eventId}`
      : [],
  ]);
  const row = receipts[0];
  return { rows, receipt: row ? { ...row, receivedAt: new Date(row.receivedAt) } : null };
}

type Value = string | number | boolean | Date | null | undefined;

/**
 * Inserts the outbox rows (skipping any that exist: unique destination + event name +
 * event id) and then the webhook receipt, built from how many rows were new, in one
 * transaction. A receipt that already exists (the same webhook at the same time) fails
 * the whole transaction: the caller reports a duplicate.
 */
export async function insertOutboxAndReceipt<T>(
  rows: Record<string, Value>[],
  receiptFor: (created: number) => { receipt: Record<string, Value>; result: T; also?: Prisma.Sql | null },
  now: Date,
): Promise<T> {
  const direct = sqliteStore();
  if (direct) {
    return direct.insertOutboxAndReceipt(rows, (created) => {
      const { also, ...rest } = receiptFor(created);
      return { ...rest, also: also && { sql: also.sql, values: also.values as Value[] } };
    }, now);
  }
  const stamped = rows.map((row) => ({ id: newRowId(), attempts: 0, createdAt: now, updatedAt: now, ...row }));
  const dialect = sqlDialect(prisma);
  return prisma.$transaction(async (tx) => {
    let created = 0;
    for (const row of stamped) {
      created += await tx.$executeRaw`${insertSql("OutboxEvent", row, dialect)} ON CONFLICT ("destinationId", "eventName", "eventId") DO NOTHING`;
    }
    const { receipt, result, also } = receiptFor(created);
    await tx.$executeRaw`${insertSql("WebhookReceipt", { receivedAt: now, ...receipt }, dialect)}`;
    if (also) await tx.$executeRaw(also);
    return result;
  });
}

function insertSql(table: string, values: Record<string, Value>, dialect: "sqlite" | "postgresql"): Prisma.Sql {
  const entries = Object.entries(values).filter(([, value]) => value !== undefined);
  const columns = Prisma.raw(entries.map(([column]) => `"${column}"`).join(", "));
  // SQLite has no boolean type: Prisma stores Boolean columns as 0/1. PostgreSQL has one.
  const params = entries.map(([, value]) => (typeof value === "boolean" && dialect === "sqlite" ? (value ? 1 : 0) : value));
  return Prisma.sql`INSERT INTO ${Prisma.raw(`"${table}"`)} (${columns}) VALUES (${Prisma.join(params)})`;
}

/**
 * The webhook receipt of an outcome that queues nothing (skipped, rejected, not
 * configured), and `also` (the ReceivedOrder upsert) in the same transaction.
 */
export async function insertWebhookReceipt(receipt: Record<string, Value>, now: Date, also: Prisma.Sql | null = null): Promise<void> {
  const direct = sqliteStore();
  if (direct) return direct.insertReceipt(receipt, now, also && { sql: also.sql, values: also.values as Value[] });
  const insert = prisma.$executeRaw`${insertSql("WebhookReceipt", { receivedAt: now, ...receipt }, sqlDialect(prisma))}`;
  if (also) await prisma.$transaction([insert, prisma.$executeRaw(also)]);
  else await insert;
}

/** One raw statement on the ingest's connection (better-sqlite3 on SQLite, Prisma otherwise). */
export async function executeOnIngestConnection(query: Prisma.Sql): Promise<number> {
  const direct = sqliteStore();
  return direct ? direct.execute(query.sql, query.values as Value[]) : prisma.$executeRaw(query);
}

/** A unique-constraint violation: from Prisma (P2002, or SQLite's or PostgreSQL's message in a raw query) or from better-sqlite3. */
export function isUniqueViolation(error: unknown): boolean {
  if (isSqliteUniqueViolation(error)) return true;
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  return error.code === "P2002" || /UNIQUE constraint failed|duplicate key value violates unique constraint/i.test(error.message);
}
