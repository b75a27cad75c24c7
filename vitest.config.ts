import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { fileURLToPath } from "node:url";
import { findPostgresBin } from "./scripts/db/postgres-cluster.mjs";
import HeaviestFirst from "./tests/support/heaviest-first.ts";

/**
 * Tests split by weight (README, "Tests"), each a vitest project; `npm test` runs them all:
 * - `unit`: no global set-up, no database, no build: the domain, formatting, the emulator,
 *   the extensions' code. `npm run test:unit` while working.
 * - `integration` and `integration-postgresql`: a real database, each test file on its own
 *   copy of a migrated template (a SQLite file; a database in a throwaway PostgreSQL
 *   cluster), real HTTP servers on 127.0.0.1 (docs/decisions/010-postgresql-provider.md).
 * - `browser`: the built app and Debian's Chromium.
 * - `soak` and `soak-postgresql`: fault runs and several processes (the built app killed and
 *   restarted, hostile traffic, several workers and instances on one PostgreSQL).
 * Without PostgreSQL installed (or with TANDEM_TEST_POSTGRES=off) the PostgreSQL projects
 * run one test that says why they did not run; in CI that test fails instead.
 */

// No database, no build, no server of the app's own: safe to run anywhere, in parallel.
const UNIT = [
  "app/capi/**/*.test.ts",
  "app/format/**/*.test.ts",
  "app/outbox/{status,decide-row,fill-browser-ids}.test.ts",
  "app/db/row-id.test.ts",
  "app/delivery/retry-policy.test.ts",
  "app/ingest/group-commit.test.ts",
  "app/http/after-the-shell.test.ts",
  "app/meta/**/*.test.ts",
  "app/models/shop-time.test.ts",
  "app/models/order-money.test.ts",
  "app/components/chart-a11y.test.ts",
  "extensions/**/*.test.ts",
  "scripts/cli/**/*.test.ts",
  "tests/meta-emulator/**/*.test.ts",
  "tests/storefront/{event-id-vectors,theme-layout,bundle-sizes,theme-check}.test.ts",
  "tests/fixtures/**/*.test.ts",
  "tests/shopify/storefront-config.test.ts",
  "tests/foundation/lint-rules.test.ts",
  "tests/foundation/test-layout.test.ts",
  "tests/support/heaviest-first.test.ts",
];
const BROWSER = ["**/*.browser.test.ts"];
// Processes started, killed and restarted; minutes of traffic. Both providers.
const SOAK = ["tests/pipeline/crash.test.ts", "tests/hostile/hostile-run.test.ts"];
// Several instances and workers on one PostgreSQL server: nothing to run on SQLite.
const SOAK_POSTGRES_ONLY = ["tests/postgres/{multi-worker,fault-run}.test.ts"];
const POSTGRES_ONLY = ["tests/postgres/{notify,pool-size}.test.ts"];
// Not database behaviour (configuration parsing), or SQLite's own file handling (the WAL
// checkpointer, the admin-writes probe): the SQLite run covers them.
const NOT_ON_POSTGRES = [
  "tests/foundation/config.test.ts",
  "tests/postgres/unavailable.test.ts",
  "app/db/wal-checkpointer.test.ts",
  "scripts/bench/admin-writes-probe.test.ts",
];
// Files that change the process's time zone (process.env.TZ): a worker thread cannot, so they
// run in a process of their own (`forks`), in projects named `integration*-own-process`.
const OWN_PROCESS = ["tests/ingest/ingest-store.test.ts"];
const ALL = ["app/**/*.test.ts", "tests/**/*.test.ts", "extensions/**/*.test.ts", "scripts/**/*.test.ts"];
const IGNORED = ["**/node_modules/**"];

const postgresOff = process.env.TANDEM_TEST_POSTGRES === "off";
const postgres = findPostgresBin();
const postgresRuns = !postgresOff && (postgres.bin !== null || Boolean(process.env.TANDEM_TEST_POSTGRES_URL));
const postgresReason = postgresOff ? "TANDEM_TEST_POSTGRES=off" : (postgres.reason ?? "unknown");
if (!postgresRuns) console.warn(`PostgreSQL tests will not run: ${postgresReason}`);

