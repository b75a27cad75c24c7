import Database from "better-sqlite3";
import type { StoredReceipt } from "../outbox/stored-receipt.server";
import { startWalCheckpointer } from "../db/wal-checkpointer.server";
import { logger } from "../logger.server";
import { createGroupCommit } from "./group-commit.server";
import {
  prepareSqliteIngestReads,
  prepareSqliteInsert,
  prepareSqliteText,
  SKIP_EXISTING_OUTBOX_ROW,
  SKIP_EXISTING_RECEIPT,
  type SqliteShopRow,
} from "../db/statements/ingest.server";
import { NOT_RECORDED, stampOutboxRows, type Recorded } from "./outbox-insert";

// The webhook hot path on SQLite, through better-sqlite3 directly instead of Prisma (its
// statements: app/db/statements/ingest.server.ts).
// The CPU profile in docs/benchmarks.md put 45% of a webhook's time in Prisma's query
// pipeline (per-call statement preparation, the interactive transaction's round trips
// through promises); the same statements here are prepared once and run synchronously.
// What is written does not change: the same tables, columns and value formats as
// Prisma's adapter (dates as "2026-12-02T04:14:31.977+00:00", booleans as 0/1), the
// same ON CONFLICT rules, and the outbox rows plus the receipt in ONE transaction (shared
// with the other webhooks that arrived at the same time: group-commit.server.ts).
//
// A second connection to the same file, next to Prisma's. Its busy timeout is zero on
// purpose: better-sqlite3 waits for a lock by blocking the thread, and the lock may be
// held by a Prisma interactive transaction of this same process that can only finish
// when the event loop runs. On SQLITE_BUSY the write is retried after a timer instead.

type Value = string | number | boolean | Date | null | undefined;
type ShopRow = SqliteShopRow;
/** A raw statement with `?` placeholders and its values (a Prisma.Sql's .sql and .values). */
export type Statement = { sql: string; values: Value[] };

export type SqliteIngestStore = ReturnType<typeof openSqliteIngestStore>;

