/**
 * npx tsx scripts/bench/consent-counts.ts --db <DATABASE_URL> [--pairs 7] [--shop big.myshopify.com]
 *
 * The consent page's counts per reason on a database seeded by
 * scripts/bench-admin-queries.ts (--keep): counting the rows (`shoppersByConsentReason`,
 * before docs/decisions/051) against the per-slot counts (`consentReasonCounts`: the
 * refresh of named slots and the read), in alternating pairs, after checking that both give
 * the same figures. Applies the pending migrations first and times them (the consent
 * backfill on an existing database). Prints medians and ranges; asserts nothing but the
 * equality.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { deployMigrations, useToolEnvironment } from "../lib/tool-database";

const { values } = parseArgs({ options: { db: { type: "string" }, pairs: { type: "string" }, shop: { type: "string" } } });
if (!values.db) throw new Error("--db <DATABASE_URL> is required (a database seeded by scripts/bench-admin-queries.ts --keep)");
const PAIRS = Number(values.pairs ?? 7);
const SHOP = values.shop ?? "big.myshopify.com";
const TZ = "America/New_York";

const migrating = performance.now();
deployMigrations(values.db);
console.log(`migrate deploy: ${((performance.now() - migrating) / 1000).toFixed(1)} s`);
useToolEnvironment({ DATABASE_URL: values.db });
const { default: prisma } = await import("../../app/db.server");
const { shoppersByConsentReason } = await import("../../app/db/statements/consent-counts.server");
const { consentPeriods, consentReasonCounts } = await import("../../app/models/consent-summary.server");

const now = (await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP }, select: { installedAt: true } })).installedAt;
const old = async () =>
  (await shoppersByConsentReason(prisma, SHOP, consentPeriods(TZ, now)))
    .map((r) => ({ reason: r.reason, action: r.action, today: Number(r.today), week: Number(r.week), month: Number(r.month) }))
    .sort((a, b) => b.month - a.month || a.reason.localeCompare(b.reason) || a.action.localeCompare(b.action));
const current = () => consentReasonCounts(SHOP, TZ, now);

const first = await current();
const reference = await old();
if (JSON.stringify(first) !== JSON.stringify(reference))
  throw new Error(`different figures:\n per-slot ${JSON.stringify(first)}\n rows     ${JSON.stringify(reference)}`);
console.log(`same figures both ways: ${JSON.stringify(first)}`);

const timings = { rows: [] as number[], slots: [] as number[] };
const time = async (f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};
console.log(
  `load average at start: ${loadavg()
    .map((n) => n.toFixed(1))
    .join(" / ")}`,
);
for (let i = 0; i < PAIRS; i++) {
  timings.rows.push(await time(old));
  timings.slots.push(await time(current));
  console.log(`pair ${i + 1}: rows ${timings.rows[i].toFixed(1)} ms, per-slot ${timings.slots[i].toFixed(1)} ms`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, xs] of Object.entries(timings))
  console.log(`${name}: median ${median(xs).toFixed(1)} ms, range ${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)} ms`);
console.log(
  `load average at end: ${loadavg()
    .map((n) => n.toFixed(1))
    .join(" / ")}`,
);
await prisma.$disconnect();
