import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { PrismaClient } from "@prisma/client";
import defaultDb from "../db.server";
import { DEFAULT_GRAPH_TIMEOUT_MS, type GraphClient } from "../meta/graph-client.server";
import { deliverClaimed } from "./deliver.server";
import type { DeliveryContext, DeliverySummary, WorkerLog } from "./delivery-context";
import { beat, pruneHeartbeats } from "./heartbeat.server";
import { claimDueEvents, type ClaimedEvent } from "../outbox/claim.server";
import { releaseOwned } from "../outbox/lease-transitions.server";
import { forgetBrowserData } from "../outbox/retention.server";
import { pruneOldRows } from "../retention/prune-old-rows.server";
import { refreshPlannerStatistics } from "../db/statements/planner-statistics.server";
import { refreshAllRollups } from "../models/admin-rollup.server";
import { refreshAllConsentCounts } from "../models/consent-summary.server";
import { resolveWaits, type WaitSummary } from "../outbox/resolve-waits.server";
import { DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE } from "./prepare-requests";

// The delivery loop: end the waits that are due (consent, browser), claim, deliver, repeat. pg-boss habits: one
// try/catch per iteration that logs and backs off (never a hot loop after an error),
// start/stop, and a graceful stop that finishes in-flight requests and hands back the
// leases of rows it claimed but did not send.

export type DeliveryWorkerOptions = {
  db?: PrismaClient;
  graphClient: GraphClient;
  openToken: (sealed: string) => string;
  workerId?: string;
  /** Events per request; Meta allows 1,000. */
  batchSize?: number;
  /** Must exceed the Graph client's timeout: a lease is renewed just before each request. */
  leaseMs?: number;
  /** The Graph client's timeout (default DEFAULT_GRAPH_TIMEOUT_MS): how long a lease must still last when a request starts. */
  requestTimeoutMs?: number;
  pollIntervalMs?: number;
  maxConcurrentRequests?: number;
  /** Rows claimed per iteration; default batchSize * maxConcurrentRequests. */
  claimLimit?: number;
  heartbeatIntervalMs?: number;
  maxErrorBackoffMs?: number;
  /** Settled events, attempts and receipts older than this are pruned by housekeeping (app/retention). */
  retentionDays?: number;
  log?: WorkerLog;
  now?: () => Date;
  random?: () => number;
};

export type RunOnceResult = DeliverySummary & { waits: WaitSummary };

export type DeliveryWorker = {
  readonly workerId: string;
  /** New rows are due: run soon (after a short gathering delay, so they batch) instead of at the next poll. */
  nudge(): void;
  start(): void;
  stop(): Promise<void>;
  /** One claim and its delivery, nothing claimed ahead (the loop started by start() claims ahead). */
  runOnce(): Promise<RunOnceResult>;
};

export const DEFAULT_LEASE_MS = 60_000;
export const DEFAULT_POLL_INTERVAL_MS = 1_000;
const HOUSEKEEPING_INTERVAL_MS = 60 * 60 * 1000;
/** How long a nudged worker waits for more rows to arrive before it runs: a burst becomes one batch. */
const NUDGE_GATHER_MS = 50;

