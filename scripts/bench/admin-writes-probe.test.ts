import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { migratedDatabase } from "../lib/app-process";
import { PROBE_TABLES, withoutAdminWrites } from "./admin-writes-probe";

// The probe behind `npm run bench -- --rows probe-off,probe-inline`: what it leaves on the
// tables a webhook writes decides what its figures mean, so it is checked on the
// project's own migrations (a new index or trigger there must be taken away too).

const file = path.resolve("tmp", "bench-probe", `${randomUUID()}.sqlite`);
afterAll(() => {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
});

describe("the admin-writes probe", () => {
  it("keeps only what the ingest needs for itself, and ignores ReceivedOrder rows", () => {
    migratedDatabase(file);
    const before = objects();
    // The migrations do give these tables admin indexes and rollup triggers to take away.
    expect(before.filter((o) => o.type === "trigger").length).toBeGreaterThan(0);
    expect(before.filter((o) => o.type === "index" && !o.unique).length).toBeGreaterThan(0);

    const { dropped } = withoutAdminWrites(file);

    const after = objects();
    expect(dropped.sort()).toEqual(
      before
        .filter((o) => o.type === "trigger" || !o.unique)
        .map((o) => o.name)
        .sort(),
    );
    // Left: each table's primary key, the outbox's unique event key, ReceivedOrder's unique
    // source key (its upsert's ON CONFLICT target), and the probe's own trigger.
    expect(after.filter((o) => o.type === "index").every((o) => o.unique)).toBe(true);
    expect(after.filter((o) => o.type === "index").map((o) => o.name)).toEqual(
      expect.arrayContaining(["OutboxEvent_destinationId_eventName_eventId_key", "ReceivedOrder_shopDomain_kind_sourceId_key"]),
    );
    expect(after.filter((o) => o.type === "trigger").map((o) => o.name)).toEqual(["probe_ReceivedOrder_ignored"]);

    const db = new Database(file);
    try {
      const insert = db.prepare(
        `INSERT INTO "ReceivedOrder" ("id", "shopDomain", "kind", "sourceId", "eventName", "outcome", "placedAt", "firstSeenAt", "lastSeenAt", "lastTopic")
         VALUES (?, 'probe.myshopify.com', 'order', '1', 'Purchase', 'queued', ?, ?, ?, 'orders/create')`,
      );
      const now = new Date().toISOString();
      insert.run(randomUUID(), now, now, now);
      expect(db.prepare(`SELECT count(*) AS n FROM "ReceivedOrder"`).get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});

function objects(): { type: "index" | "trigger"; name: string; unique: boolean }[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare<string[], { type: "index" | "trigger"; name: string; sql: string | null }>(
        `SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name IN (${PROBE_TABLES.map(() => "?").join(", ")}) ORDER BY name`,
      )
      .all(...PROBE_TABLES);
    // Primary keys (sqlite_autoindex_*, sql NULL) and CREATE UNIQUE INDEX count as unique.
    return rows.map((row) => ({
      type: row.type,
      name: row.name,
      unique: row.type === "index" && (row.sql === null || row.sql.startsWith("CREATE UNIQUE INDEX")),
    }));
  } finally {
    db.close();
  }
}
