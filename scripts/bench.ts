/**
 * npm run bench [-- --events N --warmup W --concurrency C --latency-ms L --rows floor,off,inline,baseline --rounds R --repeat K --database sqlite,postgresql --profile DIR]
 *
 * Webhook ingest, measured in one run on one machine with one load generator (a keep-alive
 * undici Pool, scripts/bench/load.ts) and the same signed Shopify-shaped orders/create
 * webhooks (scripts/bench/orders.ts):
 *   floor     a bare node:http server: HMAC, JSON.parse, one better-sqlite3 insert (WAL)
 *   off       Tandem's built app, WORKER=off: ingest only
 *   inline    Tandem's built app, WORKER=inline: the worker delivers to the Meta emulator meanwhile
 *   baseline  the inline design: verify, map, call Meta, then answer Shopify
 *   probe-off, probe-inline  (not run by default; SQLite only) PROBES: off and inline on a
 *             database without the admin's writes (scripts/bench/admin-writes-probe.ts), to
 *             price them; never a configuration
 * Prints figures and ratios; asserts nothing. --profile DIR runs Tandem under
 * `node --cpu-prof` and writes its .cpuprofile files there, one per thread: tandem-off.cpuprofile
 * (the main thread), tandem-inline-thread<N>.cpuprofile (worker threads); see
 * scripts/bench/profile-summary.ts.
 * --rounds R runs the rows R times, interleaved (floor, off, inline, ... then again), prints
 * each round's table and then each row's median and range over the rounds: a ratio is
 * computed within its round, so a floor that was slow in one round does not flatter the others.
 * --database postgresql runs Tandem's rows on a throwaway local PostgreSQL cluster
 * (scripts/db/postgres-cluster.mjs; durability off, like the tests) instead of SQLite;
 * --database sqlite,postgresql runs each of Tandem's rows on both, in the same round, and
 * PostgreSQL's rows report the connections the server saw opened during the measured run
 * (pg_stat_database.sessions), per second.
 * --repeat K delivers every measured webhook K times (the same webhook id and body, as
 * Shopify's retries and duplicates do): copy k of webhook i is sent at about position
 * i + k x 2C, so most repeats come after their first delivery was answered and some while
 * it is still in flight. Rates and CPU are per delivery (N x K of them).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startMetaEmulator, type MetaEmulator } from "./lib/meta-emulator";
import { buildIfStale, freePort, migratedDatabase, startApp } from "./lib/app-process";
import { configureShopWithCli } from "./lib/shop-configure";
import { deployMigrations } from "./lib/tool-database";
import { drive, openPool, quantile, type LoadResult, type SignedRequest } from "./bench/load";
import { signedOrders } from "./bench/orders";
import { withoutAdminWrites } from "./bench/admin-writes-probe";

const { values } = parseArgs({
  options: {
    events: { type: "string" },
    warmup: { type: "string" },
    concurrency: { type: "string" },
    "latency-ms": { type: "string" },
    rows: { type: "string" },
    rounds: { type: "string" },
    repeat: { type: "string" },
    profile: { type: "string" },
    database: { type: "string" },
  },
});
const N = Number(values.events ?? 2000);
const C = Number(values.concurrency ?? 20);
const LATENCY = Number(values["latency-ms"] ?? 100);
const ROWS = (values.rows ?? "floor,off,inline,baseline").split(",");
const ROUNDS = Number(values.rounds ?? 1);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`--rounds must be a whole number of 1 or more, not ${values.rounds}`);
const REPEAT = Number(values.repeat ?? 1);
if (!Number.isInteger(REPEAT) || REPEAT < 1) throw new Error(`--repeat must be a whole number of 1 or more, not ${values.repeat}`);
const DATABASES = (values.database ?? "sqlite").split(",");
const unknownDatabases = DATABASES.filter((database) => database !== "sqlite" && database !== "postgresql");
if (unknownDatabases.length > 0) throw new Error(`unknown database ${unknownDatabases.join(", ")}: use sqlite, postgresql or both`);
const PROFILE_DIR = values.profile ? path.resolve(values.profile) : null;
// Webhooks sent before the clock starts, to every row alike. The default (200) leaves much
// of V8's optimizing compilation inside the measured run; --warmup 2000 measures a server
// that has been up a while (docs/benchmarks.md reports both).
const WARMUP = values.warmup ? Number(values.warmup) : Math.min(200, Math.max(20, Math.floor(N / 10)));
const SHOP = "bench-store.myshopify.com";
const PIXEL = "1234567890123456";
const secret = randomBytes(24).toString("hex");

type Figures = {
  name: string;
  load: LoadResult;
  cpuMsPerWebhook: number;
  delivered: boolean;
  deliveredPerSecond: number;
  lagP95: number;
  requestsPer100: number;
  peakRssMb: number;
  failures: number;
  connectionsPerSecond: number;
};

/** CPU time (user + system) the process has used, in ms: robust to other work on a shared machine, unlike throughput. */
const cpuMs = (pid: number | undefined) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8")
    .replace(/^.*\) /s, "")
    .split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
};
const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
const peakRssMb = (pid: number | undefined) => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : NaN;
};

