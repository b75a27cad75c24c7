import pg from "pg";
import type { StoredReceipt } from "../outbox/stored-receipt.server";
import {
  POSTGRES_READ_SHOPS_AND_RECEIPTS,
  SKIP_EXISTING_OUTBOX_ROW,
  SKIP_EXISTING_RECEIPT,
  postgresInsert,
  type IngestValue as Value,
  type PgStatement,
} from "../db/statements/ingest.server";
import {
  batchWriteStatement,
  fitsOneStatement,
  toPg,
  writeStatement,
  type GatedStatement,
  type WriteUnit,
} from "../db/statements/ingest-postgres-writes.server";
import { NOT_RECORDED, stampOutboxRows, type Recorded } from "./outbox-insert";
import { createBatcher } from "./postgres-batch.server";

export type { PgStatement };

// The webhook hot path on PostgreSQL, through `pg` directly instead of Prisma
// (docs/decisions/021), on the process's own pool (the one Prisma uses, db.server.ts), so
// DATABASE_POOL_SIZE still bounds the connections. Its statements are in
// app/db/statements/ (ingest.server.ts, ingest-postgres-writes.server.ts): a webhook's
// writes are one statement, and the reads and writes of the webhooks that arrive
// together leave as one statement each (group commit, postgres-batch.server.ts).
//
// Isolation is READ COMMITTED (PostgreSQL's default and Prisma's); the same rows and value
// formats as Prisma: DateTime columns are `timestamp(3)` holding UTC, written as ISO text
// (PostgreSQL ignores the zone of a literal for a column without one, and the text is
// UTC) and read back as UTC; booleans as booleans.

type ShopRow = {
  domain: string;
  settings: string;
  currency: string | null;
  primaryUrl: string | null;
  uninstalledAt: Date | null;
  destinationId: string | null;
  testEventCode: string | null;
  enabled: boolean | null;
};
type ShopRead = { rows: ShopRow[]; receipt: StoredReceipt | null; seen: boolean };
type ReadInput = { domain: string; expected: { eventName: string; eventId: string } | null; webhookId: string | null };
type WriteAnswer = { created: number; recorded: boolean };

const TIMESTAMP_WITHOUT_ZONE = 1114;