// Two phases, one after the other. These machines have 2 cores.
// - Files in-process (unit, integration on both providers): integration files spend most of
//   their time waiting on SQLite's syncs, PostgreSQL and local HTTP servers, so three at once
//   fill the cores without starving them, and the unit files (CPU only) fill the gaps.
// - Files that start whole processes (browser: the built app and Chromium; soak: the built
//   app killed and restarted, several workers): three at once, the soak files beside the
//   browser files. Two at once left most of a core idle: these files wait on the app's
//   answers, Chromium's rendering, delivery leases and polled conditions more than they
//   compute (docs/decisions/077).
// Within a phase the longest files start first (tests/support/heaviest-first.ts).
// The in-process files run in worker threads (docs/decisions/028), and a thread runs one
// integration file after another: each file gets fresh modules of the app, its own
// process.env and database, while the packages Node loaded stay (docs/decisions/073). The
// files that start whole processes stay in forks.
// `npm run test:unit` runs the unit files alone while working. Vitest requires one worker
// count per group order.
const WEIGHTS = {
  unit: { groupOrder: 0, maxWorkers: Number(process.env.TANDEM_TEST_WORKERS ?? 3), pool: "threads" },
  integration: { groupOrder: 0, maxWorkers: Number(process.env.TANDEM_TEST_WORKERS ?? 3), pool: "threads" },
  ownProcess: { groupOrder: 0, maxWorkers: Number(process.env.TANDEM_TEST_WORKERS ?? 3), pool: "forks" },
  browser: { groupOrder: 1, maxWorkers: Number(process.env.TANDEM_TEST_PROCESS_WORKERS ?? 3), pool: "forks" },
  soak: { groupOrder: 1, maxWorkers: Number(process.env.TANDEM_TEST_PROCESS_WORKERS ?? 3), pool: "forks" },
} as const;
type Weight = keyof typeof WEIGHTS;

const schedule = (weight: Weight) => ({
  pool: WEIGHTS[weight].pool,
  maxWorkers: WEIGHTS[weight].maxWorkers,
  sequence: { groupOrder: WEIGHTS[weight].groupOrder },
  // The integration files share their worker threads: the packages stay loaded between
  // files, and tests/setup-shared-thread.ts gives each file fresh modules, its own
  // process.env and fetch, closes its database client and fails it if it left work running
  // (docs/decisions/073).
  ...(weight === "integration" ? { isolate: false } : {}),
  // A browser file's own work runs in the processes it starts (the built app, Chromium): its
  // worker process is reused by the next browser file instead of a fresh process loading the
  // same packages again, and tests/setup-reused-worker.ts gives each file fresh modules, the
  // process.env the process started with and a closed database client (docs/decisions/077).
  ...(weight === "browser" ? { isolate: false } : {}),
});
const setupFiles = (weight: Weight) =>
  weight === "integration"
    ? ["tests/setup-shared-thread.ts", "tests/setup-env.ts"]
    : weight === "browser"
      ? ["tests/setup-reused-worker.ts", "tests/setup-env.ts"]
      : ["tests/setup-env.ts"];

const onSqlite = (name: string, weight: Weight, include: string[], exclude: string[]): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name,
    include,
    exclude: [...IGNORED, ...exclude],
    // Only the weights that start the built app build it (once, if the sources are newer).
    globalSetup: [
      weight === "browser" ? "tests/global-setup-browser.ts" : weight === "soak" ? "tests/global-setup-built.ts" : "tests/global-setup.ts",
    ],
    setupFiles: setupFiles(weight),
    ...schedule(weight),
  },
});

const onPostgres = (name: string, weight: Weight, include: string[], exclude: string[]): TestProjectInlineConfiguration =>
  postgresRuns
    ? {
        extends: true,
        test: {
          name,
          include,
          exclude: [...IGNORED, ...exclude],
          globalSetup: ["tests/global-setup-postgres.ts"],
          setupFiles: setupFiles(weight),
          ...schedule(weight),
        },
      }
    : {
        extends: true,
        test: {
          name,
          include: ["tests/postgres/unavailable.test.ts"],
          env: { TANDEM_POSTGRES_UNAVAILABLE: postgresReason },
          ...schedule(weight),
        },
      };

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    environment: "node",
    // Bounds, not expected times: a test waits for conditions and ends when they hold. Files
    // run side by side on 2 cores, and a seeded month or 2,000 deliveries took 40-90 s on a
    // loaded machine, where 30 s bounds turned slowness into failures.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    sequence: { sequencer: HeaviestFirst },
    projects: [
      {
        extends: true,
        // Pure modules, no state between files: one module cache per worker thread instead
        // of a fresh process per file halves the unit files' CPU time.
        test: { name: "unit", include: UNIT, exclude: IGNORED, isolate: false, ...schedule("unit") },
      },
      onSqlite("integration", "integration", ALL, [
        ...UNIT,
        ...BROWSER,
        ...SOAK,
        ...SOAK_POSTGRES_ONLY,
        ...POSTGRES_ONLY,
        ...OWN_PROCESS,
        "tests/postgres/unavailable.test.ts",
      ]),
      onSqlite("integration-own-process", "ownProcess", OWN_PROCESS, []),
      onPostgres(
        "integration-postgresql",
        "integration",
        ["app/**/*.test.ts", "tests/**/*.test.ts", "scripts/**/*.test.ts"],
        [...UNIT, ...BROWSER, ...SOAK, ...SOAK_POSTGRES_ONLY, ...NOT_ON_POSTGRES, ...OWN_PROCESS],
      ),
      ...(postgresRuns ? [onPostgres("integration-postgresql-own-process", "ownProcess", OWN_PROCESS, [])] : []),
      onSqlite("browser", "browser", BROWSER, []),
      onSqlite("soak", "soak", SOAK, []),
      onPostgres("soak-postgresql", "soak", [...SOAK, ...SOAK_POSTGRES_ONLY], []),
    ],
  },
});
