/**
 * npx tsx scripts/bench/consent-triggers.ts [--webhooks 3000] [--rounds 5] [--variant FILE]
 *
 * What the consent triggers (docs/decisions/051, 069) cost the ingest, in SQL alone, on
 * SQLite: the same statements run on copies of a freshly migrated database, alternately,
 * and the process CPU time is compared.
 *   now       the consent triggers as migrated today
 *   first     the consent triggers of 20261206180500_consent_shoppers (dropped and re-created)
 *   none      no consent triggers at all (the floor for these statements)
 *   file      (--variant FILE) the CREATE TRIGGER statements of FILE instead
 * Workload: per webhook one OutboxEvent, one WebhookReceipt and one ReceivedOrder insert,
 * each webhook in a SAVEPOINT, ten webhooks per transaction (as the group commit does),
 * every order a new shopper, with a tenth of them a repeat of an earlier shopper.
 * Prints figures, asserts nothing.
 */
import { copyFileSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { migratedDatabase } from "../lib/app-process";

const { values } = parseArgs({ options: { webhooks: { type: "string" }, rounds: { type: "string" }, variant: { type: "string" } } });
const N = Number(values.webhooks ?? 3000);
const ROUNDS = Number(values.rounds ?? 5);
const dir = path.resolve("tmp", "bench");
const template = path.join(dir, `consent-triggers-template-${process.pid}.sqlite`);
migratedDatabase(template);
const triggersOf = (file: string) => [...readFileSync(file, "utf8").matchAll(/CREATE TRIGGER[\s\S]*?\nEND;/g)].map((m) => m[0]);
const variants: Record<string, string[] | null> = {
  now: null,
  first: triggersOf(path.resolve("prisma/migrations/20261206180500_consent_shoppers/migration.sql")),
  none: [],
};
if (values.variant) variants.file = triggersOf(path.resolve(values.variant));

const SHOP = "bench-store.myshopify.com";
const PAYLOAD = JSON.stringify({
  event_name: "Purchase",
  custom_data: { value: 42.5, currency: "USD" },
  user_data: { em: ["x".repeat(64)], ph: ["y".repeat(64)] },
  pad: "z".repeat(1100),
});
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

function open(variant: string): { db: Database.Database; file: string } {
  const file = path.join(dir, `consent-triggers-${variant}-${process.pid}.sqlite`);
  copyFileSync(template, file);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("temp_store = MEMORY");
  const replacement = variants[variant];
  if (replacement) {
    const consentTriggers = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_consent\\_%' ESCAPE '\\'";
    for (const name of db.prepare(consentTriggers).pluck().all() as string[]) db.exec(`DROP TRIGGER "${name}"`);
    for (const sql of replacement) db.exec(sql);
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
    db.prepare(`INSERT INTO "OutboxEvent" ("id", "shopDomain", "destinationId", "eventName", "eventId", "checkoutToken", "status", "payload", "eventTime", "sourceTopic", "consentAction", "consentReason", "nextAttemptAt", "createdAt", "updatedAt")
    VALUES (?, ?, 'dest', 'Purchase', ?, ?, 'pending', ?, ?, 'orders/create', 'send', 'mode_off', ?, ?, ?) ON CONFLICT ("destinationId", "eventName", "eventId") DO NOTHING`);
  const receipt = db.prepare(
    `INSERT INTO "WebhookReceipt" ("webhookId", "shopDomain", "topic", "outcome", "eventName", "eventId", "receivedAt") VALUES (?, ?, 'orders/create', 'queued', 'Purchase', ?, ?)`,
  );
  const order =
    db.prepare(`INSERT INTO "ReceivedOrder" ("id", "shopDomain", "kind", "sourceId", "name", "number", "value", "currency", "isTest", "eventName", "eventId", "outcome", "placedAt", "firstSeenAt", "lastSeenAt", "lastTopic")
    VALUES (?, ?, 'order', ?, ?, ?, '42.50', 'USD', 0, 'Purchase', ?, 'queued', ?, ?, ?, 'orders/create') ON CONFLICT ("shopDomain", "kind", "sourceId") DO NOTHING`);
  const webhook = db.transaction((i: number) => {
    const now = Date.now();
    const eventId = `purchase_${7_000_000_000 + i}`;
    const token = `checkout-${i % 10 === 9 ? i - 5 : i}`;
    event.run(randomUUID(), SHOP, eventId, token, PAYLOAD, Math.floor(now / 1000), iso(now), iso(now), iso(now));
    receipt.run(randomUUID(), SHOP, eventId, iso(now));
    order.run(randomUUID(), SHOP, String(7_000_000_000 + i), `#${1000 + i}`, 1000 + i, eventId, iso(now), iso(now), iso(now));
  });
  const group = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) webhook(i);
  });
  for (let i = 0; i < count; i += 10) group.immediate(i, Math.min(count, i + 10));
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
const shapes = new Map<string, string>();
for (let round = 0; round < ROUNDS; round++) {
  for (const variant of Object.keys(variants)) {
    const handle = open(variant);
    const us = (cpu(() => insertWebhooks(handle.db, N)) / N) * 1000;
    results.set(variant, [...(results.get(variant) ?? []), us]);
    const counts = handle.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM "ConsentShopper") || ' shopper entries, ' || (SELECT COUNT(*) FROM "ConsentDirty") || ' dirty names'`,
      )
      .pluck()
      .get() as string;
    shapes.set(variant, counts);
    close(handle);
  }
}
rmSync(template, { force: true });
console.log(`consent triggers, SQL only: ${N} webhooks, ${ROUNDS} rounds alternating; CPU microseconds per webhook`);
console.log("| triggers | min us | median us | mean us | left behind |\n| --- | ---: | ---: | ---: | --- |");
for (const [variant, list] of results) {
  console.log(
    `| ${variant} | ${Math.min(...list).toFixed(0)} | ${median(list).toFixed(0)} | ${(list.reduce((a, b) => a + b, 0) / list.length).toFixed(0)} | ${shapes.get(variant)} |`,
  );
}
