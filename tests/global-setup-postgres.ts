import { execFileSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { buildIfStale } from "../scripts/lib/app-process";
import { databaseUrl, startPostgresCluster } from "../scripts/db/postgres-cluster.mjs";
import "./database-context";

const TEMPLATE = "tandem_template";

/**
 * The PostgreSQL projects: a throwaway cluster on a loopback port (or the server named by
 * TANDEM_TEST_POSTGRES_URL), one database migrated with prisma/postgresql/migrations as
 * the template; each test file gets `CREATE DATABASE ... TEMPLATE` of it. The cluster and
 * template are shared by every PostgreSQL project of the run (starting a cluster and
 * migrating it is seconds of CPU; the files never touch the template itself), kept on
 * globalThis because vitest loads a global set-up once per project, and stopped when the
 * last project using them tears down.
 */
type SharedServer = { serverUrl: string; stop: () => Promise<void>; users: number };
const KEY = Symbol.for("tandem.test.postgresServer");
const store = globalThis as unknown as Record<symbol, Promise<SharedServer> | undefined>;

/**
 * Starts the shared cluster and template if no set-up has yet, without waiting for them.
 * The SQLite set-up calls it when PostgreSQL projects are in the run, so that the cluster
 * starts while its template migrates; the PostgreSQL set-up then awaits the same start.
 */
export function startSharedServer(): Promise<SharedServer> {
  store[KEY] ??= startServer();
  return store[KEY];
}

/**
 * Stops the shared cluster if it was started but no PostgreSQL project set-up has taken it
 * (their files were all filtered out): called by the SQLite set-up's teardown.
 */
export async function stopUnusedServer(): Promise<void> {
  const started = store[KEY];
  if (!started) return;
  const server = await started.catch(() => null);
  if (!server || server.users > 0 || store[KEY] !== started) return;
  store[KEY] = undefined;
  await server.stop();
}

export default async function setup(project: TestProject) {
  // The soak files start the built app; vitest runs the projects' set-ups one after the
  // other, so this never builds in parallel with another project's.
  if (project.name.startsWith("soak")) buildIfStale();
  const server = await startSharedServer();
  server.users += 1;
  project.provide("tandemTestDatabase", { provider: "postgresql", serverUrl: server.serverUrl, template: TEMPLATE });
  return async () => {
    server.users -= 1;
    if (server.users > 0) return;
    store[KEY] = undefined;
    await server.stop();
  };
}

async function startServer(): Promise<SharedServer> {
  const given = process.env.TANDEM_TEST_POSTGRES_URL;
  const cluster = given ? null : await startPostgresCluster();
  const serverUrl = given ?? cluster!.url;
  try {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE}"`);
    await admin.end();
    execFileSync(path.resolve("node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: databaseUrl(serverUrl, TEMPLATE) },
      stdio: "pipe",
    });
  } catch (error) {
    await cluster?.stop();
    const output = String((error as { stderr?: Buffer }).stderr ?? "");
    throw new Error(`PostgreSQL test set-up failed: ${(error as Error).message}\n${output}`);
  }
  return { serverUrl, stop: async () => void (await cluster?.stop()), users: 0 };
}
