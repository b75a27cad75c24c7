// Delivery throughput against the Meta emulator, on a fresh migrated SQLite file or
// (--database postgresql) a database on a throwaway local PostgreSQL cluster
// (scripts/db/postgres-cluster.mjs, or the server TANDEM_POSTGRES_URL names):
//   npm run bench:delivery -- [--database sqlite|postgresql] [--rows 10000] [--batch 500] [--concurrency 4] [--latency-ms 0]
//                             [--rollup-triggers on|off]
// Prints figures; asserts only that every event reached the emulator exactly once.
// `--rollup-triggers off` drops the admin's rollup triggers (docs/decisions/016) after migrating, to
// measure what they cost delivery in alternating pairs; never a setting of the app.
// The event loop's utilisation during delivery says whether the worker waits (on Meta, on
// a lock) or is bound by its own CPU (the emulator runs in this process too).
// Timing belongs here, not in the tests: on shared 2-core machines a timing assertion is noise.
import { mkdirSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { deployMigrations, freshPostgresDatabase, useToolEnvironment } from "../../scripts/lib/tool-database";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "10000" },
    batch: { type: "string", default: "500" },
    concurrency: { type: "string", default: "4" },
    "latency-ms": { type: "string", default: "0" },
    database: { type: "string", default: "sqlite" },
    "rollup-triggers": { type: "string", default: "on" },
  },
});
if (values.database !== "sqlite" && values.database !== "postgresql") throw new Error("--database must be sqlite or postgresql");
if (values["rollup-triggers"] !== "on" && values["rollup-triggers"] !== "off") throw new Error("--rollup-triggers must be on or off");
const rows = Number(values.rows);
const dir = path.resolve("tmp", `bench-delivery-${process.pid}`);
mkdirSync(dir, { recursive: true });
let databaseUrl = `file:${path.join(dir, "bench.sqlite")}`;
let dropDatabase = async () => {};
if (values.database === "postgresql") {
  const database = await freshPostgresDatabase(`bench_delivery_${process.pid}`);
  databaseUrl = database.url;
  dropDatabase = database.drop;
}
deployMigrations(databaseUrl);
if (values["rollup-triggers"] === "off") await dropRollupTriggers(values.database, databaseUrl);
useToolEnvironment({ DATABASE_URL: databaseUrl });

const { startMetaEmulator } = await import("../../scripts/lib/meta-emulator");
const { claimDueEvents } = await import("../../app/outbox/claim.server");
const { releaseOwned } = await import("../../app/outbox/lease-transitions.server");
const { refreshAllRollups } = await import("../../app/models/admin-rollup.server");
const { db, seedDestination, seedEvents, workerFor, acceptedOnce } = await import("./fixtures");

const emulator = await startMetaEmulator({ latencyMs: Number(values["latency-ms"]) });
try {
  const d = await seedDestination();
  let t = performance.now();
  const ids = await seedEvents(d, { count: rows });
  console.log(`seeded ${rows} outbox rows in ${Math.round(performance.now() - t)} ms`);

  // The claim alone, with the whole backlog due (worst case for ORDER BY nextAttemptAt).
  const claimLimit = Number(values.batch) * Number(values.concurrency);
  t = performance.now();
  const probe = await claimDueEvents({ workerId: "probe", limit: claimLimit, leaseMs: 60_000, now: new Date() });
  console.log(`one claim of ${probe.length} from a due backlog of ${rows}: ${(performance.now() - t).toFixed(1)} ms`);
  await releaseOwned(db, "probe", new Date(Date.now() - 1_000));

  // The rollups of the seeded rows are brought up to date first, as a running worker's
  // housekeeping keeps them: the worker's own housekeeping at start then finds nothing to do.
  await refreshAllRollups({ db });
  // The worker's own loop (start), as in production: it claims its next rows while a
  // run's last requests are in flight.
  let iterations = 0;
  let delivered = 0;
  let requests = 0;
  let finish = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  // A delivery that never completes ends the bench after ten minutes, reported as missing rows.
  setTimeout(() => finish(), 600_000).unref();
  const worker = workerFor(emulator, {
    batchSize: Number(values.batch),
    maxConcurrentRequests: Number(values.concurrency),
    timeoutMs: 10_000,
    log: (level, message, fields) => {
      if (level === "error") console.error(message, fields);
      if (message !== "delivery iteration") return;
      iterations += 1;
      delivered += Number(fields?.delivered ?? 0);
      requests += Number(fields?.requests ?? 0);
      if (delivered >= rows) finish();
    },
  });
  const loopBefore = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  t = performance.now();
  worker.start();
  await finished;
  const seconds = (performance.now() - t) / 1000;
  const loop = performance.eventLoopUtilization(loopBefore);
  const cpu = process.cpuUsage(cpuBefore);
  await worker.stop();
  const check = acceptedOnce(emulator, d.pixelId, ids);
  console.log(
    `delivered ${delivered}/${rows} in ${seconds.toFixed(2)} s = ${Math.round(delivered / seconds)} events/s ` +
      `(${requests} requests, ${iterations} iterations, batch ${values.batch}, concurrency ${values.concurrency}, emulator latency ${values["latency-ms"]} ms, ${values.database})`,
  );
  console.log(
    `event loop busy ${(loop.utilization * 100).toFixed(0)}% of the delivery's wall time; process CPU ${((cpu.user + cpu.system) / 1000 / delivered).toFixed(3)} ms per event; ` +
      `rollup triggers ${values["rollup-triggers"]}; load average ${loadavg()[0].toFixed(1)}`,
  );
  console.log(`missing at the emulator: ${check.missing.length}, accepted twice: ${check.doubled.length}`);
  if (check.missing.length || check.doubled.length || delivered !== rows) process.exitCode = 1;
} finally {
  await emulator.close();
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
  await dropDatabase();
}

/** Drops the rollup triggers by name (the outbox's other triggers stay), on either provider. */
async function dropRollupTriggers(database: string, url: string): Promise<void> {
  if (database === "sqlite") {
    const { default: Database } = await import("better-sqlite3");
    const sqlite = new Database(url.replace(/^file:/, ""));
    const names = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_rollup\\_%' ESCAPE '\\'")
      .pluck()
      .all() as string[];
    for (const name of names) sqlite.exec(`DROP TRIGGER "${name}"`);
    console.log(`rollup triggers dropped: ${names.length}`);
    sqlite.close();
    return;
  }
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows: triggers } = await client.query<{ name: string; table: string }>(
    `SELECT t.tgname AS name, c.relname AS table FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND t.tgname LIKE '%\\_rollup\\_%'`,
  );
  for (const { name, table } of triggers) await client.query(`DROP TRIGGER "${name}" ON "${table}"`);
  console.log(`rollup triggers dropped: ${triggers.length}`);
  await client.end();
}
