import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { claimDueEvents } from "../../app/outbox/claim.server";
import { createDeliveryWorker } from "../../app/delivery/worker.server";
import type { LogLevel } from "../../app/delivery/delivery-context";
import { createPrismaClient } from "../../app/db.server";
import { createGraphClient } from "../../app/meta/graph-client.server";
import {
  acceptedOnce,
  db,
  recordedRequests,
  rowsOf,
  seedDestination,
  pendingRowsHandedBack,
  seedEvents,
  statuses,
  stopWhileMetaHolds,
  testClock,
  useMetaEmulatorWithFreshDb,
  workerFor,
} from "./fixtures";

const emulator = useMetaEmulatorWithFreshDb();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await sleep(25);
  }
}

describe("delivery worker", () => {
  it("GIVEN 1,200 due events WHEN batch size 500 THEN requests of 500, 500 and 200; a batch size above 1,000 is clamped", async () => {
    const d = await seedDestination();
    await seedEvents(d, { count: 1_200 });
    await workerFor(emulator, { batchSize: 500, claimLimit: 2_000 }).runOnce();
    // The emulator records a request when its socket closes, which may come after the worker has read the answer.
    expect((await recordedRequests(emulator, 3)).map((r) => r.eventCount).sort((a, b) => a - b)).toEqual([200, 500, 500]);
    expect(await statuses(d.destinationId)).toEqual({ delivered: 1_200 });

    emulator.reset();
    const e = await seedDestination();
    await seedEvents(e, { count: 1_200 });
    await workerFor(emulator, { batchSize: 5_000, claimLimit: 2_000 }).runOnce();
    expect((await recordedRequests(emulator, 2)).map((r) => r.eventCount).sort((a, b) => a - b)).toEqual([200, 1_000]);
    // 2,400 real events through SQLite and HTTP: more than the default 30 s on a busy shared machine.
  }, 180_000);

  it("GIVEN rows leased by a worker that died THEN they are claimed again after the lease and delivered once", async () => {
    const d = await seedDestination();
    const ids = await seedEvents(d, { count: 20 });
    const clock = testClock();
    await claimDueEvents({ workerId: "dead-worker", limit: 100, leaseMs: 30_000, now: clock.now() });
    const worker = workerFor(emulator, { now: clock.now });
    expect((await worker.runOnce()).claimed).toBe(0);
    clock.advance(30_001);
    expect(await worker.runOnce()).toMatchObject({ claimed: 20, delivered: 20 });
    expect(acceptedOnce(emulator, d.pixelId, ids)).toEqual({ missing: [], doubled: [] });
  });

  it("GIVEN a slow worker whose lease was taken over THEN its late answer does not overwrite the new owner's result", async () => {
    const d = await seedDestination();
    await seedEvents(d, { count: 5 });
    // The latency only has to outlast the new owner's claim (a few queries); it is generous
    // so a busy machine does not answer the slow worker before the takeover.
    emulator.setLatency(2_000);
    // The slow worker's request is throttled; the new owner's succeeds.
    emulator.fail({ mode: "throttle", count: 1, pixelId: d.pixelId });
    const slowClock = testClock();
    const slow = workerFor(emulator, { now: slowClock.now, leaseMs: 1_000, timeoutMs: 10_000 });
    const fastClock = testClock(new Date(Date.now() + 5_000));
    const fast = workerFor(emulator, { now: fastClock.now, leaseMs: 1_000, timeoutMs: 10_000 });

    const slowRun = slow.runOnce();
    // The takeover starts once the slow worker's request has reached "Meta" (and taken the throttle plan).
    await until(async () => emulator.pendingRequests() === 1);
    const fastRun = fast.runOnce();
    const [slowResult, fastResult] = await Promise.all([slowRun, fastRun]);
    expect(slowResult).toMatchObject({ requests: 1, retried: 0, lostLeases: 5 });
    expect(fastResult).toMatchObject({ claimed: 5, delivered: 5 });
    const rows = await rowsOf(d.destinationId);
    expect(rows.every((row) => row.status === "delivered" && row.leaseOwner === null && row.lastErrorCode === null)).toBe(true);
  });

  it("GIVEN a second worker in another process (npm run worker) over 2,000 rows THEN each event is delivered exactly once", async () => {
    // A real second process: two connections in ONE process would block each other
    // (better-sqlite3 waits synchronously on the file lock, freezing the event loop).
    // "Meta" holds its answers until a request of each worker has arrived, so both surely
    // take part however long the child takes to start: the in-process worker claims 25 rows
    // and waits on its held request; the child claims from the rest. The child may send
    // several requests at once, so the wait is for at least two: waiting for exactly two
    // could miss that moment, hold the child's requests past its timeout, and have Meta
    // accept both the held requests and their resends.
    const d = await seedDestination();
    const ids = await seedEvents(d, { count: 2_000 });
    let inProcessDelivered = 0;
    const a = workerFor(emulator, {
      batchSize: 25,
      maxConcurrentRequests: 1,
      // The held request waits for the child's start; no timeout may resend it meanwhile.
      timeoutMs: 200_000,
      leaseMs: 240_000,
      log: (_level, message, fields) => {
        if (message === "delivery iteration") inProcessDelivered += Number(fields?.delivered ?? 0);
      },
    });
    emulator.holdAnswers();
    a.start();
    // `node --import tsx` rather than the tsx CLI: one process, so SIGTERM reaches the
    // worker's own handler instead of a relaying parent.
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
      env: { ...process.env, META_GRAPH_API_URL: emulator.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await until(async () => emulator.pendingRequests() >= 2, 200_000).catch((error) => {
        throw new Error(`${error.message}: ${emulator.pendingRequests()} pending\n${output}`);
      });
      emulator.releaseAnswers();
      await until(async () => (await statuses(d.destinationId)).delivered === 2_000, 200_000).catch(async (error) => {
        throw new Error(`${error.message}: ${JSON.stringify(await statuses(d.destinationId))}\n${output}`);
      });
      await a.stop();
      expect(acceptedOnce(emulator, d.pixelId, ids)).toEqual({ missing: [], doubled: [] });
      expect(emulator.stats().duplicates).toBe(0);
      // Both processes took part.
      expect(inProcessDelivered, output).toBeGreaterThan(0);
      expect(inProcessDelivered, output).toBeLessThan(2_000);
      expect(await db.workerHeartbeat.count(), "the child's heartbeat and ours").toBe(2);
    } finally {
      emulator.releaseAnswers();
      await a.stop();
      child.kill("SIGTERM");
      // The child works on this file's database: when a check above failed, it must be gone
      // before the next test seeds rows it could claim.
      let timer: NodeJS.Timeout | undefined;
      const gone = await Promise.race([exited.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), 60_000)))]);
      clearTimeout(timer);
      if (!gone) child.kill("SIGKILL");
    }
    expect(await exited, output).toBe(0);
    expect(output).toMatch(/tandem worker .* delivering to/);
    // Generous: a child process starting under a heavy CI load; nothing here is timed.
  }, 480_000);

  it("GIVEN a stop while a request is in flight THEN that request finishes and unsent claims go back to pending", async () => {
    const d = await seedDestination();
    await seedEvents(d, { count: 50 });
    const worker = workerFor(emulator, { batchSize: 10, maxConcurrentRequests: 1, claimLimit: 50 });
    await stopWhileMetaHolds(emulator, worker, async () => {
      // A request in flight means the claim of all 50 rows is done.
      await until(async () => emulator.pendingRequests() === 1);
      expect(await statuses(d.destinationId)).toEqual({ in_flight: 50 });
    });
    expect(await statuses(d.destinationId)).toEqual({ delivered: 10, pending: 40 });
    expect(await pendingRowsHandedBack(d.destinationId)).toBe(true);
    expect(await recordedRequests(emulator, 1)).toHaveLength(1);
  });

  it("writes a heartbeat on start and keeps beating", async () => {
    const worker = workerFor(emulator, { heartbeatIntervalMs: 50 });
    worker.start();
    try {
      await until(async () => (await db.workerHeartbeat.count({ where: { workerId: worker.workerId } })) === 1, 5_000);
      const first = await db.workerHeartbeat.findUniqueOrThrow({ where: { workerId: worker.workerId } });
      expect(first.pid).toBe(process.pid);
      await until(
        async () => (await db.workerHeartbeat.findUniqueOrThrow({ where: { workerId: worker.workerId } })).beatAt > first.beatAt,
        5_000,
      );
    } finally {
      await worker.stop();
    }
  });

  it("GIVEN every iteration fails THEN it logs each failure and backs off instead of looping hot", async () => {
    const broken = createPrismaClient("file:/nonexistent-dir/tandem.sqlite");
    const errors: Array<Record<string, unknown> | undefined> = [];
    const worker = createDeliveryWorker({
      db: broken,
      graphClient: createGraphClient({ baseUrl: emulator.url, version: "v26.0" }),
      openToken: () => "unused",
      pollIntervalMs: 10,
      maxErrorBackoffMs: 10_000,
      log: (level: LogLevel, _message, fields) => {
        if (level === "error") errors.push(fields);
      },
    });
    worker.start();
    // Counted in iterations, not in wall time: each failure doubles the wait before the
    // next (poll interval 10 ms), up to the cap.
    await until(async () => errors.length >= 5);
    await worker.stop().catch(() => undefined);
    expect(errors.slice(0, 5).map((fields) => fields?.retryInMs)).toEqual([20, 40, 80, 160, 320]);
    expect(errors.slice(0, 5).map((fields) => fields?.consecutiveErrors)).toEqual([1, 2, 3, 4, 5]);
  });
});