let nextOrderId = 7_000_000_000;
function orders(count: number) {
  const batch = signedOrders({ count, firstId: nextOrderId, shop: SHOP, secret });
  nextOrderId += count;
  return batch;
}

/** Each webhook `times` times: copy k of webhook i lands at about position i + k x 2C (see --repeat). */
function repeated(requests: SignedRequest[], times: number): SignedRequest[] {
  if (times === 1) return requests;
  const gap = 2 * C;
  const out: SignedRequest[] = [];
  for (let position = 0; position < requests.length + (times - 1) * gap; position++) {
    for (let copy = 0; copy < times; copy++) {
      const index = position - copy * gap;
      if (index >= 0 && index < requests.length) out.push(requests[index]);
    }
  }
  return out;
}

/**
 * Warms the server up (not measured), then sends N webhooks (each REPEAT times) at
 * concurrency C; waits for delivery when `meta` is given. `sessions` (PostgreSQL) reads
 * how many connections the server has seen opened to the app's database.
 */
async function measure(
  name: string,
  url: string,
  pid: number | undefined,
  meta: MetaEmulator | null,
  sessions: (() => Promise<number>) | null = null,
): Promise<Figures> {
  // Both batches signed before anything is sent: the measured run follows the warm-up at once.
  const warming = orders(WARMUP);
  const measured = repeated(orders(N), REPEAT);
  const pool = openPool(url, C);
  const warmup = await drive(pool, warming, C);
  const sessionsBefore = sessions ? await sessions() : NaN;
  const startedWall = Date.now();
  const cpuBefore = cpuMs(pid);
  const load = await drive(pool, measured, C).finally(() => pool.close());
  const cpuMsPerWebhook = (cpuMs(pid) - cpuBefore) / measured.length;
  // A backend reports its connection with its first statistics flush, within about a second.
  const connectionsPerSecond = sessions
    ? await new Promise((resolve) => setTimeout(resolve, 1_500)).then(sessions).then((after) => (after - sessionsBefore) / load.seconds)
    : NaN;
  const failedAnswers = measured.length - (load.statuses.get(200) ?? 0);
  if (!meta)
    return {
      name,
      load,
      cpuMsPerWebhook,
      delivered: false,
      deliveredPerSecond: NaN,
      lagP95: NaN,
      requestsPer100: NaN,
      peakRssMb: peakRssMb(pid),
      failures: failedAnswers,
      connectionsPerSecond,
    };

  const deadline = Date.now() + 300_000;
  // One event per distinct webhook, however often it was delivered.
  const expected = (warmup.statuses.get(200) ?? 0) + Math.min(N, load.statuses.get(200) ?? 0);
  while (meta.acceptedCount() < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const accepted = meta.accepted().filter((a) => load.sentAt.has(String(a.event.event_id)));
  const lags = accepted.map((a) => a.receivedAt - load.sentAt.get(String(a.event.event_id))!).sort((a, b) => a - b);
  const lastAccepted = Math.max(...accepted.map((a) => a.receivedAt));
  return {
    name,
    load,
    cpuMsPerWebhook,
    delivered: true,
    deliveredPerSecond: accepted.length / ((lastAccepted - startedWall) / 1000),
    lagP95: quantile(lags, 0.95),
    requestsPer100: (meta.requests().length / Math.max(1, meta.acceptedCount())) * 100,
    peakRssMb: peakRssMb(pid),
    failures: Math.max(failedAnswers, N - accepted.length),
    connectionsPerSecond,
  };
}

async function spawnScript(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts", "bench", script)], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function runFloor(): Promise<Figures> {
  const file = path.resolve("tmp", "bench", "floor.sqlite");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  mkdirSync(path.dirname(file), { recursive: true });
  const { child, url } = await spawnScript("floor-server.ts", { SECRET: secret, DB_FILE: file });
  try {
    return await measure("Floor (node:http + HMAC + JSON.parse + 1 SQLite insert)", url, child.pid, null);
  } finally {
    child.kill("SIGTERM");
  }
}

/** A fresh migrated database for Tandem: a SQLite file, or (--database postgresql) a database on a throwaway local cluster. */
let cluster: { url: string; stop(): Promise<void> } | null = null;
let databasesMade = 0;
async function tandemDatabase(name: string, probe: boolean, provider: string): Promise<string> {
  if (provider === "sqlite") {
    const url = migratedDatabase(path.resolve("tmp", "bench", `${name}.sqlite`));
    if (probe)
      console.log(
        `bench: probe database without the admin's writes: dropped ${withoutAdminWrites(url.replace(/^file:/, "")).dropped.length} triggers and indexes, ReceivedOrder inserts ignored`,
      );
    return url;
  }
  const { startPostgresCluster, databaseUrl } = await import("./db/postgres-cluster.mjs");
  cluster ??= await startPostgresCluster();
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  // A new database per run: --rounds runs each row more than once on the same cluster.
  const database = `${name.replace(/\W/g, "_")}_${++databasesMade}`;
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const url = databaseUrl(cluster.url, database);
  deployMigrations(url);
  return url;
}

async function runTandem(worker: "off" | "inline", probe: boolean, database: string): Promise<Figures> {
  // The token is declared for the pixel, so the emulator refuses any other as Meta would.
  const accessToken = `EAAbench${randomBytes(16).toString("hex")}`;
  const meta = worker === "inline" ? await startMetaEmulator({ latencyMs: LATENCY, tokenAccess: { [accessToken]: [PIXEL] } }) : null;
  const databaseUrl = await tandemDatabase(`tandem-bench-${probe ? "probe-" : ""}${worker}`, probe, database);
  const env = {
    SHOPIFY_API_KEY: "tandem-bench",
    SHOPIFY_API_SECRET: secret,
    SHOPIFY_APP_URL: "http://127.0.0.1",
    SCOPES: "read_orders",
    DATABASE_URL: databaseUrl,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    META_GRAPH_API_URL: meta?.url ?? "http://127.0.0.1:9",
    WORKER: worker,
  };
  // Each thread writes its own profile (one --cpu-prof-name would make the delivery
  // thread's overwrite the main thread's): into a directory of this run, renamed at the end.
  const profileRun = PROFILE_DIR && path.join(PROFILE_DIR, `.tandem-${worker}-run`);
  if (profileRun) {
    rmSync(profileRun, { recursive: true, force: true });
    mkdirSync(profileRun, { recursive: true });
  }
  const app = await startApp(env, { nodeArgs: profileRun ? ["--cpu-prof", "--cpu-prof-dir", profileRun] : [] });
  const stats = database === "postgresql" ? await statsClient(databaseUrl) : null;
  try {
    await configureShopWithCli({ shop: SHOP, pixelId: PIXEL, accessToken, consentMode: "off", env });
    const name = `${worker === "inline" ? "Tandem, inline worker delivering" : "Tandem, ingest only (WORKER=off)"}${DATABASES.length > 1 ? `, ${database}` : ""}`;
    return await measure(
      probe ? `PROBE: ${name}, without the admin's writes` : name,
      app.url,
      app.child.pid,
      meta,
      stats?.sessions ?? null,
    );
  } finally {
    await stats?.end();
    await app.stop();
    await meta?.close();
    if (profileRun) nameProfiles(profileRun, `tandem-${worker}`);
    // The app logs its group commit figures when it stops (app/ingest/group-commit.server.ts).
    const line = app
      .output()
      .split("\n")
      .find((text) => text.includes("ingest group commit"));
    let group: {
      transactions?: number;
      writes?: number;
      meanGroup?: number;
      busyRetries?: number;
      busyWaitMs?: number;
      restarts?: number;
      restartMs?: number;
      longestRestartMs?: number;
    } | null = null;
    try {
      group = line ? JSON.parse(line) : null;
    } catch {
      group = null;
    }
    if (group?.transactions)
      console.log(
        `bench: ${worker === "inline" ? "inline" : "off"}: ingest group commit: ${group.writes} writes in ${group.transactions} transactions (mean ${group.meanGroup} per commit, warm-up included); ${group.busyRetries ?? 0} busy retries, ${group.busyWaitMs ?? 0} ms of retry delays; ${group.restarts ?? 0} RESTART checkpoints, ${group.restartMs ?? 0} ms in all, longest ${group.longestRestartMs ?? 0} ms`,
      );
  }
}

/**
 * Node names a profile CPU.<date>.<time>.<pid>.<thread id>.<n>.cpuprofile. The main
 * thread's (thread 0) becomes PREFIX.cpuprofile, each worker thread's (the delivery
 * thread, the WAL checkpointer) PREFIX-thread<id>.cpuprofile.
 */
function nameProfiles(directory: string, prefix: string): void {
  for (const file of readdirSync(directory)) {
    const thread = /^CPU\.\d+\.\d+\.\d+\.(\d+)\.\d+\.cpuprofile$/.exec(file)?.[1];
    if (thread === undefined) continue;
    const name = thread === "0" ? `${prefix}.cpuprofile` : `${prefix}-thread${thread}.cpuprofile`;
    renameSync(path.join(directory, file), path.join(PROFILE_DIR!, name));
  }
  rmSync(directory, { recursive: true, force: true });
}

/** A connection of the bench's own to the app's PostgreSQL database, reading how many sessions the server has opened to it. */
async function statsClient(databaseUrl: string): Promise<{ sessions(): Promise<number>; end(): Promise<void> }> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return {
    sessions: async () =>
      Number(
        (await client.query<{ sessions: string }>("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")).rows[0]
          .sessions,
      ),
    end: () => client.end(),
  };
}