export function openSqliteIngestStore(databaseUrl: string) {
  const db = new Database(databaseUrl.replace(/^file:/, ""), { timeout: 0 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  // Each webhook's writes run in a SAVEPOINT of the group's transaction; the pages a
  // savepoint changes are first copied to a statement journal, a temporary FILE by
  // default: 50-60 write() calls per webhook. In memory they are copies.
  db.pragma("temp_store = MEMORY");
  // Checkpoints run on a thread of their own, not in this connection's commits (on the
  // event loop that answers Shopify): app/db/wal-checkpointer.server.ts.
  const file = databaseUrl.replace(/^file:/, "");
  const checkpointer =
    file === ":memory:"
      ? null
      : startWalCheckpointer(file, {
          onError: (code) => logger.warn({ code }, "WAL checkpoint failed; retrying"),
          onLost: () => {
            logger.error("The WAL checkpoint thread ended; the ingest connection checkpoints again itself");
            if (db.open) db.pragma("wal_autocheckpoint = 1000");
          },
        });
  if (checkpointer) db.pragma("wal_autocheckpoint = 0");

  const { shop: shopStatement, recorded: recordedStatement, receipt: receiptStatement, dataVersion } = prepareSqliteIngestReads(db);
  const shops = new Map<string, ShopRow[]>();
  let shopsVersion: number | null = null;

  // One prepared INSERT per table and column list (rows of one kind always have the same columns).
  const inserts = new Map<string, Database.Statement>();
  function insert(table: string, values: Record<string, Value>, suffix = ""): number {
    const entries = Object.entries(values).filter(([, value]) => value !== undefined);
    const key = `${table}|${entries.map(([column]) => column).join(",")}|${suffix}`;
    let statement = inserts.get(key);
    if (!statement) {
      statement = prepareSqliteInsert(
        db,
        table,
        entries.map(([column]) => column),
        suffix,
      );
      inserts.set(key, statement);
    }
    return statement.run(...entries.map(([, value]) => toSqlite(value))).changes;
  }

  /** A statement with `?` placeholders (Prisma.Sql's .sql), prepared once per text. */
  function run({ sql, values }: Statement): number {
    let statement = inserts.get(sql);
    if (!statement) {
      statement = prepareSqliteText(db, sql);
      inserts.set(sql, statement);
    }
    return statement.run(...values.map(toSqlite)).changes;
  }

  const group = createGroupCommit(db);

  function readShop(domain: string): ShopRow[] {
    // The shop's row and destinations change only through other connections (Prisma:
    // admin, CLI, worker; this one never writes them). SQLite's data_version changes
    // exactly when another connection committed: until then the last answer is still
    // the database's answer, and the JOIN (4% of a webhook's CPU) is skipped.
    const version = dataVersion.get() as number;
    if (version !== shopsVersion) {
      shops.clear();
      shopsVersion = version;
    }
    let rows = shops.get(domain);
    if (!rows) {
      rows = shopStatement.all(domain);
      if (shops.size >= 1000) shops.clear();
      shops.set(domain, rows);
    }
    return rows;
  }
  const readBoth = db.transaction((domain: string, expected: { eventName: string; eventId: string } | null, webhookId: string | null) => {
    const rows = readShop(domain);
    const row = expected ? receiptStatement.get(domain, expected.eventName, expected.eventId) : undefined;
    const seen = webhookId !== null && recordedStatement.get(webhookId) !== undefined;
    return { rows, receipt: row ? { ...row, receivedAt: new Date(row.receivedAt) } : null, seen };
  });

  return {
    /**
     * The shop's row joined with its destinations, paused ones included (empty when Tandem never heard of
     * the shop) and, when `expected` names one, the browser's receipt for that event: one
     * read transaction for both (each statement outside a transaction takes and drops
     * SQLite's read lock on its own; the profile had the two reads at 60 us per webhook),
     * with whether `webhookId` has its receipt already.
     */
    readShopAndReceipt(
      domain: string,
      expected: { eventName: string; eventId: string } | null,
      webhookId: string | null,
    ): { rows: ShopRow[]; receipt: StoredReceipt | null; seen: boolean } {
      return readBoth(domain, expected, webhookId);
    },

    /**
     * The contract of ingest-store.server.ts: rows (skipping existing ones), then the
     * receipt and `also`, in one transaction, or nothing when the webhook's receipt
     * exists. The group's transaction holds SQLite's write lock from its BEGIN IMMEDIATE,
     * so the receipt looked up first is still absent when it is written.
     */
    insertOutboxAndReceipt<T>(
      rows: Record<string, Value>[],
      receiptFor: (created: number) => { receipt: Record<string, Value>; result: T },
      now: Date,
      also: ((when: string) => Statement) | null,
    ): Promise<Recorded<T>> {
      const stamped = stampOutboxRows(rows, now);
      const webhookId = String(receiptFor(0).receipt.webhookId);
      return group.write((): Recorded<T> => {
        if (recordedStatement.get(webhookId) !== undefined) return NOT_RECORDED;
        let created = 0;
        for (const row of stamped) created += insert("OutboxEvent", row, SKIP_EXISTING_OUTBOX_ROW);
        const { receipt, result } = receiptFor(created);
        insert("WebhookReceipt", { receivedAt: now, ...receipt });
        if (also) run(also("true"));
        return { recorded: true, result };
      });
    },

    /** The receipt and `also` (the ReceivedOrder upsert) in one transaction; false, with nothing written, when the receipt exists. */
    insertReceipt(receipt: Record<string, Value>, now: Date, also: ((when: string) => Statement) | null = null): Promise<boolean> {
      return group.write(() => {
        const recorded = insert("WebhookReceipt", { receivedAt: now, ...receipt }, SKIP_EXISTING_RECEIPT) > 0;
        if (recorded && also) run(also("true"));
        return recorded;
      });
    },

    /** Group commit figures since the store opened (logged at a graceful stop). */
    groupStats: () => ({ ...group.stats(), checkpoints: checkpointer?.stats() ?? null }),

    close() {
      group.close();
      checkpointer?.stop();
      db.close();
    },
  };
}

function toSqlite(value: Value): string | number | null {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value ?? null;
}