/** Read `timestamp` columns as the UTC instants Prisma wrote (pg's default reads them as local time). */
const UTC_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP_WITHOUT_ZONE && format !== "binary"
      ? (text: string) => new Date(`${text.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

type ReadRow = ShopRow & ReceiptColumns & { i: number; seen: boolean };

export type PostgresIngestStore = ReturnType<typeof createPostgresIngestStore>;

export function createPostgresIngestStore(pool: pg.Pool, batching: { maxInFlight?: number; maxUnits?: number } = {}) {
  // Named statements are prepared once per connection; the name follows the text. Only
  // the texts of one webhook are named: a batch's text changes with its units.
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `tandem_ingest_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };

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

  const readMany = async (inputs: ReadInput[]): Promise<ShopRead[]> => {
    const { rows } = await pool.query<ReadRow>({
      name: "tandem_ingest_read_batch",
      text: POSTGRES_READ_SHOPS_AND_RECEIPTS,
      values: [
        inputs.map((input) => input.domain),
        inputs.map((input) => input.expected?.eventName ?? null),
        inputs.map((input) => input.expected?.eventId ?? null),
        inputs.map((input) => input.webhookId),
      ],
      types: UTC_TYPES,
    });
    return inputs.map((_, index) => shopRead(rows.filter((row) => row.i === index + 1)));
  };
  const reads = createBatcher<ReadInput, ShopRead>({
    runMany: readMany,
    runOne: async (input) => (await readMany([input]))[0],
    ...batching,
  });

  const writeOne = async (unit: WriteUnit): Promise<WriteAnswer> => {
    const statement = writeStatement(unit)!;
    const result = await pool.query<{ created: number; recorded: number }>({
      name: nameOf(statement.text),
      text: statement.text,
      values: statement.values.map(toPg),
    });
    const [{ created, recorded }] = result.rows;
    return { created, recorded: recorded > 0 };
  };
  const writes = createBatcher<WriteUnit, WriteAnswer>({
    runMany: async (units) => {
      const statement = batchWriteStatement(units);
      const result = await pool.query<{ unit: number; created: number; recorded: number }>({
        text: statement.text,
        values: statement.values.map(toPg),
      });
      const answers = new Array<WriteAnswer>(units.length);
      for (const row of result.rows) answers[row.unit] = { created: row.created, recorded: row.recorded > 0 };
      return answers;
    },
    runOne: writeOne,
    ...batching,
  });

  /** What a unit writes: its receipt's webhook id, its outbox rows' unique keys, and `also`'s key when it has one. */
  function unitOf(unit: WriteUnit) {
    const keys = [`receipt:${String(unit.receipts[0].webhookId)}`];
    for (const row of unit.rows) keys.push(`outbox:${String(row.destinationId)}|${String(row.eventName)}|${String(row.eventId)}`);
    if (unit.also?.key) keys.push(`also:${unit.also.key}`);
    const size = unit.rows.reduce((sum, row) => sum + Object.keys(row).length, 0) + unit.receipts.length * 12 + 60;
    return { input: unit, keys, size };
  }

  return {
    /**
     * The shop's row joined with its destinations, paused ones included (none when Tandem never heard of
     * the shop) and, when `expected` names one, the browser's receipt for that event, with
     * whether `webhookId` was recorded already: one query for every read queued together.
     */
    readShopAndReceipt(domain: string, expected: ReadInput["expected"], webhookId: string | null): Promise<ShopRead> {
      return reads.run({ input: { domain, expected, webhookId }, keys: [], size: 4 });
    },

    /**
     * The contract of ingest-store.server.ts: rows (skipping existing ones), then the
     * receipt and `also`, atomically, or nothing when the webhook's receipt exists. One
     * statement (shared with the webhooks written at the same moment); the receipt depends
     * on how many rows were new, which only the statement knows: every possible receipt is
     * built (receiptFor is a pure function of the count) and the statement picks the one
     * for its count.
     *
     * A repeated webhook is not an error (docs/decisions/045): every insert is gated on the
     * receipt being absent when the statement starts, and the receipt's own insert skips a
     * conflict, so a delivery racing another of the same webhook (in another process) waits
     * for it and then writes no receipt. Two deliveries in this process never share a
     * statement (postgres-batch.server.ts).
     */
    async insertOutboxAndReceipt<T>(
      rows: Record<string, Value>[],
      receiptFor: (created: number) => { receipt: Record<string, Value>; result: T },
      now: Date,
      also: GatedStatement | null,
    ): Promise<Recorded<T>> {
      const stamped = stampOutboxRows(rows, now);
      const answers = Array.from({ length: stamped.length + 1 }, (_, created) => receiptFor(created));
      const unit: WriteUnit = { rows: stamped, receipts: answers.map((answer) => ({ receivedAt: now, ...answer.receipt })), also };
      if (fitsOneStatement(unit)) {
        const { created, recorded } = await writes.run(unitOf(unit));
        return recorded ? { recorded: true, result: answers[created].result } : NOT_RECORDED;
      }
      // Receipts that differ in more than text: a transaction of its own.
      return inTransaction<Recorded<T>>(async (client) => {
        let created = 0;
        for (const row of stamped) created += await run(client, postgresInsert("OutboxEvent", row, SKIP_EXISTING_OUTBOX_ROW));
        const { receipt, result } = receiptFor(created);
        // A receipt that exists: the rows written above are rolled back with the transaction.
        if ((await run(client, postgresInsert("WebhookReceipt", { receivedAt: now, ...receipt }, SKIP_EXISTING_RECEIPT))) === 0)
          return { keep: false, value: NOT_RECORDED };
        if (also) await run(client, also("true"));
        return { keep: true, value: { recorded: true, result } };
      });
    },

    /** The receipt and `also` (the ReceivedOrder upsert) in one statement; false, with nothing written, when the receipt exists. */
    async insertReceipt(receipt: Record<string, Value>, now: Date, also: GatedStatement | null = null): Promise<boolean> {
      const unit: WriteUnit = { rows: [], receipts: [{ receivedAt: now, ...receipt }], also };
      return (await writes.run(unitOf(unit))).recorded;
    },

    /** Group commit figures: batches and units of the reads and the writes. */
    batchStats: () => ({ reads: reads.stats(), writes: writes.stats() }),
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

function shopRead(rows: ReadRow[]): ShopRead {
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
    rows: rows.map(({ domain, settings, currency, primaryUrl, uninstalledAt, destinationId, testEventCode, enabled }) => ({
      domain,
      settings,
      currency,
      primaryUrl,
      uninstalledAt,
      destinationId,
      testEventCode,
      enabled,
    })),
    receipt,
    seen: first?.seen === true,
  };
}
