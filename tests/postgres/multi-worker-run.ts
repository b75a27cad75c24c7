// Several worker processes on one PostgreSQL database:
//   npm run bench:workers -- [--workers 2] [--events 20000] [--fail-every 10] [--batch 100]
// A throwaway PostgreSQL cluster (or TANDEM_POSTGRES_URL), the Meta emulator failing one
// request in --fail-every. Prints drain time, requests and how many events Meta accepted
// twice (must be 0) or never (must be 0).
import { parseArgs } from "node:util";
import { deployMigrations, freshPostgresDatabase, useToolEnvironment } from "../../scripts/lib/tool-database";

const { values } = parseArgs({
  options: {
    workers: { type: "string", default: "2" },
    events: { type: "string", default: "20000" },
    "fail-every": { type: "string", default: "10" },
    batch: { type: "string", default: "100" },
  },
});
const database = await freshPostgresDatabase(`multi_worker_${process.pid}`);
const url = database.url;
useToolEnvironment({ DATABASE_URL: url });
try {
  deployMigrations(url);
  const { runMultiWorker } = await import("./multi-worker");
  const result = await runMultiWorker({
    databaseUrl: url,
    workers: Number(values.workers),
    events: Number(values.events),
    failEvery: Number(values["fail-every"]),
    batchSize: Number(values.batch),
    log: (line) => console.log(line),
  });
  console.log(
    `${result.workers} workers, ${result.events} events: drained in ${(result.drainMs / 1000).toFixed(1)} s ` +
      `(${Math.round(result.events / (result.drainMs / 1000))} events/s, from worker start), ${result.requests} requests, ${result.failedRequests} failed by the emulator`,
  );
  console.log(
    `per worker: ${result.perWorker.join(", ")}; statuses ${JSON.stringify(result.statuses)}; exit codes ${result.exitCodes.join(", ")}`,
  );
  console.log(
    `accepted twice: ${result.sentTwice.length}${result.sentTwice.length ? ` (${result.sentTwice.slice(0, 10).join(", ")})` : ""}; never accepted: ${result.missing.length}`,
  );
  if (result.sentTwice.length || result.missing.length) process.exitCode = 1;
} finally {
  await database.drop();
}
