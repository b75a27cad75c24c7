import { describe, expect, it } from "vitest";
import { resumeDestination } from "../../app/outbox/pause-destination.server";
import { BACKOFF } from "../../app/delivery/retry-policy";
import {
  acceptedOnce,
  db,
  rowsOf,
  seedDestination,
  seedEvents,
  statuses,
  testClock,
  useMetaEmulatorWithFreshDb,
  workerFor,
} from "./fixtures";

// A token Meta will not let send to the pixel ((#100) subcode 33, "cannot be loaded due to
// missing permissions") is a problem of the token or the pixel id, never of the events:
// the worker pauses the pixel with the reason in words and keeps every event until the
// merchant fixes it, exactly as for a revoked token. Real worker, real emulator.

const emulator = useMetaEmulatorWithFreshDb();

describe("a token that may not send to its pixel", () => {
  it("GIVEN Meta answers 100/33 on /events THEN the pixel pauses in words, no event fails, and after a working token every event is delivered once", async () => {
    const d = await seedDestination();
    const first = await seedEvents(d, { count: 4 });
    const later = await seedEvents(d, { count: 2, prefix: "later", nextAttemptAt: new Date(Date.now() + 60_000) });
    // The pixel's own token is another one: the stored token is refused for this pixel.
    emulator.grantToken("EAAB-the-pixels-own-token", [d.pixelId]);
    const clock = testClock();
    const worker = workerFor(emulator, { now: clock.now, batchSize: 2, maxConcurrentRequests: 1 });

    const result = await worker.runOnce();
    // One request answered 100/33; not split in halves as an invalid batch would be.
    expect(result).toMatchObject({ requests: 1, failed: 0 });
    expect(emulator.requests()).toHaveLength(1);
    expect(emulator.requests()[0]).toMatchObject({ status: 400, errorCode: 100, errorSubcode: 33 });
    expect(await statuses(d.destinationId)).toEqual({ paused: 6 });
    const destination = await db.destination.findUniqueOrThrow({ where: { id: d.destinationId } });
    expect(destination.pausedAt).not.toBeNull();
    expect(destination.pausedReason).toBe(
      `This access token may not send to pixel ${d.pixelId}: it was made for another pixel, or the pixel ID is wrong.`,
    );
    const rows = await rowsOf(d.destinationId);
    expect(rows.every((row) => row.lastErrorCode === 100 && row.lastError?.startsWith("Paused: This access token may not send"))).toBe(
      true,
    );
    expect(rows.some((row) => /Unsupported|Object with ID/.test(row.lastError ?? ""))).toBe(false);
    const attempt = await db.deliveryAttempt.findFirstOrThrow({ where: { destinationId: d.destinationId } });
    expect(attempt).toMatchObject({ outcome: "auth", errorCode: 100, errorSubcode: 33 });
    expect((await worker.runOnce()).claimed).toBe(0);

    // The merchant saves a token made for this pixel.
    emulator.grantToken(d.token, [d.pixelId]);
    expect(await resumeDestination({ shopDomain: d.shopDomain, destinationId: d.destinationId, now: clock.now() })).toEqual({
      resumedEvents: 6,
    });
    for (let i = 0; i < 5; i++) if ((await worker.runOnce()).claimed === 0) clock.advance(BACKOFF.transient.capMs * 2);
    expect(await statuses(d.destinationId)).toEqual({ delivered: 6 });
    expect(acceptedOnce(emulator, d.pixelId, [...first, ...later])).toEqual({ missing: [], doubled: [] });
  });
});
