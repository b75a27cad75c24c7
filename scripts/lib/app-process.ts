/**
 * Starts the BUILT app (scripts/start.mjs) as a child process with a given environment,
 * waits until /healthz answers 200, and stops it (SIGTERM, or SIGKILL to simulate a
 * crash). Shared by the demo, the benchmark and the crash test.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { deployMigrations } from "./tool-database";

export type AppProcess = {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
  kill(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startApp(
  env: Record<string, string>,
  options: { timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<AppProcess> {
  const port = Number(env.PORT ?? (await freePort()));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path.resolve("scripts", "start.mjs")], {
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;

  // A bound, not an expected time: the loop leaves as soon as /healthz answers. On a busy
  // 2-core machine (other test files starting apps and Chromium) a start took over 30 s.
  const timeoutMs = options.timeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode} before it was healthy:\n${output}`);
    const healthy = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the app did not become healthy within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** A fresh SQLite database at `file`, migrated with the project's migrations. */
export function migratedDatabase(file: string): string {
  rmSync(file, { force: true });
  for (const suffix of ["-wal", "-shm"]) rmSync(file + suffix, { force: true });
  mkdirSync(path.dirname(file), { recursive: true });
  const url = `file:${file}`;
  deployMigrations(url);
  return url;
}

/**
 * `npm run build` for production. NODE_ENV is set explicitly: under vitest it is "test",
 * and remix build would then emit development JSX (jsxDEV) that the production server
 * cannot run.
 */
export function buildApp(): void {
  execFileSync("npm", ["run", "build", "--silent"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
}

/** Builds the app when build/ is missing or older than app/. */
export function buildIfStale(): void {
  if (buildIsStale()) buildApp();
}

/** True when build/index.js or the delivery bundle is missing, or older than any file under app/. */
export function buildIsStale(root = process.cwd()): boolean {
  const bundles = [path.join(root, "build", "index.js"), path.join(root, "build", "delivery", "index.js")];
  if (!bundles.every((bundle) => existsSync(bundle))) return true;
  const builtAt = Math.min(...bundles.map((bundle) => statSync(bundle).mtimeMs));
  const newest = (dir: string): number => {
    let latest = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
    }
    return latest;
  };
  return newest(path.join(root, "app")) > builtAt;
}
