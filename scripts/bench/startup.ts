/**
 * npx tsx scripts/bench/startup.ts [--runs 5] [--worker inline|off]
 *
 * What starting the built app costs: starts `npm start` (scripts/start.mjs) on a fresh
 * SQLite database, waits until /healthz answers and then 3 s more (the inline delivery
 * thread has started and polled), and reads the process's CPU time (user + system, every
 * thread) and peak resident memory (VmHWM). Idle: no webhook is sent. Prints each run and
 * the median; asserts nothing. Builds first when the build is stale.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildIfStale, migratedDatabase, startApp } from "../lib/app-process";

const { values } = parseArgs({ options: { runs: { type: "string" }, worker: { type: "string" } } });
const RUNS = Number(values.runs ?? 5);
const WORKER = values.worker ?? "inline";
const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8")
    .replace(/^.*\) /s, "")
    .split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
};
const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;
const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];

buildIfStale();
const figures: { cpu: number; rss: number }[] = [];
for (let run = 1; run <= RUNS; run++) {
  const env = {
    SHOPIFY_API_KEY: "tandem-startup",
    SHOPIFY_API_SECRET: randomBytes(16).toString("hex"),
    SHOPIFY_APP_URL: "http://127.0.0.1",
    SCOPES: "read_orders",
    DATABASE_URL: migratedDatabase(path.resolve("tmp", "bench", "startup.sqlite")),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    META_GRAPH_API_URL: "http://127.0.0.1:9",
    WORKER,
  };
  const app = await startApp(env);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const pid = app.child.pid!;
  figures.push({ cpu: cpuMs(pid), rss: peakRssMb(pid) });
  await app.stop();
  console.log(`run ${run}: CPU ${figures.at(-1)!.cpu.toFixed(0)} ms, peak RSS ${figures.at(-1)!.rss.toFixed(0)} MB`);
}
console.log(
  `WORKER=${WORKER}, ${RUNS} runs: median CPU to start ${median(figures.map((f) => f.cpu)).toFixed(0)} ms (${Math.min(...figures.map((f) => f.cpu)).toFixed(0)}-${Math.max(...figures.map((f) => f.cpu)).toFixed(0)}), median peak RSS ${median(figures.map((f) => f.rss)).toFixed(0)} MB (${Math.min(...figures.map((f) => f.rss)).toFixed(0)}-${Math.max(...figures.map((f) => f.rss)).toFixed(0)})`,
);
