// The fault run, full size:
//   npm run bench:fault -- [--database postgresql|sqlite] [--webhooks 10000] [--copies 3]
//     [--kills 5] [--worker inline|separate] [--concurrency 16] [--latency-ms 100] [--seed 11]
//     [--lease-seconds 15] [--timeout-minutes 90]
// Two instances of the built app on one database (a throwaway PostgreSQL cluster, or
// TANDEM_POSTGRES_URL; or a SQLite file), every webhook delivered --copies times, the Meta
// emulator down for the middle stretch, the second instance killed with SIGKILL --kills
// times. Prints what was sent, acknowledged, delivered, duplicated (kills vs other) and
// lost, and the drain time. Exit code 1 when an event is lost or a duplicate is unexplained.
import { mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildIfStale, migratedDatabase } from "../../scripts/lib/app-process";
import { deployMigrations, freshPostgresDatabase, useToolEnvironment } from "../../scripts/lib/tool-database";
import { runFaultRun } from "./fault-run";

const { values } = parseArgs({
  options: {
    database: { type: "string", default: "postgresql" },
    webhooks: { type: "string", default: "10000" },
    copies: { type: "string", default: "3" },
    kills: { type: "string", default: "5" },
    worker: { type: "string", default: "inline" },
    workers: { type: "string", default: "2" },
    concurrency: { type: "string", default: "16" },
    "latency-ms": { type: "string", default: "100" },
    "lease-seconds": { type: "string", default: "15" },
    seed: { type: "string", default: "11" },
    "timeout-minutes": { type: "string", default: "90" },
  },
});
if (values.database !== "postgresql" && values.database !== "sqlite") throw new Error("--database must be postgresql or sqlite");
if (values.worker !== "inline" && values.worker !== "separate") throw new Error("--worker must be inline or separate");
// The driver process's own configuration (its Prisma client reads the counts).
useToolEnvironment();

buildIfStale();
let dropDatabase = async () => {};
let url: string;
if (values.database === "postgresql") {
  const database = await freshPostgresDatabase(`fault_run_${process.pid}`);
  url = database.url;
  deployMigrations(url);
  dropDatabase = database.drop;
} else {
  const dir = path.resolve("tmp", `fault-run-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  url = migratedDatabase(path.join(dir, "fault.sqlite"));
  dropDatabase = async () => rmSync(dir, { recursive: true, force: true });
}
process.env.DATABASE_URL = url;

console.log(`fault run on ${values.database}: ${os.cpus().length} cores, Node ${process.version}`);
try {
  const r = await runFaultRun({
    databaseUrl: url,
    webhooks: Number(values.webhooks),
    copies: Number(values.copies),
    kills: Number(values.kills),
    worker: values.worker,
    separateWorkers: Number(values.workers),
    concurrency: Number(values.concurrency),
    metaLatencyMs: Number(values["latency-ms"]),
    leaseSeconds: Number(values["lease-seconds"]),
    seed: Number(values.seed),
    timeoutMs: Number(values["timeout-minutes"]) * 60_000,
    log: (line) => console.log(`  ${line}`),
  });
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log("");
  console.log(
    `webhooks: ${r.webhooks} distinct, ${r.deliveries} deliveries sent, ${r.acknowledged} acknowledged (200) after ${r.attempts} attempts in ${s(r.sendMs)}`,
  );
  console.log(
    `failed attempts (retried): ${r.failedAttempts.refused} connection refused, ${r.failedAttempts.reset} reset/closed, ${r.failedAttempts.timeout} timed out, by status ${JSON.stringify(r.failedAttempts.status)}`,
  );
  console.log(`database: ${r.outboxRows} outbox rows, ${r.webhookReceipts} webhook receipts, statuses ${JSON.stringify(r.statuses)}`);
  console.log(
    `Meta emulator down ${s(r.outage.ms)} (deliveries ${r.outage.fromDelivery}..${r.outage.toDelivery}), ${r.outage.refusedRequests} requests refused meanwhile`,
  );
  for (const [i, kill] of r.kills.entries()) {
    console.log(
      `kill ${i + 1}: pid ${kill.pid} at delivery ${kill.atDelivery}, down ${s(kill.downMs)}, ${kill.inFlightAccepted.length} events Meta had accepted while the dead worker held them`,
    );
  }
  console.log(`delivered (accepted by the emulator): ${r.delivered} distinct events, ${r.acceptedTotal} acceptances`);
  console.log(
    `duplicated: ${r.duplicates.length} events accepted more than once: ${r.duplicatesFromKills.length} held by a worker killed mid-request, ${r.duplicatesOther.length} other${r.duplicatesOther.length ? ` (${r.duplicatesOther.slice(0, 10).join(", ")})` : ""}`,
  );
  console.log(`lost: ${r.lost.length}${r.lost.length ? ` (${r.lost.slice(0, 10).join(", ")})` : ""}`);
  console.log(`drained ${s(r.drainMs)} after the last webhook was acknowledged; exit codes ${r.exitCodes.join(", ")}`);
  console.log(
    `load average (1 min): ${r.loadAverage.start.toFixed(1)} at start, mean ${r.loadAverage.mean.toFixed(1)}, max ${r.loadAverage.max.toFixed(1)}`,
  );
  if (r.lost.length || r.duplicatesOther.length || r.acknowledged !== r.deliveries) process.exitCode = 1;
} finally {
  await dropDatabase();
}