export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const db = options.db ?? defaultDb;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const batchSize = Math.min(MAX_BATCH_SIZE, Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE));
  const maxConcurrentRequests = Math.max(1, options.maxConcurrentRequests ?? 4);
  const claimLimit = options.claimLimit ?? batchSize * maxConcurrentRequests;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 5_000;
  const maxErrorBackoffMs = options.maxErrorBackoffMs ?? 30_000;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const now = options.now ?? (() => new Date());
  const log: WorkerLog = options.log ?? (() => {});

  let stopping = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let heartbeatTimer: NodeJS.Timeout | null = null;
  let housekeepingTimer: NodeJS.Timeout | null = null;
  let running: Promise<RunOnceResult> | null = null;
  const startedAt = now();
  // Housekeeping and heartbeats run beside the loop. A graceful stop waits for the ones in
  // flight: the caller disconnects the database next, and on PostgreSQL a disconnect in the
  // middle of housekeeping's transaction left the pool waiting for a client that never came
  // back (a test file's afterAll hook timed out in CI; a delivery thread stopped just after
  // it started never answered "stopped").
  const inFlight = new Set<Promise<void>>();
  const track = (work: () => Promise<void>) => {
    const promise = work().finally(() => inFlight.delete(promise));
    inFlight.add(promise);
  };
  let housekeepingRunning = false;

  const ctx: DeliveryContext = {
    db,
    graphClient: options.graphClient,
    openToken: options.openToken,
    workerId,
    leaseMs,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_GRAPH_TIMEOUT_MS,
    batchSize,
    maxConcurrentRequests,
    now,
    random: options.random ?? Math.random,
    log,
    mayStartRequest: () => !stopping,
  };

  // The loop's next claim, taken while the current run's last requests are in flight
  // (see run()): the claim's SQL then overlaps the wait for Meta instead of following it.
  // Never rejects: an error is handed to the run that uses it.
  let nextClaim: Promise<{ rows: ClaimedEvent[] } | { error: unknown }> | null = null;
  const claim = () => claimDueEvents({ db, workerId, limit: claimLimit, leaseMs, now: now() });

  async function runOnceUnguarded(prefetch = false): Promise<RunOnceResult> {
    const waits = await resolveWaits({ db, now: now() });
    const taken = nextClaim;
    nextClaim = null;
    const ready = taken ? await taken : null;
    if (ready && "error" in ready) throw ready.error;
    const claimed = ready ? ready.rows : stopping ? [] : await claim();
    // A full claim means more is due: claim the next rows once this run's last request is out.
    const onLastRequestStarted =
      prefetch && claimed.length >= claimLimit
        ? () => {
            if (stopping || nextClaim) return;
            nextClaim = claim().then(
              (rows) => ({ rows }),
              (error: unknown) => ({ error }),
            );
          }
        : undefined;
    try {
      return { ...(await deliverClaimed({ ...ctx, onLastRequestStarted }, claimed)), waits };
    } finally {
      // Whatever is still ours was not sent (stopping, or an error before its request).
      if (claimed.length > 0) {
        const released = await releaseOwned(
          db,
          workerId,
          now(),
          claimed.map((row) => row.id),
        );
        if (released > 0) log("info", "released unsent claims", { workerId, released });
      }
    }
  }

  // One iteration at a time per worker: overlapping runs would race on their own leases.
  // Only the loop claims ahead; a direct call claims, delivers and returns with nothing held.
  function runOnce(prefetch = false): Promise<RunOnceResult> {
    running ??= runOnceUnguarded(prefetch).finally(() => {
      running = null;
    });
    return running;
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  // Every instance runs it: each step is idempotent and works in small batches.
  const housekeeping = () => {
    // One run at a time: a run longer than the interval is not joined by a second one.
    if (housekeepingRunning || stopping) return;
    housekeepingRunning = true;
    track(() => housekeepingRun().finally(() => (housekeepingRunning = false)));
  };
  const housekeepingRun = () =>
    forgetBrowserData(db, now())
      .then(async (forgotten) => {
        if (forgotten.events + forgotten.receipts > 0) log("info", "browser data past Meta's window removed", { workerId, ...forgotten });
        const pruned = await pruneOldRows(db, { now: now(), retentionDays: options.retentionDays });
        if (Object.values(pruned).some((count) => count > 0))
          log("info", "rows past the retention period deleted", { workerId, ...pruned });
        // The admin's rollups, so an overview rarely finds more than an hour of changes to fold in.
        await refreshAllRollups({ db });
        // The consent page's counts likewise (docs/decisions/051).
        await refreshAllConsentCounts({ db });
        // SQLite's planner statistics, which the admin's reads depend on (a no-op on PostgreSQL).
        await refreshPlannerStatistics(db);
      })
      .catch((error: unknown) => log("warn", "housekeeping failed", { workerId, error: errorName(error) }));

  const heartbeat = () => {
    if (stopping) return;
    track(() =>
      beat(db, { workerId, pid: process.pid, startedAt, now: now() }).catch((error: unknown) => {
        log("warn", "heartbeat failed", { workerId, error: errorName(error) });
      }),
    );
  };

  async function run(): Promise<void> {
    let consecutiveErrors = 0;
    while (!stopping) {
      let wait = pollIntervalMs;
      try {
        const result = await runOnce(true);
        consecutiveErrors = 0;
        // A full claim means more is due: go again at once.
        if (result.claimed >= claimLimit) wait = 0;
        if (result.requests > 0 || result.expired > 0 || result.failed > 0) log("info", "delivery iteration", summarize(result));
      } catch (error) {
        consecutiveErrors += 1;
        wait = Math.min(maxErrorBackoffMs, pollIntervalMs * 2 ** consecutiveErrors);
        log("error", "delivery iteration failed", { workerId, error: errorName(error), consecutiveErrors, retryInMs: wait });
      }
      if (!stopping && wait > 0) await sleep(wait);
    }
  }

  let nudgeTimer: NodeJS.Timeout | null = null;

  return {
    workerId,
    runOnce: () => runOnce(),
    nudge() {
      if (nudgeTimer || !wake) return;
      nudgeTimer = setTimeout(() => {
        nudgeTimer = null;
        wake?.();
      }, NUDGE_GATHER_MS);
      nudgeTimer.unref();
    },
    start() {
      if (loop) return;
      stopping = false;
      heartbeat();
      track(() =>
        pruneHeartbeats(db, now()).then(
          () => undefined,
          () => undefined,
        ),
      );
      heartbeatTimer = setInterval(heartbeat, heartbeatIntervalMs);
      heartbeatTimer.unref();
      housekeeping();
      housekeepingTimer = setInterval(housekeeping, HOUSEKEEPING_INTERVAL_MS);
      housekeepingTimer.unref();
      loop = run();
    },
    async stop() {
      stopping = true;
      wake?.();
      if (heartbeatTimer) clearInterval(heartbeatTimer);
      if (housekeepingTimer) clearInterval(housekeepingTimer);
      heartbeatTimer = null;
      housekeepingTimer = null;
      await loop;
      await running?.catch(() => undefined);
      // A claim taken ahead and not delivered: its rows are released just below.
      await nextClaim;
      nextClaim = null;
      loop = null;
      // Belt and braces: anything still leased to this worker goes back now rather than at lease end.
      const released = await releaseOwned(db, workerId, now());
      if (released > 0) log("info", "released unsent claims", { workerId, released });
      // Last, what ran beside the loop (see inFlight): nothing of this worker's is left running.
      await Promise.all(inFlight);
    },
  };
}

function summarize(result: RunOnceResult): Record<string, number> {
  const { waits, ...counts } = result;
  return { ...counts, waitsDecided: waits.decided };
}

/** Errors are logged by class and message head only: driver messages can quote SQL values. */
function errorName(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 200);
  return `${error.name}: ${error.message.split("\n")[0].slice(0, 200)}`;
}
