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
import path from "node:path";
import { parseArgs } from "node:util";
import type Database from "better-sqlite3";
import { cpuMs, insertWebhooks, iso, summary, triggerDatabases, triggersOf } from "./trigger-cost";

const { values } = parseArgs({ options: { webhooks: { type: "string" }, rounds: { type: "string" } } });
const N = Number(values.webhooks ?? 2200);
const ROUNDS = Number(values.rounds ?? 5);
const databases = triggerDatabases("rollup-triggers", "rollup");
const migration = (name: string) => triggersOf(path.resolve("prisma/migrations", name, "migration.sql"));
const variants: Record<string, string[] | null> = {
  before: migration("20261202073910_admin_rollups"),
  previous: migration("20261202120000_rollup_triggers_dedupe"),
  now: null,
  none: [],
};

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

const results = new Map<string, number[]>();
const record = (key: string, value: number) => results.set(key, [...(results.get(key) ?? []), value]);
for (let round = 0; round < ROUNDS; round++) {
  for (const [variant, triggers] of Object.entries(variants)) {
    const handle = databases.open(variant, triggers);
    record(`${variant} ingest`, (cpuMs(() => insertWebhooks(handle.db, N)) / N) * 1000);
    let delivered = 0;
    record(`${variant} delivery`, (cpuMs(() => (delivered = deliverAll(handle.db))) / N) * 1000);
    if (delivered !== N) throw new Error(`${variant}: delivered ${delivered} of ${N}`);
    databases.close(handle);
  }
}
databases.dispose();
console.log(
  `rollup triggers, SQL only: ${N} webhooks, ${ROUNDS} rounds alternating; CPU microseconds per webhook (ingest) and per delivered row (claim + settle)`,
);
console.log("| triggers | workload | min us | median us | mean us |\n| --- | --- | ---: | ---: | ---: |");
for (const [key, list] of results) {
  const [variant, workload] = key.split(" ");
  console.log(`| ${variant} | ${workload} | ${summary(list).join(" | ")} |`);
}
