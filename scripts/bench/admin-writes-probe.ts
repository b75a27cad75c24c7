/**
 * A PROBE for `npm run bench -- --rows floor,off,probe-off`, never a configuration: it
 * prices the admin's share of a webhook's writes by taking it away from a fresh bench
 * database. On the three tables a webhook writes (OutboxEvent, WebhookReceipt,
 * ReceivedOrder) it drops every rollup trigger (decisions 016, 018) and every secondary
 * index that is not a unique key (decision 019), and it turns the ReceivedOrder upsert
 * (decision 012) into a no-op with a BEFORE INSERT trigger that ignores the row. What is
 * left is what the ingest needs for itself: the outbox rows with their primary key and
 * the unique key that refuses a second copy of an event, and the webhook receipt with
 * its primary key that refuses a repeated webhook. The app's code does not change.
 *
 * The admin would be blind and slow on such a database; the row only answers "how much
 * faster would the ingest be without the admin's writes" (docs/benchmarks.md, "Probe
 * rows").
 */
import Database from "better-sqlite3";

export const PROBE_TABLES = ["OutboxEvent", "WebhookReceipt", "ReceivedOrder"] as const;

export function withoutAdminWrites(file: string): { dropped: string[] } {
  const db = new Database(file);
  try {
    const placeholders = PROBE_TABLES.map(() => "?").join(", ");
    const objects = db
      .prepare<string[], { type: "index" | "trigger"; name: string }>(
        `SELECT type, name FROM sqlite_master
          WHERE tbl_name IN (${placeholders})
            AND (type = 'trigger' OR (type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE INDEX%'))
          ORDER BY type, name`,
      )
      .all(...PROBE_TABLES);
    db.transaction(() => {
      for (const { type, name } of objects) db.exec(`DROP ${type === "index" ? "INDEX" : "TRIGGER"} "${name.replaceAll('"', '""')}"`);
      db.exec(`CREATE TRIGGER "probe_ReceivedOrder_ignored" BEFORE INSERT ON "ReceivedOrder" BEGIN SELECT RAISE(IGNORE); END`);
    })();
    return { dropped: objects.map((object) => object.name) };
  } finally {
    db.close();
  }
}
