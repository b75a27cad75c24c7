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
import path from "node:path";
import { parseArgs } from "node:util";
import { cpuMs, insertWebhooks, summary, triggerDatabases, triggersOf } from "./trigger-cost";

const { values } = parseArgs({ options: { webhooks: { type: "string" }, rounds: { type: "string" }, variant: { type: "string" } } });
const N = Number(values.webhooks ?? 3000);
const ROUNDS = Number(values.rounds ?? 5);
const databases = triggerDatabases("consent-triggers", "consent", ["temp_store = MEMORY"]);
const variants: Record<string, string[] | null> = {
  now: null,
  first: triggersOf(path.resolve("prisma/migrations/20261206180500_consent_shoppers/migration.sql")),
  none: [],
};
if (values.variant) variants.file = triggersOf(path.resolve(values.variant));
/** Every order a new shopper's checkout, a tenth of them a repeat of an earlier shopper's. */
const checkoutToken = (i: number) => `checkout-${i % 10 === 9 ? i - 5 : i}`;

const results = new Map<string, number[]>();
const shapes = new Map<string, string>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [variant, triggers] of Object.entries(variants)) {
    const handle = databases.open(variant, triggers);
    const us = (cpuMs(() => insertWebhooks(handle.db, N, { checkoutToken, savepoint: true })) / N) * 1000;
    results.set(variant, [...(results.get(variant) ?? []), us]);
    const counts = handle.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM "ConsentShopper") || ' shopper entries, ' || (SELECT COUNT(*) FROM "ConsentDirty") || ' dirty names'`,
      )
      .pluck()
      .get() as string;
    shapes.set(variant, counts);
    databases.close(handle);
  }
}
databases.dispose();
console.log(`consent triggers, SQL only: ${N} webhooks, ${ROUNDS} rounds alternating; CPU microseconds per webhook`);
console.log("| triggers | min us | median us | mean us | left behind |\n| --- | ---: | ---: | ---: | --- |");
for (const [variant, list] of results) console.log(`| ${variant} | ${summary(list).join(" | ")} | ${shapes.get(variant)} |`);
