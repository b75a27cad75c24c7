import { beforeEach, describe, expect, it } from "vitest";
import { backlogStatus } from "../../app/outbox/backlog.server";
import { replayEvents } from "../../app/outbox/replay.server";
import { db, resetDb, seedDestination, seedEvents, statuses } from "../delivery/fixtures";

beforeEach(resetDb);

describe("replayEvents", () => {
  it("GIVEN failed, blocked and delivered rows THEN by default only failed ones return to pending, scoped to the shop", async () => {
    const mine = await seedDestination();
    const theirs = await seedDestination();
    await seedEvents(mine, { count: 2, prefix: "f", status: "failed", extra: { lastError: "Meta rejected", attempts: 3 } });
    await seedEvents(mine, { count: 1, prefix: "b", status: "blocked" });
    await seedEvents(mine, { count: 1, prefix: "d", status: "delivered" });
    await seedEvents(mine, { count: 1, prefix: "i", status: "in_flight", extra: { leaseOwner: "w" } });
    await seedEvents(theirs, { count: 2, prefix: "f", status: "failed" });
    const now = new Date();

    expect(await replayEvents({ shopDomain: mine.shopDomain, now })).toBe(2);
    expect(await statuses(mine.destinationId)).toEqual({ pending: 2, blocked: 1, delivered: 1, in_flight: 1 });
    expect(await statuses(theirs.destinationId)).toEqual({ failed: 2 });
    const replayed = await db.outboxEvent.findMany({ where: { destinationId: mine.destinationId, status: "pending" } });
    expect(
      replayed.every(
        (row) => row.attempts === 0 && row.nextAttemptAt.getTime() === now.getTime() && /Replayed from failed/.test(row.lastError ?? ""),
      ),
    ).toBe(true);
  });

  it("GIVEN delivered rows THEN replayed only when named AND forced; in_flight never", async () => {
    const d = await seedDestination();
    await seedEvents(d, { count: 1, prefix: "d", status: "delivered", extra: { deliveredAt: new Date() } });
    await seedEvents(d, { count: 1, prefix: "i", status: "in_flight" });
    expect(await replayEvents({ shopDomain: d.shopDomain, status: ["delivered"] })).toBe(0);
    expect(await replayEvents({ shopDomain: d.shopDomain, status: ["in_flight" as never] })).toBe(0);
    expect(await replayEvents({ shopDomain: d.shopDomain, status: ["delivered"], force: true })).toBe(1);
    const row = await db.outboxEvent.findFirstOrThrow({ where: { destinationId: d.destinationId, eventId: { startsWith: "d" } } });
    expect(row).toMatchObject({ status: "pending", deliveredAt: null });
  });

  it("GIVEN ids THEN only those rows (of that shop) are replayed", async () => {
    const d = await seedDestination();
    const other = await seedDestination();
    await seedEvents(d, { count: 3, prefix: "x", status: "expired" });
    await seedEvents(other, { count: 1, prefix: "y", status: "expired" });
    const rows = await db.outboxEvent.findMany({ where: { status: "expired" }, orderBy: { eventId: "asc" } });
    const ids = rows.map((row) => row.id);
    expect(await replayEvents({ shopDomain: d.shopDomain, ids, status: ["expired"] })).toBe(3);
    expect(await statuses(other.destinationId)).toEqual({ expired: 1 });
    expect(await replayEvents({ shopDomain: d.shopDomain, ids: [], status: ["expired"] })).toBe(0);
  });
});

describe("backlogStatus", () => {
  it("counts by status, finds the oldest due event and the latest heartbeat", async () => {
    const d = await seedDestination();
    const now = new Date();
    await seedEvents(d, { count: 2, prefix: "p", nextAttemptAt: new Date(now.getTime() - 90_000) });
    await seedEvents(d, { count: 1, prefix: "r", status: "retry", nextAttemptAt: new Date(now.getTime() + 90_000) });
    await seedEvents(d, { count: 1, prefix: "x", status: "delivered" });
    await db.workerHeartbeat.create({ data: { workerId: "w1", pid: 1, startedAt: now, beatAt: new Date(now.getTime() - 4_000) } });
    const status = await backlogStatus({ now });
    expect(status.byStatus).toEqual({ pending: 2, retry: 1, delivered: 1 });
    expect(status.oldestDue).toMatchObject({ shopDomain: d.shopDomain, ageSeconds: 90 });
    expect(status.heartbeat).toMatchObject({ workerId: "w1", ageSeconds: 4 });
    expect((await backlogStatus({ shopDomain: "nobody.myshopify.com", now })).byStatus).toEqual({});
  });
});
