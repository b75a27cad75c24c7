import pg from "pg";
import type { StoredReceipt } from "../outbox/stored-receipt.server";
import { NOT_RECORDED, SKIP_EXISTING_OUTBOX_ROW, SKIP_EXISTING_RECEIPT, stampOutboxRows, type Recorded } from "./outbox-insert";

// The webhook hot path on PostgreSQL, through `pg` directly instead of Prisma: the same
// statements as the Prisma path it replaces (docs/decisions/021), on the process's own pool (the one Prisma uses, db.server.ts), so
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
type ShopRow = {
  domain: string;
  settings: string;
  currency: string | null;
  primaryUrl: string | null;
  uninstalledAt: Date | null;
  destinationId: string | null;
  testEventCode: string | null;
};
/** A statement with PostgreSQL's `$n` placeholders (a Prisma.Sql's .text) and its values. */
export type PgStatement = { text: string; values: Value[] };
/** A statement that runs only when the SQL condition `when` (no placeholders) holds. */
type GatedStatement = (when: string) => PgStatement;

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
    return {
      text: `INSERT INTO "${table}" (${columns}) VALUES (${placeholders})${suffix ? ` ${suffix}` : ""}`,
      values: entries.map(([, value]) => value),
    };
  }

  async function run(client: pg.PoolClient, statement: PgStatement): Promise<number> {
    const result = await client.query({ name: nameOf(statement.text), text: statement.text, values: statement.values.map(toPg) });
    return result.rowCount ?? 0;
  }

  /**
   * BEGIN, `work`, then COMMIT, or ROLLBACK when `work` answers `keep: false` (nothing to
   * keep: not an error); ROLLBACK on any error (a connection that cannot roll back is discarded).
   */
  async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<{ keep: boolean; value: T }>): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const { keep, value } = await work(client);
      await client.query(keep ? "COMMIT" : "ROLLBACK");
      return value;
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
    /**
     * The shop's row joined with its enabled destinations and, when `expected` names one,
     * the browser's receipt for that event, in one query: the receipt's columns ride on
     * each of the shop's rows (one receipt at most: unique on shop, event name and id).
     */
    async readShopAndReceipt(
      domain: string,
      expected: { eventName: string; eventId: string } | null,
      webhookId: string | null,
    ): Promise<{ rows: ShopRow[]; receipt: StoredReceipt | null; seen: boolean }> {
      const { rows } = await pool.query<ShopRow & ReceiptColumns & { seen: boolean }>({
        name: "tandem_ingest_read",
        text: `SELECT s."domain", s."settings", s."currency", s."primaryUrl", s."uninstalledAt",
                      d."id" AS "destinationId", d."testEventCode",
                      r."id" AS "receiptId", r."consent", r."fbp", r."fbc", r."clientIp", r."userAgent", r."keyNotes", r."receivedAt" AS "receiptReceivedAt",
                      EXISTS (SELECT 1 FROM "WebhookReceipt" w WHERE w."webhookId" = $4) AS "seen"
                 FROM "Shop" s
                 LEFT JOIN "Destination" d ON d."shopDomain" = s."domain" AND d."enabled" = true
                 LEFT JOIN "PixelReceipt" r ON r."shopDomain" = s."domain" AND r."eventName" = $2 AND r."eventId" = $3
                WHERE s."domain" = $1`,
        values: [domain, expected?.eventName ?? null, expected?.eventId ?? null, webhookId],
        types: UTC_TYPES,
      });
      const [first] = rows;
      // The receipt's primary key: null exactly when no receipt joined.
      const receipt = first?.receiptId
        ? {
            consent: first.consent!,
            fbp: first.fbp,
            fbc: first.fbc,
            clientIp: first.clientIp,
            userAgent: first.userAgent,
            keyNotes: first.keyNotes,
            receivedAt: first.receiptReceivedAt!,
          }
        : null;
      return {
        rows: rows.map(({ domain, settings, currency, primaryUrl, uninstalledAt, destinationId, testEventCode }) => ({
          domain,
          settings,
          currency,
          primaryUrl,
          uninstalledAt,
          destinationId,
          testEventCode,
        })),
        receipt,
        seen: first?.seen === true,
      };
    },

    /**
     * The contract of ingest-store.server.ts: rows (skipping existing ones), then the receipt
     * and `also`, atomically, or nothing when the webhook's receipt exists. One statement,
     * so one round trip where a transaction took five (BEGIN, three INSERTs, COMMIT): `npm
     * run bench -- --database postgresql` put most of the app's CPU per webhook in the
     * socket writes of those round trips. The receipt depends on how many rows were new,
     * which only the statement knows: every possible receipt is built (receiptFor is a pure
     * function of the count) and the statement picks the one for its count.
     *
     * A repeated webhook is not an error (docs/decisions/045): every insert of the statement
     * is gated on the receipt being absent when the statement starts, and the receipt's own
     * insert skips a conflict, so a delivery racing another of the same webhook waits for it
     * and then writes no receipt. The statement answers how many receipts it wrote. (A
     * failed statement would also cost the connection: pg's pool discards the client a
     * query failed on, and a retry storm became a storm of new connections.)
     */
    async insertOutboxAndReceipt<T>(
      rows: Record<string, Value>[],
      receiptFor: (created: number) => { receipt: Record<string, Value>; result: T },
      now: Date,
      also: GatedStatement | null,
    ): Promise<Recorded<T>> {
      const stamped = stampOutboxRows(rows, now);
      const answers = Array.from({ length: stamped.length + 1 }, (_, created) => receiptFor(created));
      const statement = oneStatement(
        stamped,
        answers.map((answer) => ({ receivedAt: now, ...answer.receipt })),
        also,
      );
      if (statement) {
        const result = await pool.query<{ created: number; recorded: number }>({
          name: nameOf(statement.text),
          text: statement.text,
          values: statement.values.map(toPg),
        });
        const [{ created, recorded }] = result.rows;
        return recorded > 0 ? { recorded: true, result: answers[created].result } : NOT_RECORDED;
      }
      return inTransaction<Recorded<T>>(async (client) => {
        let created = 0;
        for (const row of stamped) created += await run(client, insertStatement("OutboxEvent", row, SKIP_EXISTING_OUTBOX_ROW));
        const { receipt, result } = receiptFor(created);
        // A receipt that exists: the rows written above are rolled back with the transaction.
        if ((await run(client, insertStatement("WebhookReceipt", { receivedAt: now, ...receipt }, SKIP_EXISTING_RECEIPT))) === 0)
          return { keep: false, value: NOT_RECORDED };
        if (also) await run(client, also("true"));
        return { keep: true, value: { recorded: true, result } };
      });
    },

    /** The receipt and `also` (the ReceivedOrder upsert) in one transaction; false, with nothing written, when the receipt exists. */
    async insertReceipt(receipt: Record<string, Value>, now: Date, also: GatedStatement | null = null): Promise<boolean> {
      const insert = insertStatement("WebhookReceipt", { receivedAt: now, ...receipt }, SKIP_EXISTING_RECEIPT);
      if (!also) {
        const result = await pool.query({ name: nameOf(insert.text), text: insert.text, values: insert.values.map(toPg) });
        return (result.rowCount ?? 0) > 0;
      }
      return inTransaction(async (client) => {
        if ((await run(client, insert)) === 0) return { keep: false, value: false };
        await run(client, also("true"));
        return { keep: true, value: true };
      });
    },
  };
}

