import pg from "pg";
import type { StoredReceipt } from "../pixel/stored-receipt.server";
import { SKIP_EXISTING_OUTBOX_ROW, stampOutboxRows } from "./outbox-insert";

// The webhook hot path on PostgreSQL, through `pg` directly instead of Prisma: the same
// statements as the Prisma path it replaces (ingest-store.server.ts before issue 12's
// fifth session), on the process's own pool (the one Prisma uses, db.server.ts), so
// DATABASE_POOL_SIZE still bounds the connections. `npm run bench -- --database
// postgresql` put 5-8 ms of the app's CPU in each webhook through Prisma's interactive
// transaction (docs/benchmarks.md); here a webhook is BEGIN, its INSERTs and COMMIT on one
// connection, each INSERT a named prepared statement (parsed once per connection).
//
// Same transaction and isolation (READ COMMITTED, PostgreSQL's default and Prisma's), the
// same rows and value formats: DateTime columns are `timestamp(3)` holding UTC, written
// as ISO text (PostgreSQL ignores the zone of a literal for a column without one, and the
// text is UTC) and read back as UTC; booleans as booleans.

type Value = string | number | boolean | Date | null | undefined;
type ShopRow = { domain: string; settings: string; currency: string | null; primaryUrl: string | null; uninstalledAt: Date | null; destinationId: string | null; testEventCode: string | null };
/** A statement with PostgreSQL's `$n` placeholders (a Prisma.Sql's .text) and its values. */
export type PgStatement = { text: string; values: Value[] };

const TIMESTAMP_WITHOUT_ZONE = 1114;

/** Read `timestamp` columns as the UTC instants Prisma wrote (pg's default reads them as local time). */
const UTC_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP_WITHOUT_ZONE && format !== "binary"
      ? (text: string) => new Date(`${text.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

export type PostgresIngestStore = ReturnType<typeof createPostgresIngestStore>;

export function createPostgresIngestStore(pool: pg.Pool) {
  // Named statements are prepared once per connection; the name follows the text.
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `tandem_ingest_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };

  function insertStatement(table: string, values: Record<string, Value>, suffix = ""): PgStatement {
    const entries = Object.entries(values).filter(([, value]) => value !== undefined);
    const columns = entries.map(([column]) => `"${column}"`).join(", ");
    const placeholders = entries.map((_, index) => `$${index + 1}`).join(", ");
    return { text: `INSERT INTO "${table}" (${columns}) VALUES (${placeholders})${suffix ? ` ${suffix}` : ""}`, values: entries.map(([, value]) => value) };
  }

  async function run(client: pg.PoolClient, statement: PgStatement): Promise<number> {
    const result = await client.query({ name: nameOf(statement.text), text: statement.text, values: statement.values.map(toPg) });
    return result.rowCount ?? 0;
  }

  /** BEGIN, `work`, COMMIT on one connection; ROLLBACK on any error (a connection that cannot roll back is discarded). */
  async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
      } catch (rollbackError) {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  return {
    /** The shop's row joined with its enabled destinations, and the browser's receipt when `expected` names one: both queries at once. */
    async readShopAndReceipt(domain: string, expected: { eventName: string; eventId: string } | null): Promise<{ rows: ShopRow[]; receipt: StoredReceipt | null }> {
      const [shop, receipts] = await Promise.all([
        pool.query<ShopRow>({
          text: `SELECT s."domain", s."settings", s."currency", s."primaryUrl", s."uninstalledAt",
                        d."id" AS "destinationId", d."testEventCode"
                   FROM "Shop" s
                   LEFT JOIN "Destination" d ON d."shopDomain" = s."domain" AND d."enabled" = true
                  WHERE s."domain" = $1`,
          values: [domain],
          types: UTC_TYPES,
        }),
        expected
          ? pool.query<StoredReceipt>({
              text: `SELECT "consent", "fbp", "fbc", "clientIp", "userAgent", "receivedAt"
                       FROM "PixelReceipt"
                      WHERE "shopDomain" = $1 AND "eventName" = $2 AND "eventId" = $3`,
              values: [domain, expected.eventName, expected.eventId],
              types: UTC_TYPES,
            })
          : null,
      ]);
      return { rows: shop.rows, receipt: receipts?.rows[0] ?? null };
    },

    /** The contract of ingest-store.server.ts: rows (skipping existing ones), then the receipt and `also`, in one transaction. */
    insertOutboxAndReceipt<T>(
      rows: Record<string, Value>[],
      receiptFor: (created: number) => { receipt: Record<string, Value>; result: T; also?: PgStatement | null },
      now: Date,
    ): Promise<T> {
      const stamped = stampOutboxRows(rows, now);
      return inTransaction(async (client) => {
        let created = 0;
        for (const row of stamped) created += await run(client, insertStatement("OutboxEvent", row, SKIP_EXISTING_OUTBOX_ROW));
        const { receipt, result, also } = receiptFor(created);
        await run(client, insertStatement("WebhookReceipt", { receivedAt: now, ...receipt }));
        if (also) await run(client, also);
        return result;
      });
    },

    /** The receipt and `also` (the ReceivedOrder upsert) in one transaction. */
    async insertReceipt(receipt: Record<string, Value>, now: Date, also: PgStatement | null = null): Promise<void> {
      const insert = insertStatement("WebhookReceipt", { receivedAt: now, ...receipt });
      if (!also) {
        await pool.query({ name: nameOf(insert.text), text: insert.text, values: insert.values.map(toPg) });
        return;
      }
      await inTransaction(async (client) => {
        await run(client, insert);
        await run(client, also);
      });
    },
  };
}

/** A PostgreSQL unique violation reported by `pg` (SQLSTATE 23505). */
export function isPgUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "23505" && typeof (error as { severity?: unknown }).severity === "string";
}

function toPg(value: Value): string | number | boolean | null {
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}
