import { afterAll, vi } from "vitest";

/**
 * The integration files share worker threads (`isolate: false`, docs/decisions/073): the
 * packages Node loaded (Prisma's client, `zod`, `@shopify/shopify-api`, `pg`) stay loaded
 * from one file to the next, and everything else is as on a fresh thread. Vitest runs this
 * file first, before every test file:
 * - the app's and the tests' own modules are evaluated afresh (`vi.resetModules()`), so the
 *   configuration, caches and module state are the file's own;
 * - `process.env`, `globalThis.fetch` and the process's listeners are put back as the thread
 *   first saw them;
 * - when the file ends, its database client and the ingest's own SQLite connection are
 *   closed and taken off `globalThis` (the next file would otherwise find them, and the
 *   ingest's group statistics, under its own name), and the file fails by name if it left
 *   timers, servers or sockets open: work left running would otherwise read and write the
 *   next file's database.
 */
type ThreadStart = {
  env: Record<string, string | undefined>;
  fetch: typeof globalThis.fetch;
  listeners: Map<string, Set<(...args: unknown[]) => unknown>>;
};
const KEY = Symbol.for("tandem.test.threadStart");
const store = globalThis as unknown as Record<symbol, ThreadStart | undefined>;
const WATCHED_EVENTS = ["unhandledRejection", "uncaughtException", "warning", "SIGTERM", "SIGINT", "exit", "beforeExit"] as const;

const start = (store[KEY] ??= {
  env: { ...process.env },
  fetch: globalThis.fetch,
  listeners: new Map(
    WATCHED_EVENTS.map((event) => [event, new Set((process as unknown as NodeJS.EventEmitter).listeners(event) as never[])]),
  ),
});

vi.resetModules();
for (const key of Object.keys(process.env)) if (!(key in start.env)) delete process.env[key];
Object.assign(process.env, start.env);
globalThis.fetch = start.fetch;
globalThis.tandemPrisma = undefined;
globalThis.tandemPgPool = undefined;

// Resources the thread holds before the file starts (vitest's own channel to the main
// thread, undici's pooled sockets): a file is blamed only for what it adds.
const before = countResources();

afterAll(async () => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  const emitter = process as unknown as NodeJS.EventEmitter;
  for (const [event, kept] of start.listeners)
    for (const listener of emitter.listeners(event)) if (!kept.has(listener as never)) emitter.off(event, listener as never);
  await closeDatabaseClient();
  const left = await leftOpen();
  if (left.length > 0)
    throw new Error(
      `the file left ${left.join(", ")} open when it ended: stop what it starts (servers, delivery loops, timers) and await its background work`,
    );
});

async function closeDatabaseClient(): Promise<void> {
  const client = globalThis.tandemPrisma;
  const pool = globalThis.tandemPgPool;
  globalThis.tandemPrisma = undefined;
  globalThis.tandemPgPool = undefined;
  globalThis.tandemIngestStore?.store.close();
  globalThis.tandemIngestStore = undefined;
  await client?.$disconnect();
  if (pool && !pool.ended) await pool.end();
}

function countResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

// Sockets close a little after their server or client does: a resource still open after a
// few turns of the event loop was left behind.
async function leftOpen(): Promise<string[]> {
  let left: string[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    left = [];
    for (const [type, count] of countResources()) {
      if (IGNORED_RESOURCES.has(type)) continue;
      const added = count - (before.get(type) ?? 0);
      if (added > 0) left.push(`${added} ${type}`);
    }
    if (left.length === 0) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return left;
}

// Ones that say nothing about the app: file reads in flight and the thread's own messaging.
const IGNORED_RESOURCES = new Set(["FSReqCallback", "FSReqPromise", "MessagePort", "TTYWrap", "PipeWrap", "Immediate"]);