type ReceiptColumns = {
  receiptId: string | null;
  consent: string | null;
  fbp: string | null;
  fbc: string | null;
  clientIp: string | null;
  userAgent: string | null;
  keyNotes: string | null;
  receiptReceivedAt: Date | null;
};

/**
 * The outbox rows, their count, the receipt for that count and `also` as one statement
 * (data-modifying WITH clauses, each run once whether or not the final SELECT reads it),
 * each insert gated on `g`, the receipt's absence when the statement starts:
 *
 *   WITH g AS (SELECT NOT EXISTS (SELECT 1 FROM "WebhookReceipt" WHERE "webhookId" = $w) AS "fresh"),
 *        o0 AS (INSERT INTO "OutboxEvent" (...) SELECT $1, ... WHERE (SELECT "fresh" FROM g) ON CONFLICT ... DO NOTHING RETURNING 1), o1 AS (...),
 *        n AS (SELECT ((SELECT count(*) FROM o0) + ...)::int AS "created"),
 *        r AS (INSERT INTO "WebhookReceipt" (...) SELECT ..., (ARRAY[$a, $b]::text[])[(SELECT "created" FROM n) + 1], ...
 *                WHERE (SELECT "fresh" FROM g) ON CONFLICT ("webhookId") DO NOTHING RETURNING 1),
 *        a AS (<also, gated on (SELECT "fresh" FROM g)>)
 *   SELECT "created", (SELECT count(*) FROM r)::int AS "recorded" FROM n
 *
 * (In INSERT ... SELECT, PostgreSQL types each parameter from its target column, as in
 * VALUES.) `receipts[k]` is the receipt when k rows were new; a column they disagree on
 * is chosen by the count. Null (the caller uses a transaction) when they disagree on
 * anything but text, or on their columns.
 */
