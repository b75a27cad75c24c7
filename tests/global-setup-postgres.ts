import { execFileSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { buildIfStale } from "../scripts/lib/app-process";
import { databaseUrl, startPostgresCluster } from "../scripts/db/postgres-cluster.mjs";
import "./database-context";

const TEMPLATE = "tandem_template";

/**
 * The PostgreSQL project: a throwaway cluster on a loopback port (or the server named by
 * TANDEM_TEST_POSTGRES_URL), one database migrated with prisma/postgresql/migrations as
 * the template; each test file gets `CREATE DATABASE ... TEMPLATE` of it.
 */
export default async function setup(project: TestProject) {
  // The soak files start the built app; vitest runs the projects' set-ups one after the
  // other, so this never builds in parallel with another project's.
  if (project.name.startsWith("soak")) buildIfStale();
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
  project.provide("tandemTestDatabase", { provider: "postgresql", serverUrl, template: TEMPLATE });
  return async () => {
    await cluster?.stop();
  };
}
