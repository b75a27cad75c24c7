/**
 * What the trigger benchmarks share (scripts/bench/rollup-triggers.ts, consent-triggers.ts):
 * copies of one freshly migrated SQLite database, one per variant, with a family of triggers
 * dropped and replaced; the ingest's statements for N webhooks; CPU time and its summary.
 * Each benchmark keeps its own variants, workloads and table.
 */
import { copyFileSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { migratedDatabase } from "../lib/app-process";

export const SHOP = "bench-store.myshopify.com";
const PAYLOAD = JSON.stringify({
  event_name: "Purchase",
  custom_data: { value: 42.5, currency: "USD" },
  user_data: { em: ["x".repeat(64)], ph: ["y".repeat(64)] },
  pad: "z".repeat(1100),
});
/** A timestamp as Prisma stores it in SQLite. */
export const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

/** The CREATE TRIGGER statements of a migration file. */
export const triggersOf = (file: string) => [...readFileSync(file, "utf8").matchAll(/CREATE TRIGGER[\s\S]*?\nEND;/g)].map((m) => m[0]);

export type BenchDatabase = { db: Database.Database; file: string };

/**
 * A migrated template under tmp/bench named after the benchmark; `open` copies it for a
 * variant, drops the triggers whose name holds `_<family>_` and creates `replacement`
 * instead (null: the triggers as migrated), then adds the shop and its pixel.
 */
export function triggerDatabases(name: string, family: "rollup" | "consent", pragmas: string[] = []) {
  const dir = path.resolve("tmp", "bench");
  const template = path.join(dir, `${name}-template-${process.pid}.sqlite`);
  migratedDatabase(template);
  return {
    open(variant: string, replacement: string[] | null): BenchDatabase {
      const file = path.join(dir, `${name}-${variant}-${process.pid}.sqlite`);
      copyFileSync(template, file);
      const db = new Database(file);
      for (const pragma of ["journal_mode = WAL", "synchronous = NORMAL", ...pragmas]) db.pragma(pragma);
      if (replacement) {
        const family_ = `SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_${family}\\_%' ESCAPE '\\'`;
        for (const trigger of db.prepare(family_).pluck().all() as string[]) db.exec(`DROP TRIGGER "${trigger}"`);
        for (const sql of replacement) db.exec(sql);
      }
      db.exec(`INSERT INTO "Shop" ("domain", "shopKey", "updatedAt") VALUES ('${SHOP}', 'k', '${iso(Date.now())}')`);
      db.exec(
        `INSERT INTO "Destination" ("id", "shopDomain", "pixelId", "accessTokenEnc", "updatedAt") VALUES ('dest', '${SHOP}', '1', 'v1:a:b:c', '${iso(Date.now())}')`,
      );
      return { db, file };
    },
    close({ db, file }: BenchDatabase) {
      db.close();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    },
    dispose() {
      rmSync(template, { force: true });
    },
  };
}

/**
 * Per webhook one OutboxEvent, one WebhookReceipt and one ReceivedOrder insert, ten webhooks
 * per transaction (the group commit's mean). `checkoutToken` gives webhook i's checkout;
 * `savepoint` runs each webhook in a SAVEPOINT of its own, as the group commit does.
 */
export function insertWebhooks(
  db: Database.Database,
  count: number,
  { checkoutToken, savepoint = false }: { checkoutToken?: (i: number) => string; savepoint?: boolean } = {},
) {
  const event =
    db.prepare(`INSERT INTO "OutboxEvent" ("id", "shopDomain", "destinationId", "eventName", "eventId", "checkoutToken", "status", "payload", "eventTime", "sourceTopic", "consentAction", "consentReason", "nextAttemptAt", "createdAt", "updatedAt")
    VALUES (?, ?, 'dest', 'Purchase', ?, ?, 'pending', ?, ?, 'orders/create', 'send', 'mode_off', ?, ?, ?) ON CONFLICT ("destinationId", "eventName", "eventId") DO NOTHING`);
  const receipt = db.prepare(
    `INSERT INTO "WebhookReceipt" ("webhookId", "shopDomain", "topic", "outcome", "eventName", "eventId", "receivedAt") VALUES (?, ?, 'orders/create', 'queued', 'Purchase', ?, ?)`,
  );
  const order =
    db.prepare(`INSERT INTO "ReceivedOrder" ("id", "shopDomain", "kind", "sourceId", "name", "number", "value", "currency", "isTest", "eventName", "eventId", "outcome", "placedAt", "firstSeenAt", "lastSeenAt", "lastTopic")
    VALUES (?, ?, 'order', ?, ?, ?, '42.50', 'USD', 0, 'Purchase', ?, 'queued', ?, ?, ?, 'orders/create') ON CONFLICT ("shopDomain", "kind", "sourceId") DO NOTHING`);
  const one = (i: number) => {
    const now = Date.now();
    const eventId = `purchase_${7_000_000_000 + i}`;
    event.run(randomUUID(), SHOP, eventId, checkoutToken?.(i) ?? null, PAYLOAD, Math.floor(now / 1000), iso(now), iso(now), iso(now));
    receipt.run(randomUUID(), SHOP, eventId, iso(now));
    order.run(randomUUID(), SHOP, String(7_000_000_000 + i), `#${1000 + i}`, 1000 + i, eventId, iso(now), iso(now), iso(now));
  };
  // A transaction called inside another is a SAVEPOINT in better-sqlite3.
  const webhook = savepoint ? db.transaction(one) : one;
  const group = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) webhook(i);
  });
  for (let i = 0; i < count; i += 10) group.immediate(i, Math.min(count, i + 10));
}

/** The process's user + system CPU milliseconds for `run`. */
export const cpuMs = (run: () => void) => {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** min, median and mean of a list of figures, each rounded to whole units, for a table row. */
export function summary(list: number[]): string[] {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return [Math.min(...list), median, list.reduce((a, b) => a + b, 0) / list.length].map((n) => n.toFixed(0));
}
