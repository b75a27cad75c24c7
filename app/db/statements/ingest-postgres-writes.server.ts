import { SKIP_EXISTING_OUTBOX_ROW, SKIP_EXISTING_RECEIPT, type IngestValue, type PgStatement } from "./ingest.server";

/**
 * INGEST, PostgreSQL's writes (app/ingest/postgres-ingest-store.server.ts): one webhook's
 * writes as one statement, and several webhooks' as one statement (the group commit of
 * app/ingest/postgres-batch.server.ts). One round trip where a transaction took five
 * (BEGIN, three INSERTs, COMMIT). Why raw: docs/decisions/023-one-place-for-statements.md,
 * "Ingest".
 */

type Value = IngestValue;
/**
 * A statement that runs only when the SQL condition `when` (no placeholders) holds; `key`
 * names the row it writes, so two that write the same row never share a batch.
 */
export type GatedStatement = ((when: string) => PgStatement) & { key?: string };

/** One webhook's writes: its stamped outbox rows, the receipt for each possible count of new rows, and `also`. */
export type WriteUnit = { rows: Record<string, Value>[]; receipts: Record<string, Value>[]; also: GatedStatement | null };

type UnitClauses = { clauses: string[]; created: string; recorded: string; values: Value[] };

/**
 * The outbox rows, their count, the receipt for that count and `also` as data-modifying
 * WITH clauses (each run once whether or not the final SELECT reads it), each insert gated
 * on `g`, the receipt's absence when the statement starts; `prefix` names the clauses:
 *
 *   g AS (SELECT NOT EXISTS (SELECT 1 FROM "WebhookReceipt" WHERE "webhookId" = $w) AS "fresh"),
 *   o0 AS (INSERT INTO "OutboxEvent" (...) SELECT $1, ... WHERE (SELECT "fresh" FROM g) ON CONFLICT ... DO NOTHING RETURNING 1), o1 AS (...),
 *   n AS (SELECT ((SELECT count(*) FROM o0) + ...)::int AS "created"),
 *   r AS (INSERT INTO "WebhookReceipt" (...) SELECT ..., (ARRAY[$a, $b]::text[])[(SELECT "created" FROM n) + 1], ...
 *           WHERE (SELECT "fresh" FROM g) ON CONFLICT ("webhookId") DO NOTHING RETURNING 1),
 *   a AS (<also, gated on (SELECT "fresh" FROM g)>)
 *
 * (In INSERT ... SELECT, PostgreSQL types each parameter from its target column, as in
 * VALUES.) `receipts[k]` is the receipt when k rows were new; a column they disagree on
 * is chosen by the count. Null (the caller uses a transaction) when they disagree on
 * anything but text, or on their columns. Placeholders count from $1.
 */
function unitClauses({ rows, receipts, also }: WriteUnit, prefix: string): UnitClauses | null {
  const values: Value[] = [];
  const param = (value: Value) => `$${values.push(value)}`;
  const fresh = `(SELECT "fresh" FROM ${prefix}g)`;
  const clauses = [
    `${prefix}g AS (SELECT NOT EXISTS (SELECT 1 FROM "WebhookReceipt" WHERE "webhookId" = ${param(receipts[0].webhookId)}) AS "fresh")`,
  ];
  rows.forEach((row, index) => {
    const columns = definedColumns(row);
    clauses.push(
      `${prefix}o${index} AS (INSERT INTO "OutboxEvent" (${columns.map((column) => `"${column}"`).join(", ")}) SELECT ${columns.map((column) => param(row[column])).join(", ")} WHERE ${fresh} ${SKIP_EXISTING_OUTBOX_ROW} RETURNING 1)`,
    );
  });
  const counted = rows.map((_, index) => `(SELECT count(*) FROM ${prefix}o${index})`).join(" + ") || "0";
  clauses.push(`${prefix}n AS (SELECT (${counted})::int AS "created")`);

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
      cells.push(`(ARRAY[${choices.map(param).join(", ")}]::text[])[(SELECT "created" FROM ${prefix}n) + 1]`);
    } else {
      return null;
    }
  }
  clauses.push(
    `${prefix}r AS (INSERT INTO "WebhookReceipt" (${columns.map((column) => `"${column}"`).join(", ")}) SELECT ${cells.join(", ")} WHERE ${fresh} ${SKIP_EXISTING_RECEIPT} RETURNING 1)`,
  );

  if (also) {
    const gated = also(fresh);
    clauses.push(`${prefix}a AS (${renumber(gated.text, values.length)})`);
    values.push(...gated.values);
  }
  return { clauses, created: `(SELECT "created" FROM ${prefix}n)`, recorded: `(SELECT count(*) FROM ${prefix}r)::int`, values };
}

/** Whether the unit can be one statement: its receipts have the same columns and differ in text only. */
export function fitsOneStatement({ receipts }: WriteUnit): boolean {
  const columns = definedColumns(receipts[0]);
  const sameColumns = receipts.every((receipt) => {
    const own = definedColumns(receipt);
    return own.length === columns.length && own.every((column, index) => column === columns[index]);
  });
  return (
    sameColumns &&
    columns.every((column) => {
      const first = toPg(receipts[0][column]);
      return (
        receipts.every((receipt) => toPg(receipt[column]) === first) || receipts.every((receipt) => typeof receipt[column] === "string")
      );
    })
  );
}

/** One webhook's writes as one statement answering `created` and `recorded`; null when they need a transaction. */
export function writeStatement(unit: WriteUnit): PgStatement | null {
  const built = unitClauses(unit, "");
  if (!built) return null;
  return {
    text: `WITH ${built.clauses.join(",\n     ")}\nSELECT ${built.created} AS "created", ${built.recorded} AS "recorded"`,
    values: built.values,
  };
}

/**
 * Several webhooks' writes as ONE statement: each unit's clauses under its own prefix
 * (u0_, u1_, ...), one answer row per unit (`unit`, `created`, `recorded`). Units whose
 * receipts need a transaction are not given here (see fitsOneStatement).
 */
export function batchWriteStatement(units: WriteUnit[]): PgStatement {
  const values: Value[] = [];
  const clauses: string[] = [];
  const answers: string[] = [];
  units.forEach((unit, index) => {
    const built = unitClauses(unit, `u${index}_`);
    if (!built) throw new Error("A write that needs a transaction cannot join a batch.");
    const offset = values.length;
    values.push(...built.values);
    for (const clause of built.clauses) clauses.push(renumber(clause, offset));
    answers.push(`SELECT ${index} AS "unit", ${built.created} AS "created", ${built.recorded} AS "recorded"`);
  });
  return { text: `WITH ${clauses.join(",\n     ")}\n${answers.join("\nUNION ALL ")}`, values };
}

/** `$n` placeholders moved up by `offset` (the texts here hold placeholders and identifiers, no literal "$"). */
function renumber(text: string, offset: number): string {
  return offset === 0 ? text : text.replace(/\$(\d+)/g, (_, index: string) => `$${Number(index) + offset}`);
}

/** The columns a row sets (an undefined value leaves its column to the table's default). */
export function definedColumns(row: Record<string, Value>): string[] {
  return Object.keys(row).filter((column) => row[column] !== undefined);
}

export function toPg(value: Value): string | number | boolean | null {
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}
