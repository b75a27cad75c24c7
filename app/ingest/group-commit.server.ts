import Database from "better-sqlite3";

/** How long a write waits for another connection's write lock before it fails. */
export const BUSY_RETRY_LIMIT_MS = 10_000;

const isBusy = (error: unknown) =>
  error instanceof Database.SqliteError && (error.code === "SQLITE_BUSY" || error.code === "SQLITE_LOCKED");

/**
 * How long a group waits before it tries again to take the write lock another connection
 * holds. The holders measured in the bench are short: the delivery thread's settlement
 * transactions held it 5-19 ms, a rollup refresh 18 ms. A delay doubling up to 50 ms (as
 * before) overshot each release by up to the time already waited; a failed BEGIN
 * IMMEDIATE costs microseconds, so the group polls.
 */
const BUSY_RETRY_DELAY_MS = 2;

/** Units of one group commit: at most this many writes share a transaction (the rest go in the next). */
const MAX_GROUP = 200;

type Unit = {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  done?: { ok: true; value: unknown } | { ok: false; error: unknown };
};

/**
 * Group commit. Every write of the ingest (a webhook's outbox rows + receipt, a receipt
 * alone, the ReceivedOrder upsert) is a synchronous unit queued here; the units queued
 * while the event loop handled one round of I/O (all the requests whose bodies arrived
 * together) run in ONE `BEGIN IMMEDIATE ... COMMIT`, each inside its own SAVEPOINT. The
 * CPU profile (docs/benchmarks.md) put about a third of a webhook's CPU in SQLite, most
 * of it in the commits: in WAL mode each commit appends every page it dirtied (the
 * outbox table and its five indexes, the receipt and its index) to the log, so twenty
 * commits of one row each write the same pages twenty times.
 *
 * What each caller sees does not change: its promise settles only after the COMMIT that
 * holds its writes succeeded (or with the error that kept them out). A unit that throws
 * (a constraint its row breaks; a repeated webhook is not one: the ingest reads whether
 * its receipt exists, docs/decisions/045) is rolled back to its savepoint
 * alone and the others commit; if an error ends the whole transaction (SQLite rolls back
 * on some errors such as SQLITE_FULL), the units that had not failed are run again in a
 * new transaction, so none is lost or acknowledged without its commit. A busy database
 * (another connection holds the write lock) is retried on a timer, as before, up to
 * BUSY_RETRY_LIMIT_MS: the connection's busy timeout is 0 (see sqlite-ingest-store.server.ts).
 */
export function createGroupCommit(db: Database.Database, options: { busyLimitMs?: number; now?: () => number } = {}) {
  const busyLimitMs = options.busyLimitMs ?? BUSY_RETRY_LIMIT_MS;
  const now = options.now ?? Date.now;
  const stats = { transactions: 0, units: 0, busyRetries: 0, busyWaitMs: 0 };
  let queue: Unit[] = [];
  let scheduled: { immediate: NodeJS.Immediate } | { timeout: NodeJS.Timeout } | null = null;
  let busySince: number | null = null;
  let closed = false;
  // A savepoint per unit: better-sqlite3 opens a SAVEPOINT when a transaction function
  // is called inside another one, and rolls back to it when the function throws.
  const inSavepoint = db.transaction((run: () => unknown) => run());
  const runGroup = db.transaction((units: Unit[]) => {
    for (const unit of units) {
      try {
        unit.done = { ok: true, value: inSavepoint(unit.run) };
      } catch (error) {
        unit.done = { ok: false, error };
        // The error ended the whole transaction: stop; the caller sorts the units out.
        if (!db.inTransaction) throw new GroupAborted(unit);
      }
    }
  });

  function schedule(delayMs = 0) {
    if (scheduled || closed) return;
    // setImmediate runs after the current round of I/O callbacks: every request whose
    // body arrived in it has queued its unit by then.
    scheduled = delayMs > 0 ? { timeout: setTimeout(flush, delayMs) } : { immediate: setImmediate(flush) };
  }

  function flush() {
    scheduled = null;
    const units = queue.slice(0, MAX_GROUP);
    queue = queue.slice(units.length);
    for (const unit of units) unit.done = undefined;
    try {
      runGroup.immediate(units);
    } catch (error) {
      if (error instanceof GroupAborted) {
        // The failing unit is answered; the others go first in the next group.
        const failed = error.unit;
        failed.reject((failed.done as { error: unknown }).error);
        queue = [...units.filter((unit) => unit !== failed), ...queue];
        schedule();
        return;
      }
      if (isBusy(error) && now() - (busySince ??= now()) < busyLimitMs) {
        queue = [...units, ...queue];
        stats.busyRetries += 1;
        stats.busyWaitMs += BUSY_RETRY_DELAY_MS;
        schedule(BUSY_RETRY_DELAY_MS);
        return;
      }
      // Nothing of this group was committed: every unit gets the error.
      for (const unit of units) unit.reject(error);
      busySince = null;
      if (queue.length > 0) schedule();
      return;
    }
    busySince = null;
    stats.transactions += 1;
    stats.units += units.length;
    // Committed: now, and only now, every unit learns its outcome.
    for (const unit of units) {
      const done = unit.done!;
      if (done.ok) unit.resolve(done.value);
      else unit.reject(done.error);
    }
    if (queue.length > 0) schedule();
  }

  return {
    /** Runs `run` in the next group's transaction; settles after that transaction's COMMIT. */
    write<T>(run: () => T): Promise<T> {
      if (closed) return Promise.reject(new Error("The ingest store is closed."));
      return new Promise<T>((resolve, reject) => {
        queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },
    /** Committed transactions and the units they held (units / transactions = the mean group size); busy retries and the delays they scheduled. */
    stats: () => ({ ...stats }),
    /** Runs what is queued now (a graceful stop), then refuses new writes. */
    close() {
      const unschedule = () => {
        if (scheduled && "timeout" in scheduled) clearTimeout(scheduled.timeout);
        if (scheduled && "immediate" in scheduled) clearImmediate(scheduled.immediate);
        scheduled = null;
      };
      unschedule();
      // Until the queue is empty or a flush makes no progress (the database stays busy).
      for (let before = queue.length; before > 0; before = queue.length) {
        flush();
        unschedule();
        if (queue.length >= before) break;
      }
      closed = true;
      for (const unit of queue.splice(0)) unit.reject(new Error("The ingest store is closed."));
    },
  };
}

class GroupAborted extends Error {
  constructor(readonly unit: Unit) {
    super("A write ended the group's transaction.");
  }
}
