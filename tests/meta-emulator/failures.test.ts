import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait-for";
import type { FailurePlan, MetaEmulator } from "../../scripts/lib/meta-emulator/index";
import {
  PIXEL,
  postEvents,
  sendBatch,
  startTestEmulator,
  TOKEN,
  type TestClock,
  validEvent,
} from "../../scripts/lib/meta-emulator/test-helpers";

let emulator: MetaEmulator;
let clock: TestClock;
beforeEach(async () => {
  ({ emulator, clock } = await startTestEmulator());
});
afterEach(() => emulator.close());

// [plan, HTTP status, expected error fields]
const answeringModes: [FailurePlan, number, Record<string, unknown>][] = [
  [{ mode: "http_500" }, 500, { code: 1, is_transient: true }],
  [{ mode: "throttle" }, 400, { code: 17, is_transient: true }],
  [{ mode: "throttle", code: 613 }, 400, { code: 613 }],
  [{ mode: "throttle", code: 4 }, 400, { code: 4 }],
  [{ mode: "transient" }, 400, { code: 2, is_transient: true }],
  [{ mode: "token" }, 400, { code: 190, error_subcode: 463, type: "OAuthException" }],
  [{ mode: "token", subcode: 460 }, 400, { code: 190, error_subcode: 460 }],
  [{ mode: "permission" }, 400, { code: 10 }],
  [{ mode: "permission", code: 200 }, 400, { code: 200 }],
  [{ mode: "blocked" }, 400, { code: 368, is_transient: false }],
  [{ mode: "invalid" }, 400, { code: 100, error_subcode: 2804019 }],
  [{ mode: "invalid", subcode: 2804003 }, 400, { code: 100, error_subcode: 2804003 }],
  [{ mode: "throttle", status: 429 }, 429, { code: 17 }],
];

describe("failure plans that answer", () => {
  it.each(answeringModes)("GIVEN %j for 2 requests THEN 2 failures with that Graph error, then recovery", async (plan, status, error) => {
    emulator.fail({ ...plan, count: 2 });
    for (const index of [0, 1]) {
      const response = await sendBatch(emulator, [validEvent(index)]);
      expect(response.status).toBe(status);
      expect(response.json?.error).toMatchObject({ ...error, message: expect.any(String), fbtrace_id: expect.any(String) });
    }
    expect(emulator.acceptedCount()).toBe(0);

    const recovered = await sendBatch(emulator, [validEvent(2)]);
    expect(recovered.status).toBe(200);
    expect(emulator.acceptedCount()).toBe(1);
    expect(emulator.requests().map((request) => request.failure)).toEqual([plan.mode, plan.mode, undefined]);
  });

  it("GIVEN http_503 THEN the body is HTML, not JSON, then recovery", async () => {
    emulator.fail({ mode: "http_503" });
    const failed = await sendBatch(emulator, [validEvent(0)]);
    expect(failed.status).toBe(503);
    expect(failed.json).toBeNull();
    expect(failed.text).toMatch(/^<!DOCTYPE html>/);
    expect((await sendBatch(emulator, [validEvent(1)])).status).toBe(200);
  });

  it("GIVEN no count and no period THEN only the next request fails", async () => {
    emulator.fail({ mode: "transient" });
    expect((await sendBatch(emulator, [validEvent(0)])).status).toBe(400);
    expect((await sendBatch(emulator, [validEvent(1)])).status).toBe(200);
  });

  it("GIVEN a failure that also has an invalid body THEN the failure answers and nothing is accepted", async () => {
    emulator.fail({ mode: "throttle" });
    const response = await postEvents(emulator, { data: [] });
    expect(response.json?.error?.code).toBe(17);
  });

  it("GIVEN plans queued in order THEN they are consumed in that order", async () => {
    emulator.fail({ mode: "http_500" });
    emulator.fail({ mode: "throttle", count: 2 });
    const statuses: unknown[] = [];
    for (let index = 0; index < 4; index++) {
      const response = await sendBatch(emulator, [validEvent(index)]);
      statuses.push(response.json?.error?.code ?? response.status);
    }
    expect(statuses).toEqual([1, 17, 17, 200]);
  });

  it("GIVEN a plan for one pixel THEN other pixels are served normally", async () => {
    emulator.fail({ mode: "permission", pixelId: PIXEL, count: 5 });
    const other = await postEvents(emulator, { data: [validEvent()], access_token: TOKEN }, { pixel: "555" });
    const target = await sendBatch(emulator, [validEvent()]);
    expect(other.status).toBe(200);
    expect(target.json?.error?.code).toBe(10);
  });

  it("GIVEN forMs THEN every request fails during the period on the emulator clock and none after", async () => {
    emulator.fail({ mode: "throttle", forMs: 60_000 });
    expect((await sendBatch(emulator, [validEvent(0)])).json?.error?.code).toBe(17);
    clock.ms += 30_000;
    expect((await sendBatch(emulator, [validEvent(1)])).json?.error?.code).toBe(17);
    expect((await sendBatch(emulator, [validEvent(2)])).json?.error?.code).toBe(17);
    clock.ms += 30_000;
    expect((await sendBatch(emulator, [validEvent(3)])).status).toBe(200);
  });

  it("GIVEN forMs on a real clock THEN the period ends by itself", async () => {
    const { emulator: realClock } = await startTestEmulator({ now: Date.now });
    try {
      const failedAt = Date.now();
      realClock.fail({ mode: "transient", forMs: 300 });
      const event = () => validEvent(0, { event_time: Math.floor(Date.now() / 1000) });
      const first = await sendBatch(realClock, [event()]);
      // Answered inside the period, it failed. (A machine so busy that the first answer
      // comes after the period may see success, which is also right: no fixed sleep.)
      if (Date.now() - failedAt < 300) expect(first.status).toBe(400);
      await waitFor(async () => (await sendBatch(realClock, [event()])).status === 200, "the failure period to end");
      // Success never comes early: only a lower bound, which a slow machine cannot break.
      expect(Date.now() - failedAt).toBeGreaterThanOrEqual(300);
    } finally {
      await realClock.close();
    }
  });

  it("GIVEN clearFailures THEN queued plans are dropped", async () => {
    emulator.fail({ mode: "blocked", count: 3 });
    emulator.clearFailures();
    expect((await sendBatch(emulator, [validEvent()])).status).toBe(200);
  });
});