async function runBaseline(): Promise<Figures> {
  // The baseline's fixed token, declared for the pixel as Tandem's rows declare theirs.
  const meta = await startMetaEmulator({ latencyMs: LATENCY, tokenAccess: { EAAbaseline0000000000000: [PIXEL] } });
  const { child, url } = await spawnScript("inline-baseline.ts", { SECRET: secret, META_URL: meta.url, PIXEL });
  try {
    return await measure("Inline baseline (Meta called before answering)", url, child.pid, meta);
  } finally {
    child.kill("SIGTERM");
    await meta.close();
  }
}

/** The rows; Tandem's run once per database of --database. */
const RUNS: Record<string, (database: string) => Promise<Figures>> = {
  floor: runFloor,
  off: (database) => runTandem("off", false, database),
  inline: (database) => runTandem("inline", false, database),
  baseline: runBaseline,
  "probe-off": (database) => runTandem("off", true, database),
  "probe-inline": (database) => runTandem("inline", true, database),
};
const PER_DATABASE = new Set(["off", "inline", "probe-off", "probe-inline"]);

// Refused before anything runs, not after the rows before it have taken their minutes.
const unknownRows = ROWS.filter((key) => !Object.hasOwn(RUNS, key));
if (unknownRows.length > 0) throw new Error(`unknown row ${unknownRows.join(", ")}: use ${Object.keys(RUNS).join(", ")}`);
if (DATABASES.includes("postgresql") && ROWS.some((key) => key.startsWith("probe-")))
  throw new Error("the probe rows (probe-off, probe-inline) run on SQLite only");