function oneStatement(rows: Record<string, Value>[], receipts: Record<string, Value>[], also: GatedStatement | null): PgStatement | null {
  const values: Value[] = [];
  const param = (value: Value) => `$${values.push(value)}`;
  const fresh = `(SELECT "fresh" FROM g)`;
  const clauses = [
    `g AS (SELECT NOT EXISTS (SELECT 1 FROM "WebhookReceipt" WHERE "webhookId" = ${param(receipts[0].webhookId)}) AS "fresh")`,
  ];
  rows.forEach((row, index) => {
    const columns = definedColumns(row);
    clauses.push(
      `o${index} AS (INSERT INTO "OutboxEvent" (${columns.map((column) => `"${column}"`).join(", ")}) SELECT ${columns.map((column) => param(row[column])).join(", ")} WHERE ${fresh} ${SKIP_EXISTING_OUTBOX_ROW} RETURNING 1)`,
    );
  });
  const counted = rows.map((_, index) => `(SELECT count(*) FROM o${index})`).join(" + ") || "0";
  clauses.push(`n AS (SELECT (${counted})::int AS "created")`);

  const columns = definedColumns(receipts[0]);
  const sameColumns = (receipt: Record<string, Value>) => {
    const own = definedColumns(receipt);
    return own.length === columns.length && own.every((column, index) => column === columns[index]);
  };
  if (!receipts.every(sameColumns)) return null;
  const cells: string[] = [];
  for (const column of columns) {
    const choices = receipts.map((receipt) => receipt[column]);
    const first = toPg(choices[0]);
    if (choices.every((choice) => toPg(choice) === first)) {
      cells.push(param(choices[0]));
    } else if (choices.every((choice) => typeof choice === "string")) {
      cells.push(`(ARRAY[${choices.map(param).join(", ")}]::text[])[(SELECT "created" FROM n) + 1]`);
    } else {
      return null;
    }
  }
  clauses.push(
    `r AS (INSERT INTO "WebhookReceipt" (${columns.map((column) => `"${column}"`).join(", ")}) SELECT ${cells.join(", ")} WHERE ${fresh} ${SKIP_EXISTING_RECEIPT} RETURNING 1)`,
  );

  if (also) {
    // Its placeholders renumbered after ours (a Prisma.Sql's text: placeholders, no literal holding "$").
    const gated = also(fresh);
    const offset = values.length;
    values.push(...gated.values);
    clauses.push(`a AS (${gated.text.replace(/\$(\d+)/g, (_, index: string) => `$${Number(index) + offset}`)})`);
  }
  return { text: `WITH ${clauses.join(",\n     ")}\nSELECT "created", (SELECT count(*) FROM r)::int AS "recorded" FROM n`, values };
}

/** The columns a row sets (an undefined value leaves its column to the table's default). */
function definedColumns(row: Record<string, Value>): string[] {
  return Object.keys(row).filter((column) => row[column] !== undefined);
}

function toPg(value: Value): string | number | boolean | null {
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}
