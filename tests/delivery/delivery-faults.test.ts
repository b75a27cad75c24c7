import { describe, expect, it } from "vitest";
import { resumeDestination } from "../../app/outbox/pause-destination.server";
import { BACKOFF } from "../../app/delivery/retry-policy";
import {
  acceptedOnce,
  db,
  purchase,
  recordedRequests,
  rowsOf,
  seedDestination,
  seedEvents,
  statuses,
  testClock,
  useMetaEmulatorWithFreshDb,
  workerFor,
} from "./fixtures";

// The worker against a Meta emulator told to fail: what each kind of failure does to
// the rows, and that every event reaches Meta exactly once in the end. runOnce() and a
// hand-moved clock replace sleeping: "later" is clock.advance(), not a timer.

const emulator = useMetaEmulatorWithFreshDb();

/** Runs the worker (clock moved past any backoff each time) until nothing is due. */
async function drain(worker: ReturnType<typeof workerFor>, clock: ReturnType<typeof testClock>, rounds = 20) {
  for (let i = 0; i < rounds; i++) {
    const result = await worker.runOnce();
    if (result.claimed === 0) clock.advance(BACKOFF.transient.capMs * 2);
  }
}

describe("delivery under failures", () => {
  it("GIVEN 5xx, HTML 503, resets and timeouts for a while WHEN Meta recovers THEN every event is delivered, none twice", async () => {
    const d = await seedDestination();
    const ids = await seedEvents(d, { count: 30 });
    emulator.fail({ mode: "http_500", count: 1, pixelId: d.pixelId });
    emulator.fail({ mode: "http_503", count: 1, pixelId: d.pixelId });
    emulator.fail({ mode: "reset", count: 1, pixelId: d.pixelId });
    emulator.fail({ mode: "timeout", count: 1, pixelId: d.pixelId, holdMs: 60_000 });
    const clock = testClock();
    // The held request must time out; the others must not, however busy the machine, so
    // the client timeout is generous and the hold far longer than it.
    const worker = workerFor(emulator, { now: clock.now, batchSize: 10, maxConcurrentRequests: 1, claimLimit: 30, timeoutMs: 3_000 });

    const first = await worker.runOnce();
    expect(first).toMatchObject({ claimed: 30, requests: 3, retried: 30, delivered: 0 });
    // Nothing is due until the backoff has passed.
    expect((await worker.runOnce()).claimed).toBe(0);
    await drain(worker, clock);

    expect(await statuses(d.destinationId)).toEqual({ delivered: 30 });
    expect(acceptedOnce(emulator, d.pixelId, ids)).toEqual({ missing: [], doubled: [] });
    for (const id of ids) expect(emulator.acceptedCount({ pixelId: d.pixelId, eventId: id })).toBe(1);
    const attempts = await db.deliveryAttempt.findMany({ where: { destinationId: d.destinationId }, orderBy: { startedAt: "asc" } });
    expect(attempts.map((a) => a.outcome).filter((o) => o === "transient")).toHaveLength(4);
    expect(attempts.filter((a) => a.outcome === "delivered").reduce((n, a) => n + a.eventCount, 0)).toBe(30);
    const rows = await rowsOf(d.destinationId);
    expect(rows.every((row) => row.fbtraceId && row.deliveredAt && row.leaseOwner === null)).toBe(true);
  });

  it("GIVEN throttling (613) THEN the retry waits at least the throttle base, and code and reason are recorded", async () => {
    const d = await seedDestination();
    await seedEvents(d, { count: 5 });
    emulator.fail({ mode: "throttle", code: 613, count: 1, pixelId: d.pixelId });
    const clock = testClock();
    const worker = workerFor(emulator, { now: clock.now });
    const before = clock.now().getTime();
    expect(await worker.runOnce()).toMatchObject({ requests: 1, retried: 5 });
    const rows = await rowsOf(d.destinationId);
    for (const row of rows) {
      expect(row.status).toBe("retry");
      expect(row.nextAttemptAt.getTime() - before).toBeGreaterThanOrEqual(BACKOFF.throttled.baseMs);
      expect(row.lastErrorCode).toBe(613);
      expect(row.lastError).toMatch(/Throttled/);
    }
    clock.advance(BACKOFF.throttled.baseMs - 1_000);
    expect((await worker.runOnce()).claimed).toBe(0);
    clock.advance(BACKOFF.throttled.capMs);
    expect(await worker.runOnce()).toMatchObject({ delivered: 5 });
  });

  it("GIVEN 368 (temporarily blocked) THEN a slow retry of at least the blocked base", async () => {
    const d = await seedDestination();
    await seedEvents(d, { count: 2 });
    emulator.fail({ mode: "blocked", count: 1, pixelId: d.pixelId });
    const clock = testClock();
    const worker = workerFor(emulator, { now: clock.now });
    await worker.runOnce();
    const rows = await rowsOf(d.destinationId);
    expect(rows.every((row) => row.status === "retry" && row.lastErrorCode === 368)).toBe(true);
    expect(rows[0].nextAttemptAt.getTime() - clock.now().getTime()).toBeGreaterThanOrEqual(BACKOFF.blocked.baseMs);
  });

  it("GIVEN a revoked token THEN the destination pauses, its events are kept, and after resume + a good token they are delivered", async () => {
    const d = await seedDestination();
    const sent = await seedEvents(d, { count: 4 });
    const later = await seedEvents(d, { count: 3, prefix: "later", nextAttemptAt: new Date(Date.now() + 60_000) });
    emulator.revokeToken(d.token);
    const clock = testClock();
    const worker = workerFor(emulator, { now: clock.now, batchSize: 2, maxConcurrentRequests: 1 });

    const result = await worker.runOnce();
    // The first request fails; the second batch of the same destination is never sent.
    expect(result.requests).toBe(1);
    expect(await statuses(d.destinationId)).toEqual({ paused: 7 });
    const destination = await db.destination.findUniqueOrThrow({ where: { id: d.destinationId } });
    expect(destination.pausedAt).not.toBeNull();
    // Stored in words from the code (190, subcode 460: revoked), not Meta's sentence.
    expect(destination.pausedReason).toMatch(/^This access token no longer works/);
    expect(destination.pausedReason).not.toContain(d.token);
    expect((await rowsOf(d.destinationId))[0].lastErrorCode).toBe(190);
    expect((await worker.runOnce()).claimed).toBe(0);

    emulator.restoreToken(d.token);
    expect(
      await resumeDestination({ shopDomain: "someone-else.myshopify.com", destinationId: d.destinationId, now: clock.now() }),
    ).toBeNull();
    expect(await resumeDestination({ shopDomain: d.shopDomain, destinationId: d.destinationId, now: clock.now() })).toEqual({
      resumedEvents: 7,
    });
    await drain(worker, clock, 5);
    expect(await statuses(d.destinationId)).toEqual({ delivered: 7 });
    expect(acceptedOnce(emulator, d.pixelId, [...sent, ...later])).toEqual({ missing: [], doubled: [] });
  });

  it("GIVEN one event Meta rejects in a batch THEN the batch is split, the others delivered, the bad one failed with Meta's message", async () => {
    const d = await seedDestination();
    // Tandem never writes opt_out and its validator does not look at it; the emulator, like
    // Meta, refuses one that is not a boolean. (A malformed browser value, such as an IP that
    // is not one, no longer reaches Meta: it is left out of the event before sending.)
    const ids = await seedEvents(d, {
      count: 16,
      event: (eventId, i) => (i === 11 ? { ...purchase(eventId), opt_out: "yes" } : purchase(eventId)),
    });
    const worker = workerFor(emulator);
    const result = await worker.runOnce();
    expect(result).toMatchObject({ delivered: 15, failed: 1 });
    const bad = await db.outboxEvent.findFirstOrThrow({ where: { destinationId: d.destinationId, eventId: ids[11] } });
    expect(bad).toMatchObject({ status: "failed", lastErrorCode: 100 });
    expect(bad.lastError).toMatch(/Meta rejected this event: Event 0: opt_out must be a boolean/);
    expect(
      acceptedOnce(
        emulator,
        d.pixelId,
        ids.filter((_, i) => i !== 11),
      ),
    ).toEqual({ missing: [], doubled: [] });
    expect(emulator.acceptedCount({ eventId: ids[11] })).toBe(0);
    // Halving 16 to isolate one: 1 + 2 + 2 + 2 + 2 requests, each a real one.
    expect(await recordedRequests(emulator, 9, (r) => r.pixelId === d.pixelId)).toHaveLength(9);
    const attempts = await db.deliveryAttempt.count({ where: { destinationId: d.destinationId } });
    expect(attempts).toBe(9);
  });

  it("GIVEN an event past Meta's window (or our validator's rules) THEN expired (or failed) and never sent", async () => {
    const d = await seedDestination();
    const eightDays = Math.floor(Date.now() / 1000) - 8 * 86_400;
    const store = Math.floor(Date.now() / 1000) - 30 * 86_400;
    const [old] = await seedEvents(d, { count: 1, prefix: "old", event: (id) => purchase(id, { event_time: eightDays }) });
    const [edge] = await seedEvents(d, {
      count: 1,
      prefix: "edge",
      event: (id) => purchase(id, { event_time: Math.floor(Date.now() / 1000) - 7 * 86_400 + 1_800 }),
    });
    const [pos] = await seedEvents(d, {
      count: 1,
      prefix: "pos",
      event: (id) => purchase(id, { event_time: store, action_source: "physical_store" }),
    });
    const [broken] = await seedEvents(d, { count: 1, prefix: "broken", event: (id) => purchase(id, { custom_data: { currency: "USD" } }) });
    const worker = workerFor(emulator);
    expect(await worker.runOnce()).toMatchObject({ expired: 2, failed: 1, delivered: 1 });
    const byId = Object.fromEntries((await rowsOf(d.destinationId)).map((row) => [row.eventId, row]));
    expect(byId[old]).toMatchObject({ status: "expired", leaseOwner: null });
    expect(byId[old].lastError).toMatch(/Never sent: Meta accepts events up to 7 days old/);
    // Inside the 7 days but within the last hour of it: retired too (the margin).
    expect(byId[edge].status).toBe("expired");
    expect(byId[pos].status).toBe("delivered");
    expect(byId[broken].status).toBe("failed");
    expect(byId[broken].lastError).toMatch(/validator.*custom_data.value/);
    expect(
      emulator.acceptedCount({ eventId: old }) + emulator.acceptedCount({ eventId: edge }) + emulator.acceptedCount({ eventId: broken }),
    ).toBe(0);
  });

  it("GIVEN test orders THEN sent only with the destination's test code, never mixed with real events; skipped without a code", async () => {
    const withCode = await seedDestination({ testEventCode: "TEST4242" });
    const real = await seedEvents(withCode, { count: 3 });
    const test = await seedEvents(withCode, { count: 2, prefix: "test", isTest: true });
    const noCode = await seedDestination();
    await seedEvents(noCode, { count: 2, prefix: "nocode", isTest: true });
    await workerFor(emulator).runOnce();
    const requests = await recordedRequests(emulator, 2, (r) => r.pixelId === withCode.pixelId);
    expect(requests.map((r) => [r.eventCount, r.testEventCode ?? null]).sort()).toEqual([
      [2, "TEST4242"],
      [3, null],
    ]);
    for (const a of emulator.accepted().filter((a) => a.pixelId === withCode.pixelId)) {
      expect(a.testEventCode === "TEST4242").toBe(test.includes(String(a.event.event_id)));
    }
    expect(acceptedOnce(emulator, withCode.pixelId, [...real, ...test]).missing).toEqual([]);
    expect(await statuses(noCode.destinationId)).toEqual({ skipped: 2 });
    expect(emulator.requests().filter((r) => r.pixelId === noCode.pixelId)).toHaveLength(0);
  });
});
