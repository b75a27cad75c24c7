/**
 * The overview's and the match quality page's loader reads on a big shop, one by one, in
 * CPU time (the process's user + system time, which the machine's load does not inflate)
 * and wall time; with --queries, each statement that took 20 ms or more.
 *   npx tsx scripts/bench/admin-loader-reads.ts --db tmp/bench-admin/bench.sqlite [--rounds 3] [--only accuracy] [--queries]
 * Runs on a COPY of the file: the reads refresh the rollups and the planner's statistics.
 * Round 0 warms the process (module loading, the first connection's PRAGMA optimize) and
 * is printed but not meant to be compared. Not a test: figures go to docs/benchmarks.md.
 */
import path from "node:path";
import { loadavg } from "node:os";
import { PrismaClient } from "@prisma/client";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DB = path.resolve(arg("db") ?? "tmp/bench-admin/bench.sqlite");
const ROUNDS = Number(arg("rounds") ?? 3);
const ONLY = arg("only");
const SHOP = "big.myshopify.com";
/** The Admin API stand-in's shop zone, as the web-vitals bench sees it. */
const TIMEZONE = "America/New_York";

process.env.DATABASE_URL = `file:${DB}`;
const { createSqliteAdapter } = await import("../../app/db/sqlite-adapter.server");
const client = new PrismaClient({ adapter: createSqliteAdapter(process.env.DATABASE_URL), log: [{ emit: "event", level: "query" }] });
const slow: { ms: number; query: string }[] = [];
client.$on("query", (e) => {
  if (e.duration >= 20) slow.push({ ms: e.duration, query: e.query.replace(/\s+/g, " ").slice(0, 200) });
});
// The app's modules use this client (app/db.server.ts reuses a client already made).
globalThis.tandemPrisma = client;

const { getShopOverview } = await import("../../app/models/overview.server");
const { evaluateConditions } = await import("../../app/models/health-conditions.server");
const { dailyGaps } = await import("../../app/models/orders.server");
const { dedupByDay } = await import("../../app/models/dedup-trend.server");
const { qualitySummary } = await import("../../app/quality/quality-summary.server");
const { accuracyByDay } = await import("../../app/models/accuracy.server");
const { getPixelQuality } = await import("../../app/quality/quality-view.server");
const { getMetaCounts } = await import("../../app/models/meta-count-view.server");
const { matchKeyCoverage } = await import("../../app/models/overview-stats.server");
const { listAuditFindings } = await import("../../app/models/audit-findings.server");
const { addDays, dayOf } = await import("../../app/models/shop-time");

const now = new Date();
const today = dayOf(now, TIMEZONE);
const reads: [string, () => Promise<unknown>][] = [
  ["overview: getShopOverview (whole)", () => getShopOverview(SHOP, { timezone: TIMEZONE })],
  ["overview: evaluateConditions (inside the above)", () => evaluateConditions(SHOP, now)],
  ["overview: dailyGaps, 14 days", () => dailyGaps(SHOP, addDays(today, -13), today, TIMEZONE)],
  ["overview: dedupByDay, 14 days", () => dedupByDay(SHOP, addDays(today, -13), today, TIMEZONE)],
  ["overview: qualitySummary", () => qualitySummary(SHOP, now, TIMEZONE)],
  ["overview and orders figures: accuracyByDay, 7 days", () => accuracyByDay(SHOP, addDays(today, -6), today, TIMEZONE)],
  ["quality: getPixelQuality", () => getPixelQuality(SHOP, { timezone: TIMEZONE, now })],
  ["quality: getMetaCounts", () => getMetaCounts(SHOP, { timezone: TIMEZONE, now })],
  ["quality: matchKeyCoverage, 7 days", () => matchKeyCoverage(SHOP, new Date(now.getTime() - 7 * 86_400_000))],
  ["quality: listAuditFindings", () => listAuditFindings(SHOP)],
];

console.log(
  `load average at start: ${loadavg()
    .map((n) => n.toFixed(1))
    .join(" / ")}; database ${DB}`,
);
for (let round = 0; round <= ROUNDS; round++) {
  for (const [name, read] of reads) {
    if (ONLY && !name.includes(ONLY)) continue;
    slow.length = 0;
    const wall = performance.now();
    const cpu = process.cpuUsage();
    await read();
    const used = process.cpuUsage(cpu);
    console.log(
      `round ${round} | ${name} | ${Math.round((used.user + used.system) / 1000)} ms CPU | ${Math.round(performance.now() - wall)} ms wall`,
    );
    if (process.argv.includes("--queries"))
      for (const s of slow.sort((a, b) => b.ms - a.ms)) console.log(`    ${Math.round(s.ms)} ms ${s.query}`);
  }
}
await client.$disconnect();
