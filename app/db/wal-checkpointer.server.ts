import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

// SQLite in WAL mode appends every commit to the -wal file; a checkpoint copies those
// pages back into the database file and syncs it. By default the connection whose commit
// takes the log past 1,000 pages runs that checkpoint, inside its COMMIT. For the ingest's
// connection that is the event loop that answers Shopify: every ~13th group commit
// stopped it for the copy and an fsync (docs/decisions/020).
//
// Here a thread of its own, with its own connection to the file, checkpoints instead.
// PASSIVE mode never waits for a lock and never blocks a writer: it copies what no reader
// still needs, and the next commit starts the log over once all of it is copied. When
// the log stays long anyway (a reader held an old snapshot the whole time), the thread
// escalates to RESTART, which waits for readers (at most RESTART_BUSY_MS, then it lets go
// and tries at the next pass) but only on this thread; the ingest's writes meanwhile see
// SQLITE_BUSY and are retried by the group commit.
//
// The thread is unref'd (it never keeps a process alive) and stops with the store.

/** How often the thread looks at the log. A PASSIVE checkpoint with nothing to copy is a read of the log's index. */
export const CHECKPOINT_INTERVAL_MS = 200;
/** Log pages (4 KiB each) after which a checkpoint that left the log long escalates to RESTART. */
export const RESTART_AFTER_PAGES = 4_000;
/**
 * How long a RESTART waits for the write lock and for readers. It holds the write lock
 * while it waits for readers, so this bounds how long it can hold up the ingest's commits
 * (an admin export reading for seconds must not stall webhooks for as long).
 */
export const RESTART_BUSY_MS = 250;

const THREAD_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: workerData.busyMs });
db.pragma("synchronous = NORMAL");
let stopped = false;
let lastError = null;
function checkpoint() {
  if (stopped) return;
  try {
    const [passive] = db.pragma("wal_checkpoint(PASSIVE)");
    if (passive && passive.log >= workerData.restartAfter) {
      const started = performance.now();
      try {
        db.pragma("wal_checkpoint(RESTART)");
      } finally {
        // How long the RESTART held the write lock (or waited for it), for the figures.
        parentPort.postMessage({ restartMs: performance.now() - started });
      }
    }
    lastError = null;
  } catch (error) {
    const code = String((error && error.code) || error);
    // One report per kind of failure, not one every interval.
    // SQLITE_BUSY: the RESTART met a reader or writer that did not finish within the busy
    // timeout; it lets go and the next pass tries again.
    if (code !== lastError && code !== "SQLITE_BUSY") parentPort.postMessage({ error: code });
    lastError = code;
  }
  timer = setTimeout(checkpoint, workerData.intervalMs);
}
let timer = setTimeout(checkpoint, workerData.intervalMs);
parentPort.on("message", (message) => {
  if (message !== "stop") return;
  stopped = true;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

/** RESTART checkpoints since the thread started, and the time they took in all (the ingest's writers wait meanwhile). */
export type WalCheckpointStats = { restarts: number; restartMs: number; longestRestartMs: number };
export type WalCheckpointer = { stop(): void; stats(): WalCheckpointStats };
export type WalCheckpointerOptions = {
  intervalMs?: number;
  restartAfterPages?: number;
  /** A checkpoint failed (the SQLite error code); reported once per kind in a row. */
  onError?: (code: string) => void;
  /** The thread ended without being stopped: the caller must checkpoint again itself. */
  onLost?: () => void;
};

/**
 * Starts the checkpoint thread for one database file. The caller turns the automatic
 * checkpoint off on its own connection (`PRAGMA wal_autocheckpoint = 0`).
 */
export function startWalCheckpointer(file: string, options: WalCheckpointerOptions = {}): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: {
      file,
      driver,
      intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS,
      restartAfter: options.restartAfterPages ?? RESTART_AFTER_PAGES,
      busyMs: RESTART_BUSY_MS,
    },
  });
  worker.unref();
  let stopping = false;
  const stats: WalCheckpointStats = { restarts: 0, restartMs: 0, longestRestartMs: 0 };
  worker.on("message", (message: { error?: string; restartMs?: number }) => {
    if (message.error) options.onError?.(message.error);
    if (message.restartMs !== undefined) {
      stats.restarts += 1;
      stats.restartMs += message.restartMs;
      stats.longestRestartMs = Math.max(stats.longestRestartMs, message.restartMs);
    }
  });
  worker.on("error", (error) => options.onError?.(String(error)));
  worker.on("exit", () => {
    if (!stopping) options.onLost?.();
  });
  return {
    stop() {
      stopping = true;
      worker.postMessage("stop");
    },
    stats: () => ({ ...stats }),
  };
}
