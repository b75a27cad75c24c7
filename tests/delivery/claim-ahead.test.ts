import { describe, expect, it } from "vitest";
import {
  acceptedOnce,
  pendingRowsHandedBack,
  recordedRequests,
  seedDestination,
  seedEvents,
  statuses,
  stopWhileMetaHolds,
  useMetaEmulatorWithFreshDb,
  workerFor,
} from "./fixtures";
import { waitFor } from "../support/wait-for";

// The worker's loop claims its next rows while a full run's last requests wait for Meta, so
// the claim's SQL overlaps that wait instead of following it. What must still hold: rows
// claimed ahead are sent once, by this worker, after the current run; a stop hands them
// back; a single runOnce() holds nothing when it returns.

const emulator = useMetaEmulatorWithFreshDb();

const until = (check: () => Promise<boolean>) => waitFor(check, "the worker to reach the state", { timeoutMs: 60_000, pollMs: 20 });

describe("claiming ahead", () => {
  it("GIVEN a full claim WHEN its last requests are in flight THEN the loop has claimed the next rows; each event is sent once", async () => {
    const d = await seedDestination();
    const ids = await seedEvents(d, { count: 30 });
    emulator.holdAnswers();
    const worker = workerFor(emulator, { batchSize: 5, maxConcurrentRequests: 2 });
    worker.start();
    try {
      // Both requests of the first run (10 rows) wait for Meta, and 10 more rows are claimed.
      await until(async () => emulator.pendingRequests() === 2 && (await statuses(d.destinationId)).in_flight === 20);
      expect(await statuses(d.destinationId)).toEqual({ in_flight: 20, pending: 10 });
      emulator.releaseAnswers();
      await until(async () => (await statuses(d.destinationId)).delivered === 30);
    } finally {
      emulator.releaseAnswers();
      await worker.stop();
    }
    expect(acceptedOnce(emulator, d.pixelId, ids)).toEqual({ missing: [], doubled: [] });
    expect(await recordedRequests(emulator, 6)).toHaveLength(6);
  });

  it("GIVEN rows claimed ahead WHEN the worker stops THEN they go back to pending, unsent, with the attempt not counted", async () => {
    const d = await seedDestination();
    await seedEvents(d, { count: 30 });
    await stopWhileMetaHolds(emulator, workerFor(emulator, { batchSize: 5, maxConcurrentRequests: 2 }), () =>
      until(async () => emulator.pendingRequests() === 2 && (await statuses(d.destinationId)).in_flight === 20),
    );
    expect(await statuses(d.destinationId)).toEqual({ delivered: 10, pending: 20 });
    expect(await pendingRowsHandedBack(d.destinationId)).toBe(true);
    expect(await recordedRequests(emulator, 2)).toHaveLength(2);
  });

  it("GIVEN a single runOnce() with a full claim THEN it returns holding nothing", async () => {
    const d = await seedDestination();
    await seedEvents(d, { count: 30 });
    const result = await workerFor(emulator, { batchSize: 5, maxConcurrentRequests: 2 }).runOnce();
    expect(result).toMatchObject({ claimed: 10, delivered: 10 });
    expect(await statuses(d.destinationId)).toEqual({ delivered: 10, pending: 20 });
  });
});
