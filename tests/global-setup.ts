import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import "./database-context";

/**
 * The SQLite project: migrates one template database per test run; every test file
 * works on its own copy (tests/setup-env.ts). The folder is per run so concurrent runs
 * never share files.
 */
export default function setup(project: TestProject) {
  const dir = path.resolve("tmp", "test-db", `run-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  execFileSync(path.resolve("node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "template.sqlite")}` },
    stdio: "pipe",
  });
  project.provide("tandemTestDatabase", { provider: "sqlite", dir });
  return () => rmSync(dir, { recursive: true, force: true });
}