/** What one round runs, in order: a row, or a Tandem row on one database (keyed `off@postgresql` when --database names both). */
const PLAN = ROWS.flatMap((row) =>
  PER_DATABASE.has(row)
    ? DATABASES.map((database) => ({ key: DATABASES.length > 1 ? `${row}@${database}` : row, run: () => RUNS[row](database) }))
    : [{ key: row, run: () => RUNS[row]("sqlite") }],
);

buildIfStale();
console.log(
  `bench: ${N} orders/create webhooks${REPEAT > 1 ? `, each delivered ${REPEAT} times,` : ""} (after ${WARMUP} warm-up) at concurrency ${C}, load generator: undici Pool (keep-alive, ${C} connections); Meta emulator latency ${LATENCY} ms; Tandem on ${DATABASES.join(" and ")}; ${os.cpus().length} cores, ${os.cpus()[0]?.model}, Node ${process.version}`,
);
const rounds: Map<string, Figures>[] = [];
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const results = new Map<string, Figures>();
    for (const { key, run } of PLAN) results.set(key, await run());
    rounds.push(results);
    if (ROUNDS > 1) console.log(`\nround ${round} of ${ROUNDS}:`);
    printRound(results);
  }
} finally {
  await (cluster as { stop(): Promise<void> } | null)?.stop();
}
if (ROUNDS > 1) printSummary(rounds);

