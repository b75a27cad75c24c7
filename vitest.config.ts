import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
import { findPostgresBin } from "./scripts/db/postgres-cluster.mjs";

/**
 * Two projects (docs/decisions/010-postgresql-provider.md):
 * - `sqlite`: every test, each test file on its own copy of a migrated SQLite file;
 * - `postgresql`: the tests that touch the database, again, each file on its own
 *   database in a throwaway PostgreSQL cluster. Without PostgreSQL installed (or with
 *   TANDEM_TEST_POSTGRES=off) it runs one test that says why the others did not run;
 *   in CI that test fails instead, so CI cannot skip them silently.
 * Pick one with `npx vitest run --project sqlite`.
 */
const POSTGRES_TESTS = [
  "tests/{activation,admin,alerts,cli,delivery,event-log,foundation,hostile,orders,overview,pipeline,pixel,postgres}/**/*.test.ts",
];
// Not database behaviour (lint, config parsing), or starting a browser against the built
// app, which the SQLite project already covers.
const NOT_ON_POSTGRES = ["**/*.browser.test.ts", "tests/foundation/{config,lint-rules}.test.ts", "tests/postgres/unavailable.test.ts"];

// Several instances on one PostgreSQL server (LISTEN/NOTIFY, worker processes): nothing to run on SQLite.
const POSTGRES_ONLY = ["tests/postgres/{multi-worker,notify,fault-run,pool-size}.test.ts"];

const postgresOff = process.env.TANDEM_TEST_POSTGRES === "off";
const postgres = findPostgresBin();
const postgresRuns = !postgresOff && (postgres.bin !== null || Boolean(process.env.TANDEM_TEST_POSTGRES_URL));
if (!postgresRuns) console.warn(`PostgreSQL tests will not run: ${postgresOff ? "TANDEM_TEST_POSTGRES=off" : postgres.reason}`);

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "sqlite",
          include: ["app/**/*.test.ts", "tests/**/*.test.ts", "extensions/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/node_modules/**", ...POSTGRES_ONLY, "tests/postgres/unavailable.test.ts"],
          globalSetup: ["tests/global-setup.ts"],
          setupFiles: ["tests/setup-env.ts"],
        },
      },
      postgresRuns
        ? {
            extends: true,
            test: {
              name: "postgresql",
              include: POSTGRES_TESTS,
              exclude: ["**/node_modules/**", ...NOT_ON_POSTGRES],
              globalSetup: ["tests/global-setup-postgres.ts"],
              setupFiles: ["tests/setup-env.ts"],
            },
          }
        : {
            extends: true,
            test: {
              name: "postgresql",
              include: ["tests/postgres/unavailable.test.ts"],
              env: { TANDEM_POSTGRES_UNAVAILABLE: postgresOff ? "TANDEM_TEST_POSTGRES=off" : (postgres.reason ?? "unknown") },
            },
          },
    ],
  },
});
