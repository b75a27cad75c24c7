/**
 * npx tsx scripts/bench/rollup-triggers.ts [--webhooks 2200] [--rounds 5]
 *
 * What the admin rollup triggers (docs/decisions/016, 018) cost the write paths, in SQL
 * alone, on SQLite: the same statements run on three copies of a freshly migrated
 * database, alternately, and the process CPU time is compared.
 *   now       the triggers as migrated today
 *   previous  the eleven triggers of 20261202120000_rollup_triggers_dedupe (docs/decisions/018),
 *             before a lease change stopped naming slots and the update triggers became one
 *   before    the triggers of 20261202073910_admin_rollups (dropped and re-created from that file)
 *   none      no rollup triggers at all (the floor for these statements)
 * Only the rollup triggers are swapped; the consent triggers stay in every variant.
 * Workloads: "ingest" = per webhook one OutboxEvent, one WebhookReceipt and one
 * ReceivedOrder insert, ten webhooks per transaction (the group commit's mean);
 * "delivery" = claims of 500 due rows (pending -> in_flight) and their settlement
 * (-> delivered, 400 ids per statement) with one ReceivedOrder per event, as the worker does.
 * Synthetic rows shaped like the bench's (a 1.3 KB payload). Prints figures, asserts nothing.
 */
import { copyFileSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { migratedDatabase } from "../lib/app-process";

const { values } = parseArgs({ options: { webhooks: { type: "string" }, rounds: { type: "string" } } });
const N = Number(values.webhooks ?? 2200);
const ROUNDS = Number(values.rounds ?? 5);
const dir = path.resolve("tmp", "bench");
const template = path.join(dir, "rollup-triggers-template.sqlite");
migratedDatabase(template);
const triggersOf = (migration: string) =>
  [...readFileSync(path.resolve("prisma/migrations", migration, "migration.sql"), "utf8").matchAll(/CREATE TRIGGER[\s\S]*?\nEND;/g)].map(
    (m) => m[0],
  );
const oldTriggers: Record<string, string[]> = {
  before: triggersOf("20261202073910_admin_rollups"),
  previous: triggersOf("20261202120000_rollup_triggers_dedupe"),
};

const SHOP = "bench-store.myshopify.com";
const PAYLOAD = JSON.stringify({
  event_name: "Purchase",
  custom_data: { value: 42.5, currency: "USD" },
  user_data: { em: ["x".repeat(64)], ph: ["y".repeat(64)] },
  pad: "z".repeat(1100),
});
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

function open(variant: string): { db: Database.Database; file: string } {
  const file = path.join(dir, `rollup-triggers-${variant}-${process.pid}.sqlite`);
  copyFileSync(template, file);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  if (variant !== "now") {
    const rollupTriggers = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_rollup\\_%' ESCAPE '\\'";
    for (const name of db.prepare(rollupTriggers).pluck().all() as string[]) db.exec(`DROP TRIGGER "${name}"`);
    for (const sql of oldTriggers[variant] ?? []) db.exec(sql);
  }
  db.exec(`INSERT INTO "Shop" ("domain", "shopKey", "updatedAt") VALUES ('${SHOP}', 'k', '${iso(Date.now())}')`);
  db.exec(
    `INSERT INTO "Destination" ("id", "shopDomain", "pixelId", "accessTokenEnc", "updatedAt") VALUES ('dest', '${SHOP}', '1', 'v1:a:b:c', '${iso(Date.now())}')`,
  );
  return { db, file };
}

function close({ db, file }: { db: Database.Database; file: string }) {
  db.close();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
}

function insertWebhooks(db: Database.Database, count: number) {
  const event =
    db.prepare(`INSERT INTO "OutboxEvent" ("id", "shopDomain", "destinationId", "eventName", "eventId", "status", "payload", "eventTime", "sourceTopic", "consentAction", "consentReason", "nextAttemptAt", "createdAt", "updatedAt")
    VALUES (?, ?, 'dest', 'Purchase', ?, 'pending', ?, ?, 'orders/create', 'send', 'mode_off', ?, ?, ?) ON CONFLICT ("destinationId", "eventName", "eventId") DO NOTHING`);
  const receipt = db.prepare(
    `INSERT INTO "WebhookReceipt" ("webhookId", "shopDomain", "topic", "outcome", "eventName", "eventId", "receivedAt") VALUES (?, ?, 'orders/create', 'queued', 'Purchase', ?, ?)`,
  );
  const order =
    db.prepare(`INSERT INTO "ReceivedOrder" ("id", "shopDomain", "kind", "sourceId", "name", "number", "value", "currency", "isTest", "eventName", "eventId", "outcome", "placedAt", "firstSeenAt", "lastSeenAt", "lastTopic")
    VALUES (?, ?, 'order', ?, ?, ?, '42.50', 'USD', 0, 'Purchase', ?, 'queued', ?, ?, ?, 'orders/create') ON CONFLICT ("shopDomain", "kind", "sourceId") DO NOTHING`);
  const group = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const now = Date.now();
      const eventId = `purchase_${7_000_000_000 + i}`;
      event.run(randomUUID(), SHOP, eventId, PAYLOAD, Math.floor(now / 1000), iso(now), iso(now), iso(now));
      receipt.run(randomUUID(), SHOP, eventId, iso(now));
      order.run(randomUUID(), SHOP, String(7_000_000_000 + i), `#${1000 + i}`, 1000 + i, eventId, iso(now), iso(now), iso(now));
    }
  });
  for (let i = 0; i < count; i += 10) group.immediate(i, Math.min(count, i + 10));
}

