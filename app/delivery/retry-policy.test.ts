import { describe, expect, it } from "vitest";
import { BACKOFF, backoffDelayMs, nextAttemptAt, type RetryKind } from "./retry-policy";

const kinds: RetryKind[] = ["transient", "throttled", "blocked"];

describe("backoffDelayMs", () => {
  it("GIVEN the first failure WHEN any random value THEN waits exactly the base (never sooner)", () => {
    for (const kind of kinds) {
      for (const r of [0, 0.5, 0.999]) expect(backoffDelayMs(kind, 1, () => r)).toBe(BACKOFF[kind].baseMs);
    }
  });

  it("GIVEN later failures THEN the ceiling doubles and the jitter spreads over its upper half", () => {
    // transient base 5 s: attempt 3 has ceiling 20 s, so delays lie in [10 s, 20 s].
    expect(backoffDelayMs("transient", 3, () => 0)).toBe(20_000);
    expect(backoffDelayMs("transient", 3, () => 1)).toBe(10_000);
    expect(backoffDelayMs("transient", 3, () => 0.5)).toBe(15_000);
    expect(backoffDelayMs("transient", 2, () => 0)).toBe(10_000);
  });

  it("GIVEN many failures THEN never exceeds the cap and never drops below half of it", () => {
    for (const kind of kinds) {
      const { capMs } = BACKOFF[kind];
      for (const attempt of [20, 60, 2000]) {
        expect(backoffDelayMs(kind, attempt, () => 0)).toBe(capMs);
        expect(backoffDelayMs(kind, attempt, () => 1)).toBe(capMs / 2);
      }
    }
  });

  it("GIVEN a real random source THEN delays vary (jitter is applied)", () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelayMs("transient", 6)));
    expect(delays.size).toBeGreaterThan(10);
  });

  it("orders the schedules: transient < throttled < blocked", () => {
    expect(BACKOFF.transient.baseMs).toBe(5_000);
    expect(BACKOFF.throttled.baseMs).toBe(60_000);
    expect(BACKOFF.blocked.baseMs).toBe(15 * 60_000);
    expect(BACKOFF.transient.capMs).toBe(30 * 60_000);
    expect(BACKOFF.throttled.capMs).toBe(60 * 60_000);
  });

  it("nextAttemptAt adds the delay to now", () => {
    const now = new Date("2026-11-26T12:00:00Z");
    expect(nextAttemptAt("throttled", 1, now, () => 0.3).toISOString()).toBe("2026-11-26T12:01:00.000Z");
  });
});