describe("failure plans that do not answer", () => {
  it("GIVEN reset THEN the client sees a network error, then recovery", async () => {
    emulator.fail({ mode: "reset" });
    await expect(sendBatch(emulator, [validEvent(0)])).rejects.toThrow(TypeError);
    expect((await sendBatch(emulator, [validEvent(1)])).status).toBe(200);
    expect(emulator.acceptedCount()).toBe(1);
    expect(emulator.requests()[0]).toMatchObject({ failure: "reset", status: 0 });
  });

  it("GIVEN timeout THEN no answer comes until the client aborts, and the next request succeeds", async () => {
    emulator.fail({ mode: "timeout" });
    const started = Date.now();
    const outcome = await postEvents(emulator, { data: [validEvent(0)], access_token: TOKEN }, { signal: AbortSignal.timeout(250) }).catch(
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(DOMException);
    expect((outcome as DOMException).name).toBe("TimeoutError");
    expect(Date.now() - started).toBeGreaterThanOrEqual(245);

    expect((await sendBatch(emulator, [validEvent(1)])).status).toBe(200);
    expect(emulator.requests()).toMatchObject([{ failure: "timeout", status: 0 }, { status: 200 }]);
    expect(emulator.acceptedCount({ eventId: "purchase_1000" })).toBe(0);
  });

  it("GIVEN a request held in timeout mode THEN other requests are still served meanwhile", async () => {
    emulator.fail({ mode: "timeout" });
    const held = sendBatch(emulator, [validEvent(0)]).then(
      () => "answered",
      () => "cut off",
    );
    await waitFor(() => emulator.pendingRequests() === 1, "the first request to be held");
    expect((await sendBatch(emulator, [validEvent(1)])).status).toBe(200);
    expect(emulator.pendingRequests()).toBe(1); // the first is still held, unanswered
    await emulator.close();
    expect(await held).toBe("cut off");
  });

  it("GIVEN timeout with holdMs THEN the socket is destroyed after the hold", async () => {
    emulator.fail({ mode: "timeout", holdMs: 100 });
    const started = Date.now();
    await expect(sendBatch(emulator, [validEvent(0)])).rejects.toThrow(TypeError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    await waitFor(() => emulator.requests().length === 1, "the cut-off request to be recorded");
    expect(emulator.requests()[0]).toMatchObject({ failure: "timeout", status: 0 });
    expect(emulator.acceptedCount()).toBe(0);
  });
});
