import { afterAll, describe, expect, it } from "vitest";
import { claimDueEvents } from "../../app/outbox/claim.server";
import { db, secondClient, seedDestination, seedEvents } from "../delivery/fixtures";

// claimDueEvents against the real SQLite file: which rows are due, the lease, and two
// connections claiming at once.

const other = secondClient();
afterAll(() => other.$disconnect());

describe("claimDueEvents", () => {
  it("GIVEN due, future, delivered and waiting rows WHEN claimed THEN only the due ones, oldest first, leased and counted", async () => {
    const d = await seedDestination();
    const now = new Date();
    const due = await seedEvents(d, { count: 3, prefix: "due", nextAttemptAt: new Date(now.getTime() - 60_000) });
    const older = await seedEvents(d, { count: 1, prefix: "older", status: "retry", nextAttemptAt: new Date(now.getTime() - 120_000) });
    await seedEvents(d, { count: 2, prefix: "later", nextAttemptAt: new Date(now.getTime() + 60_000) });
    await seedEvents(d, { count: 1, prefix: "done", status: "delivered" });
    await seedEvents(d, { count: 1, prefix: "wait", status: "waiting_consent" });

    // Oldest due first (RETURNING itself has no order, so look at a claim of one).
    const first = await claimDueEvents({ workerId: "w1", limit: 1, leaseMs: 30_000, now });
    expect(first.map((row) => row.eventId)).toEqual(older);
    const claimed = [...first, ...(await claimDueEvents({ workerId: "w1", limit: 10, leaseMs: 30_000, now }))];
    expect(claimed.map((row) => row.eventId).sort()).toEqual([...due, ...older].sort());
    expect(claimed[0]).toMatchObject({ isTest: false, attempts: 1, destinationId: d.destinationId });
    expect(typeof claimed[0].eventTime).toBe("number");

    const stored = await db.outboxEvent.findMany({ where: { id: { in: claimed.map((row) => row.id) } } });
    for (const row of stored) {
      expect(row).toMatchObject({ status: "in_flight", leaseOwner: "w1", attempts: 1 });
      expect(row.leaseUntil!.getTime()).toBe(now.getTime() + 30_000);
    }
    // Claimed rows are not claimable again while the lease runs.
    expect(await claimDueEvents({ workerId: "w2", limit: 10, leaseMs: 30_000, now: new Date(now.getTime() + 29_000) })).toHaveLength(0);
  });

  it("GIVEN a worker that died WHEN its lease ends THEN another worker claims its rows", async () => {
    const d = await seedDestination();
    const now = new Date();
    await seedEvents(d, { count: 2 });
    const first = await claimDueEvents({ workerId: "dead", limit: 10, leaseMs: 10_000, now });
    expect(first).toHaveLength(2);
    const later = new Date(now.getTime() + 10_001);
    const second = await claimDueEvents({ workerId: "alive", limit: 10, leaseMs: 10_000, now: later });
    expect(second.map((row) => row.id).sort()).toEqual(first.map((row) => row.id).sort());
    expect(second[0].attempts).toBe(2);
    const rows = await db.outboxEvent.findMany({ where: { destinationId: d.destinationId } });
    expect(rows.every((row) => row.leaseOwner === "alive")).toBe(true);
  });

  it("GIVEN a paused or disabled destination, or an uninstalled shop THEN its rows are not claimed", async () => {
    const paused = await seedDestination();
    const disabled = await seedDestination();
    const gone = await seedDestination();
    for (const d of [paused, disabled, gone]) await seedEvents(d, { count: 2 });
    await db.destination.update({ where: { id: paused.destinationId }, data: { pausedAt: new Date(), pausedReason: "token" } });
    await db.destination.update({ where: { id: disabled.destinationId }, data: { enabled: false } });
    await db.shop.update({ where: { domain: gone.shopDomain }, data: { uninstalledAt: new Date() } });
    const claimed = await claimDueEvents({ workerId: "w", limit: 100, leaseMs: 1_000, now: new Date() });
    const blocked = new Set([paused.destinationId, disabled.destinationId, gone.destinationId]);
    expect(claimed.filter((row) => blocked.has(row.destinationId))).toHaveLength(0);
  });

  it("GIVEN two connections claiming at the same time THEN no row is claimed twice", async () => {
    const d = await seedDestination();
    await seedEvents(d, { count: 600 });
    const now = new Date();
    const runs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => claimDueEvents({ db: i % 2 ? other : db, workerId: `c${i}`, limit: 60, leaseMs: 60_000, now })),
    );
    const ids = runs
      .flat()
      .filter((row) => row.destinationId === d.destinationId)
      .map((row) => row.id);
    expect(ids).toHaveLength(600);
    expect(new Set(ids).size).toBe(600);
  });

  it("GIVEN limit 0 THEN claims nothing", async () => {
    expect(await claimDueEvents({ workerId: "w", limit: 0, leaseMs: 1_000, now: new Date() })).toEqual([]);
  });
});
