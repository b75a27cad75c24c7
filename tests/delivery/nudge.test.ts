import { describe, expect, it } from "vitest";
import { seedDestination, seedEvents, statuses, useMetaEmulatorWithFreshDb, workerFor } from "./fixtures";

const emulator = useMetaEmulatorWithFreshDb();

const waitFor = async (check: () => Promise<boolean>, ms: number) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
};

describe("a sleeping worker nudged by new rows", () => {
  it("GIVEN a worker that polls once a minute WHEN rows arrive and it is nudged THEN they are delivered at once; without a nudge they wait", async () => {
    const worker = workerFor(emulator, { pollIntervalMs: 60_000 });
    const d = await seedDestination();
    worker.start();
    try {
      // start() began the first iteration; runOnce() joins it. Once it found nothing the loop sleeps.
      await worker.runOnce();
      await seedEvents(d, { count: 5 });
      expect(await waitFor(async () => (await statuses(d.destinationId)).delivered === 5, 700)).toBe(false);
      worker.nudge();
      expect(await waitFor(async () => (await statuses(d.destinationId)).delivered === 5, 5_000)).toBe(true);
      // A burst of nudges is one run: the five events went in one request.
      expect(emulator.requests()).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  });
});