/** Deliveries answered per second (each repeat counts). */
function rate(f: Figures): number {
  return f.load.latencies.length / f.load.seconds;
}
function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "-";
}

function printRound(results: Map<string, Figures>): void {
  const floor = results.get("floor");
  const baseline = results.get("baseline");
  console.log(
    "\n| run | ingest p50 ms | p95 ms | p99 ms | ingest webhooks/s | share of floor | x inline baseline | server CPU ms per webhook | CPU share of floor | delivered events/s | end-to-end lag p95 s | Meta requests per 100 events | peak RSS MB | lost or failed | database connections opened/s |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const f of results.values()) {
    const l = f.load.latencies;
    console.log(
      `| ${f.name} | ${fixed(quantile(l, 0.5), 1)} | ${fixed(quantile(l, 0.95), 1)} | ${fixed(quantile(l, 0.99), 1)} | ${rate(f).toFixed(0)} | ` +
        `${floor ? `${((rate(f) / rate(floor)) * 100).toFixed(0)}%` : "-"} | ${baseline ? `${(rate(f) / rate(baseline)).toFixed(2)}x` : "-"} | ` +
        `${f.cpuMsPerWebhook.toFixed(2)} | ${floor ? `${((floor.cpuMsPerWebhook / f.cpuMsPerWebhook) * 100).toFixed(0)}%` : "-"} | ` +
        `${fixed(f.deliveredPerSecond, 0)} | ${fixed(f.lagP95 / 1000, 2)} | ${fixed(f.requestsPer100, 2)} | ${fixed(f.peakRssMb, 0)} | ${f.failures} | ${fixed(f.connectionsPerSecond, 1)} |`,
    );
  }
}

/** Each row's median and range over the rounds; shares and multiples are taken within a round first. */
function printSummary(all: Map<string, Figures>[]): void {
  const median = (values: number[]) => {
    const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
    if (sorted.length === 0) return NaN;
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const spread = (values: number[], digits: number, unit = "") => {
    const finite = values.filter(Number.isFinite);
    if (finite.length === 0) return "-";
    return `${fixed(median(finite), digits)}${unit} (${fixed(Math.min(...finite), digits)}-${fixed(Math.max(...finite), digits)})`;
  };
  console.log(`\nover ${all.length} rounds: median (lowest-highest)\n`);
  console.log(
    "| run | ingest webhooks/s | share of floor | x inline baseline | p99 ms | server CPU ms per webhook | database connections opened/s | rounds at >= 50% of the floor with p99 <= 50 ms |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const { key } of PLAN) {
    const figures = all.map((round) => round.get(key)!);
    const shares = all.map((round) => (round.has("floor") ? (rate(round.get(key)!) / rate(round.get("floor")!)) * 100 : NaN));
    const multiples = all.map((round) => (round.has("baseline") ? rate(round.get(key)!) / rate(round.get("baseline")!) : NaN));
    const p99s = figures.map((f) => quantile(f.load.latencies, 0.99));
    const meeting = all.filter((_, i) => shares[i] >= 50 && p99s[i] <= 50).length;
    console.log(
      `| ${figures[0].name} | ${spread(figures.map(rate), 0)} | ${spread(shares, 0, "%")} | ${spread(multiples, 2, "x")} | ${spread(p99s, 1)} | ` +
        `${spread(
          figures.map((f) => f.cpuMsPerWebhook),
          2,
        )} | ${spread(
          figures.map((f) => f.connectionsPerSecond),
          1,
        )} | ${key === "floor" || key === "baseline" || !all[0].has("floor") ? "-" : `${meeting} of ${all.length}`} |`,
    );
  }
}
