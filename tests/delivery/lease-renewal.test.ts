import { describe, expect, it } from "vitest";
import { deliverClaimed } from "../../app/delivery/deliver.server";
import type { DeliveryContext } from "../../app/delivery/delivery-context";
import { createGraphClient } from "../../app/meta/graph-client.server";
import { claimDueEvents } from "../../app/outbox/claim.server";
import { getSecretBox } from "../../app/secrets/token-encryption.server";
import { acceptedOnce, db, rowsOf, seedDestination, seedEvents, statuses, testClock, useMetaEmulatorWithFreshDb } from "./fixtures";

// Before each request the worker checks that the rows are still its own, and extends their
// lease only when what is left of it would not outlast the request (its timeout and a
// margin for writing the answer): right after a claim the check is a read, not a write.

const emulator = useMetaEmulatorWithFreshDb();
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;

function contextAt(clock: ReturnType<typeof testClock>, workerId: string): DeliveryContext {
  const box = getSecretBox();
  return {
    db,
    graphClient: createGraphClient({ baseUrl: emulator.url, version: "v26.0", timeoutMs: TIMEOUT_MS }),
    openToken: (sealed) => box.open(sealed),
    workerId,
    leaseMs: LEASE_MS,
    requestTimeoutMs: TIMEOUT_MS,
    batchSize: 500,
    maxConcurrentRequests: 1,
    now: clock.now,
    random: () => 0.5,
    log: () => {},
    mayStartRequest: () => true,
  };
}

async function until(check: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Claims the rows at the clock's time, moves the clock by `after`, sends with answers held and returns the leases seen meanwhile. */
async function leasesDuringRequest(after: number) {
  const clock = testClock(new Date(Date.now() - 1_000));
  const claimedAt = clock.now().getTime();
  const d = await seedDestination();
  const ids = await seedEvents(d, { count: 3, nextAttemptAt: new Date(claimedAt - 1_000) });
  const claimed = await claimDueEvents({ workerId: "w1", limit: 10, leaseMs: LEASE_MS, now: clock.now() });
  clock.advance(after);
  emulator.holdAnswers();
  const delivering = deliverClaimed(contextAt(clock, "w1"), claimed);
  try {
    await until(() => emulator.pendingRequests() >= 1);
    const leases = (await rowsOf(d.destinationId)).map((row) => row.leaseUntil?.getTime());
    emulator.releaseAnswers();
    expect((await delivering).delivered).toBe(3);
    expect(acceptedOnce(emulator, d.pixelId, ids)).toEqual({ missing: [], doubled: [] });
    return { claimedAt, leases };
  } finally {
    emulator.releaseAnswers();
    await delivering.catch(() => undefined);
  }
}

describe("lease renewal before a request", () => {
  it("GIVEN a lease with most of its time left THEN the request goes out under it, unextended (no write)", async () => {
    const { claimedAt, leases } = await leasesDuringRequest(5_000);
    expect(leases).toEqual([claimedAt + LEASE_MS, claimedAt + LEASE_MS, claimedAt + LEASE_MS]);
  });

  it("GIVEN a lease that would end before the request's timeout and a margin THEN it is extended to a full lease first", async () => {
    const { claimedAt, leases } = await leasesDuringRequest(50_000);
    const renewed = claimedAt + 50_000 + LEASE_MS;
    expect(leases).toEqual([renewed, renewed, renewed]);
  });

  it("GIVEN claimed rows deleted or taken by another worker before the request THEN only those still ours are sent", async () => {
    const clock = testClock(new Date(Date.now() - 1_000));
    const d = await seedDestination();
    const ids = await seedEvents(d, { count: 4, nextAttemptAt: new Date(clock.now().getTime() - 1_000) });
    const claimed = await claimDueEvents({ workerId: "w1", limit: 10, leaseMs: LEASE_MS, now: clock.now() });
    const [gone, taken] = [...claimed].sort((a, b) => a.eventId.localeCompare(b.eventId));
    await db.outboxEvent.delete({ where: { id: gone.id } });
    await db.outboxEvent.update({ where: { id: taken.id }, data: { leaseOwner: "w2" } });

    const summary = await deliverClaimed(contextAt(clock, "w1"), claimed);

    expect(summary).toMatchObject({ delivered: 2, lostLeases: 2 });
    const sent = acceptedOnce(emulator, d.pixelId, ids);
    expect(sent.missing.sort()).toEqual([gone.eventId, taken.eventId].sort());
    expect(sent.doubled).toEqual([]);
    expect(await statuses(d.destinationId)).toEqual({ delivered: 2, in_flight: 1 });
  });
});
