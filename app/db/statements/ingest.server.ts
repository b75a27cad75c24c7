import { Prisma } from "@prisma/client";
import type Database from "better-sqlite3";

/**
 * INGEST: the statements of the webhook hot path. On SQLite they run through
 * better-sqlite3, prepared once on the ingest's own connection (group commit:
 * app/ingest/sqlite-ingest-store.server.ts); on PostgreSQL through `pg` on the pool Prisma
 * uses (app/ingest/postgres-ingest-store.server.ts; one webhook's writes as one statement
 * and the webhooks of one moment as one statement: ingest-postgres-writes.server.ts). The
 * stores decide what is written and keep the caching, the batching and the transactions;
 * these are the texts they run. Column names follow prisma/schema.prisma.
 *
 * Why raw: docs/decisions/023-one-place-for-statements.md, "Ingest".
 */

export type IngestValue = string | number | boolean | Date | null | undefined;

/** A row that exists (same destination, event name and event id) is skipped, never overwritten. */
export const SKIP_EXISTING_OUTBOX_ROW = `ON CONFLICT ("destinationId", "eventName", "eventId") DO NOTHING`;

/**
 * A webhook id that has its receipt already (the same delivery again) is skipped, not
 * refused: the writer reads how many rows it inserted. A refused statement would end in
 * an error, and on PostgreSQL the pool discards the connection a failed query ran on.
 */
export const SKIP_EXISTING_RECEIPT = `ON CONFLICT ("webhookId") DO NOTHING`;

/**
 * A statement written with the webhook's receipt that runs only when `when` holds: the
 * store passes the SQL of "this receipt is new" where it cannot know that beforehand
 * (PostgreSQL's one statement), and `true` where it already does.
 */
export type GatedSql = ((when: Prisma.Sql) => Prisma.Sql) & {
  /** The row it writes (table and unique key): two statements writing the same row never share a PostgreSQL batch. */
  key?: string;
};

/** A gated statement with its condition given as SQL text without placeholders (what the stores pass). */
export function gatedOn(statement: GatedSql, when: string): Prisma.Sql {
  return statement(Prisma.raw(when));
}

// ---------------------------------------------------------------------------------------
// SQLite (better-sqlite3, `?` placeholders; dates as "...+00:00" text, booleans as 0/1)

export type SqliteShopRow = {
  domain: string;
  settings: string;
  currency: string | null;
  primaryUrl: string | null;
  uninstalledAt: string | null;
  destinationId: string | null;
  testEventCode: string | null;
  enabled: number | boolean | null;
};
export type SqliteReceiptRow = {
  consent: string;
  fbp: string | null;
  fbc: string | null;
  clientIp: string | null;
  userAgent: string | null;
  keyNotes: string | null;
  receivedAt: string;
};

/** The reads of the SQLite ingest, prepared once on its connection. */
export function prepareSqliteIngestReads(db: Database.Database) {
  return {
    /** The shop joined with all its destinations, paused ones included (one row per destination, or one with nulls). */
    shop: db.prepare<[string], SqliteShopRow>(`
    SELECT s."domain", s."settings", s."currency", s."primaryUrl", s."uninstalledAt",
           d."id" AS "destinationId", d."testEventCode", d."enabled"
      FROM "Shop" s
      LEFT JOIN "Destination" d ON d."shopDomain" = s."domain"
     WHERE s."domain" = ?`),
    /** Whether a webhook id has its receipt. */
    recorded: db.prepare<[string], number>(`SELECT 1 FROM "WebhookReceipt" WHERE "webhookId" = ?`).pluck(),
    /** The browser's receipt for one event. */
    receipt: db.prepare<[string, string, string], SqliteReceiptRow>(`
    SELECT "consent", "fbp", "fbc", "clientIp", "userAgent", "keyNotes", "receivedAt"
      FROM "PixelReceipt"
     WHERE "shopDomain" = ? AND "eventName" = ? AND "eventId" = ?`),
    /** Changes exactly when another connection committed (the shop cache's key). */
    dataVersion: db.prepare("PRAGMA data_version").pluck(),
  };
}

/** The INSERT of one row's columns into `table`, with an ON CONFLICT `suffix`, prepared on `db`. */
export function prepareSqliteInsert(db: Database.Database, table: string, columns: readonly string[], suffix = ""): Database.Statement {
  return db.prepare(
    `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")}) ${suffix}`,
  );
}

/** A statement given as text with `?` placeholders (a Prisma.Sql's .sql, e.g. a gated ReceivedOrder upsert), prepared on `db`. */
export function prepareSqliteText(db: Database.Database, sql: string): Database.Statement {
  return db.prepare(sql);
}

// ---------------------------------------------------------------------------------------
// PostgreSQL (`pg`, `$n` placeholders; dates as ISO text into timestamp(3) UTC columns)

/**
 * The shops' rows joined with all their destinations (paused ones included) and, when a read names one, the
 * browser's receipt for that event, for every read of the batch (`i` numbers them from
 * 1): the receipt's columns ride on each of the shop's rows (one receipt at most: unique
 * on shop, event name and id), with whether the webhook id has its receipt already.
 * $1 shops, $2 event names, $3 event ids, $4 webhook ids (text arrays of equal length).
 */
export const POSTGRES_READ_SHOPS_AND_RECEIPTS = `SELECT q."i"::int AS "i", s."domain", s."settings", s."currency", s."primaryUrl", s."uninstalledAt",
       d."id" AS "destinationId", d."testEventCode", d."enabled",
       r."id" AS "receiptId", r."consent", r."fbp", r."fbc", r."clientIp", r."userAgent", r."keyNotes", r."receivedAt" AS "receiptReceivedAt",
       EXISTS (SELECT 1 FROM "WebhookReceipt" w WHERE w."webhookId" = q."webhookId") AS "seen"
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS q("domain", "eventName", "eventId", "webhookId", "i")
  JOIN "Shop" s ON s."domain" = q."domain"
  LEFT JOIN "Destination" d ON d."shopDomain" = s."domain"
  LEFT JOIN "PixelReceipt" r ON r."shopDomain" = s."domain" AND r."eventName" = q."eventName" AND r."eventId" = q."eventId"`;

/** A statement with PostgreSQL's `$n` placeholders (a Prisma.Sql's .text) and its values. */
export type PgStatement = { text: string; values: IngestValue[] };

/** The INSERT of one row into `table` (its defined columns), with an ON CONFLICT `suffix`. */
export function postgresInsert(table: string, values: Record<string, IngestValue>, suffix = ""): PgStatement {
  const entries = Object.entries(values).filter(([, value]) => value !== undefined);
  const columns = entries.map(([column]) => `"${column}"`).join(", ");
  const placeholders = entries.map((_, index) => `$${index + 1}`).join(", ");
  return {
    text: `INSERT INTO "${table}" (${columns}) VALUES (${placeholders})${suffix ? ` ${suffix}` : ""}`,
    values: entries.map(([, value]) => value),
  };
}
