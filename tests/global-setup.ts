import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import "./database-context";

/**
 * The SQLite projects (integration, browser, soak): one template database migrated per
 * test run and shared by every SQLite project of the run (a migration is seconds of CPU,
 * and the template is only ever copied); every test file works on its own copy
 * (tests/setup-env.ts). The folder is per run so concurrent runs never share files.
 * Vitest loads a global set-up once per project, so the shared template is kept on
 * globalThis and removed when the last project using it tears down.
 */
type SharedTemplate = { dir: string; users: number };
const KEY = Symbol.for("tandem.test.sqliteTemplate");
const store = globalThis as unknown as Record<symbol, SharedTemplate | undefined>;

export default function setup(project: TestProject) {
  let shared = store[KEY];
  if (!shared) {
    const dir = path.resolve("tmp", "test-db", `run-${process.pid}-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    execFileSync(path.resolve("node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "template.sqlite")}` },
      stdio: "pipe",
    });
    shared = store[KEY] = { dir, users: 0 };
  }
  const template = shared;
  template.users += 1;
  project.provide("tandemTestDatabase", { provider: "sqlite", dir: template.dir });
  return () => {
    template.users -= 1;
    if (template.users > 0) return;
    store[KEY] = undefined;
    rmSync(template.dir, { recursive: true, force: true });
  };
}
