import { vi } from "vitest";

/**
 * For the projects whose worker runs several test files one after the other (`isolate:
 * false`: the browser project, docs/decisions/077). It runs before tests/setup-env.ts for
 * every file. The first file of a worker notes the environment the worker started with;
 * each later file starts from that environment again, closes the previous file's database
 * client and evaluates the app's, the scripts' and the tests' own modules afresh (the
 * configuration is read again from the file's own DATABASE_URL). The packages Node loaded
 * (Playwright, Shopify's libraries, Prisma, React) stay loaded, and no process starts: that
 * is what the reuse saves. A file still gets its own database, built app, Meta emulator and
 * Chromium contexts, each started and stopped by the file itself.
 */
declare global {
  // The environment the worker started with, before any file's set-up changed it.
  var tandemWorkerEnv: Record<string, string | undefined> | undefined;
}

if (globalThis.tandemWorkerEnv === undefined) {
  globalThis.tandemWorkerEnv = { ...process.env };
} else {
  const initial = globalThis.tandemWorkerEnv;
  for (const key of Object.keys(process.env)) if (!(key in initial)) delete process.env[key];
  Object.assign(process.env, initial);
  await globalThis.tandemPrisma?.$disconnect();
  globalThis.tandemPrisma = undefined;
  globalThis.tandemIngestStore?.store.close();
  globalThis.tandemIngestStore = undefined;
  vi.resetModules();
}