function deliverAll(db: Database.Database): number {
  const stamp = () => iso(Date.now());
  const claim =
    db.prepare(`UPDATE "OutboxEvent" SET "status" = 'in_flight', "leaseOwner" = 'w', "leaseUntil" = ?, "nextAttemptAt" = ?, "attempts" = "attempts" + 1, "updatedAt" = ?
     WHERE "id" IN (SELECT "id" FROM "OutboxEvent" WHERE "status" = 'pending' ORDER BY "nextAttemptAt" LIMIT 500) RETURNING "id", "payload"`);
  const settle = (n: number) =>
    db.prepare(`UPDATE "OutboxEvent" SET "status" = 'delivered', "deliveredAt" = ?, "fbtraceId" = 'x', "leaseOwner" = NULL, "leaseUntil" = NULL, "updatedAt" = ?
       WHERE "id" IN (${Array(n).fill("?").join(", ")}) AND "leaseOwner" = 'w' AND "status" = 'in_flight'`);
  let total = 0;
  for (;;) {
    const rows = db.transaction(() => claim.all(stamp(), stamp(), stamp()))() as { id: string }[];
    if (rows.length === 0) return total;
    total += rows.length;
    const ids = rows.map((row) => row.id);
    db.transaction(() => {
      for (let i = 0; i < ids.length; i += 400) settle(Math.min(400, ids.length - i)).run(stamp(), stamp(), ...ids.slice(i, i + 400));
    })();
  }
}

const cpu = (run: () => void) => {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const results = new Map<string, number[]>();
const record = (key: string, value: number) => results.set(key, [...(results.get(key) ?? []), value]);
for (let round = 0; round < ROUNDS; round++) {
  for (const variant of ["before", "previous", "now", "none"]) {
    const handle = open(variant);
    record(`${variant} ingest`, (cpu(() => insertWebhooks(handle.db, N)) / N) * 1000);
    let delivered = 0;
    record(`${variant} delivery`, (cpu(() => (delivered = deliverAll(handle.db))) / N) * 1000);
    if (delivered !== N) throw new Error(`${variant}: delivered ${delivered} of ${N}`);
    close(handle);
  }
}
rmSync(template, { force: true });
console.log(
  `rollup triggers, SQL only: ${N} webhooks, ${ROUNDS} rounds alternating; CPU microseconds per webhook (ingest) and per delivered row (claim + settle)`,
);
console.log("| triggers | workload | min us | median us | mean us |\n| --- | --- | ---: | ---: | ---: |");
for (const [key, list] of results) {
  const [variant, workload] = key.split(" ");
  console.log(
    `| ${variant} | ${workload} | ${Math.min(...list).toFixed(0)} | ${median(list).toFixed(0)} | ${(list.reduce((a, b) => a + b, 0) / list.length).toFixed(0)} |`,
  );
}
