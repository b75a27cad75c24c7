import { execFile } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { startSharedServer, stopUnusedServer } from "./global-setup-postgres";
import "./database-context";

/**
 * The SQLite projects (integration, browser, soak): one template database migrated per
 * test run and shared by every SQLite project of the run (a migration is seconds of CPU,
 * and the template is only ever copied); every test file works on its own copy
 * (tests/setup-env.ts). The folder is per run so concurrent runs never share files.
 * Vitest loads a global set-up once per project, so the shared template is kept on
 * globalThis and removed when the last project using it tears down.
 *
 * Vitest runs the projects' set-ups one after the other, and no test file starts before
 * they are done. When the run has PostgreSQL projects, their cluster starts here while the
 * SQLite template migrates (each is a process of its own), instead of after it.
 */
type SharedTemplate = { dir: string; users: number };
const KEY = Symbol.for("tandem.test.sqliteTemplate");
const store = globalThis as unknown as Record<symbol, Promise<SharedTemplate> | undefined>;

export default async function setup(project: TestProject) {
  store[KEY] ??= migrateTemplate(project);
  const template = await store[KEY];
  template.users += 1;
  project.provide("tandemTestDatabase", { provider: "sqlite", dir: template.dir });
  return async () => {
    template.users -= 1;
    if (template.users > 0) return;
    store[KEY] = undefined;
    rmSync(template.dir, { recursive: true, force: true });
    await stopUnusedServer();
  };
}

async function migrateTemplate(project: TestProject): Promise<SharedTemplate> {
  const dir = path.resolve("tmp", "test-db", `run-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const migrating = promisify(execFile)(path.resolve("node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "template.sqlite")}` },
  });
  // Awaited by the PostgreSQL set-up, which reports its failure; stopped by the teardown
  // above if no PostgreSQL file runs after all.
  if (project.vitest.projects.some(usesPostgres)) startSharedServer().catch(() => undefined);
  try {
    await migrating;
  } catch (error) {
    await stopUnusedServer();
    throw error;
  }
  return { dir, users: 0 };
}

const usesPostgres = (project: TestProject) =>
  [project.config.globalSetup].flat().some((file) => file.endsWith("global-setup-postgres.ts"));
