/**
 * Group commit for PostgreSQL: the ingest's reads and writes queued while a batch is in
 * flight leave together, as ONE statement (one round trip, one socket write, one answer
 * to parse) instead of one each. `npm run bench -- --database postgresql` put most of the
 * app's CPU per webhook in the round trips of `pg` (docs/benchmarks.md); SQLite groups its
 * writes the same way (group-commit.server.ts).
 *
 * The guarantees are SQLite's group commit's:
 * - a caller's promise settles only after the statement holding its work returned, and a
 *   single statement commits or rolls back as a whole (autocommit): no webhook is answered
 *   before its commit;
 * - when a batch fails (a constraint one unit breaks, a deadlock with another instance,
 *   a lost connection), nothing of it was committed, and every unit runs again ALONE: the
 *   failing one fails alone, the others commit;
 * - units that touch the same key (a webhook id, an outbox row, an order's ReceivedOrder
 *   row) never share a batch nor run at once: the later one waits for the batch holding
 *   the key to return, and its own batch sees the first one committed, so repeats and duplicates across instances are still settled by the
 *   unique keys and the gates of each statement (docs/decisions/045).
 */
export type BatchUnit<I> = {
  input: I;
  /** Keys this unit writes; a unit sharing one with the batch waits for the next. */
  keys: readonly string[];
  /** Parameters the unit adds to a statement (PostgreSQL allows 65,535 in one). */
  size: number;
};

type Queued<I, O> = BatchUnit<I> & { resolve: (value: O) => void; reject: (error: unknown) => void };

export type BatcherOptions<I, O> = {
  /** Runs several units in one statement; answers in their order. */
  runMany: (inputs: I[]) => Promise<O[]>;
  /** Runs one unit alone (a batch of one, or after its batch failed). */
  runOne: (input: I) => Promise<O>;
  maxUnits?: number;
  maxParameters?: number;
  /** Batches in flight at once (each on its own pooled connection). */
  maxInFlight?: number;
};

const MAX_UNITS = 64;
const MAX_PARAMETERS = 30_000;
const MAX_IN_FLIGHT = 2;

export function createBatcher<I, O>(options: BatcherOptions<I, O>) {
  const maxUnits = options.maxUnits ?? MAX_UNITS;
  const maxParameters = options.maxParameters ?? MAX_PARAMETERS;
  const maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT;
  const stats = { batches: 0, units: 0, failedBatches: 0 };
  let queue: Queued<I, O>[] = [];
  let inFlight = 0;
  let scheduled: NodeJS.Immediate | null = null;

  function schedule() {
    // setImmediate runs after the current round of I/O callbacks: every request whose
    // body arrived in it has queued its unit by then.
    if (!scheduled && queue.length > 0 && inFlight < maxInFlight) scheduled = setImmediate(pump);
  }

  // Keys of the units in flight: a unit that shares one waits until that batch returned
  // (two batches in flight run on two connections, in either order).
  const busy = new Set<string>();

  function pump() {
    scheduled = null;
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch: Queued<I, O>[] = [];
      const rest: Queued<I, O>[] = [];
      let parameters = 0;
      for (const unit of queue) {
        const fits = batch.length === 0 || (batch.length < maxUnits && parameters + unit.size <= maxParameters);
        if (fits && unit.keys.every((key) => !busy.has(key))) {
          batch.push(unit);
          parameters += unit.size;
          for (const key of unit.keys) busy.add(key);
        } else {
          rest.push(unit);
        }
      }
      queue = rest;
      // Every queued unit waits for a key in flight: the batch that holds it schedules the next.
      if (batch.length === 0) return;
      inFlight += 1;
      void runBatch(batch).finally(() => {
        for (const unit of batch) for (const key of unit.keys) busy.delete(key);
        inFlight -= 1;
        schedule();
      });
    }
  }

  async function runBatch(batch: Queued<I, O>[]) {
    stats.batches += 1;
    stats.units += batch.length;
    if (batch.length > 1) {
      let answers: O[] | null = null;
      try {
        answers = await options.runMany(batch.map((unit) => unit.input));
      } catch {
        // Nothing of the batch was committed: each unit alone, so only a failing one fails.
        stats.failedBatches += 1;
      }
      if (answers) {
        batch.forEach((unit, index) => unit.resolve(answers[index]));
        return;
      }
    }
    await Promise.all(
      batch.map((unit) =>
        options.runOne(unit.input).then(
          (value) => unit.resolve(value),
          (error: unknown) => unit.reject(error),
        ),
      ),
    );
  }

  return {
    /** Runs the unit in the next batch; settles when the statement holding it returned. */
    run(unit: BatchUnit<I>): Promise<O> {
      return new Promise<O>((resolve, reject) => {
        queue.push({ ...unit, resolve, reject });
        schedule();
      });
    },
    /** Batches sent, the units they held, and batches that failed and were run unit by unit. */
    stats: () => ({ ...stats }),
  };
}
