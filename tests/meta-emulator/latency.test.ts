import { afterEach, describe, expect, it } from "vitest";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator/index";
import { postEvents, sendBatch, startTestEmulator, TOKEN, validEvent } from "../../scripts/lib/meta-emulator/test-helpers";

let emulator: MetaEmulator;
afterEach(() => emulator.close());

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

describe("latency", () => {
  it("GIVEN latencyMs at start THEN successes and errors both take at least that long", async () => {
    ({ emulator } = await startTestEmulator({ latencyMs: 150 }));
    const [ok, okMs] = await timed(() => sendBatch(emulator, [validEvent(0)]));
    const [bad, badMs] = await timed(() => sendBatch(emulator, [validEvent(1, { event_name: "" })]));
    expect([ok.status, bad.status]).toEqual([200, 400]);
    expect(okMs).toBeGreaterThanOrEqual(145);
    expect(badMs).toBeGreaterThanOrEqual(145);
    expect(emulator.requests()[0].durationMs).toBeGreaterThanOrEqual(145);
  });

  it("GIVEN setLatency THEN later answers are delayed, and setLatency(0) removes the delay", async () => {
    ({ emulator } = await startTestEmulator());
    emulator.setLatency(200);
    const [, slowMs] = await timed(() => sendBatch(emulator, [validEvent(0)]));
    expect(slowMs).toBeGreaterThanOrEqual(195);
    // Without the delay removed this answer would take ten minutes, far past the test's bound:
    // that it comes at all is the proof, whatever the machine's speed.
    emulator.setLatency(600_000);
    emulator.setLatency(0);
    const answer = await sendBatch(emulator, [validEvent(1)]);
    expect(answer.status).toBe(200);
  });

  it("GIVEN a failure plan THEN its answer is delayed too", async () => {
    ({ emulator } = await startTestEmulator({ latencyMs: 120 }));
    emulator.fail({ mode: "http_503" });
    const [response, ms] = await timed(() => sendBatch(emulator, [validEvent()]));
    expect(response.status).toBe(503);
    expect(ms).toBeGreaterThanOrEqual(115);
  });

  it("GIVEN the client gives up during the latency THEN Meta has still accepted the events (the double-send trap)", async () => {
    // The client gives up once the emulator has read the request and is waiting out its
    // latency (pending), not after a fixed time that a busy machine could spend before
    // the request is even read.
    ({ emulator } = await startTestEmulator({ latencyMs: 600_000 }));
    const client = new AbortController();
    const sent = postEvents(emulator, { data: [validEvent(0)], access_token: TOKEN }, { signal: client.signal }).catch(
      (error: unknown) => error,
    );
    while (emulator.pendingRequests() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    client.abort();
    const outcome = await sent;
    expect(outcome).toBeInstanceOf(DOMException);
    expect(emulator.acceptedCount({ eventId: "purchase_1000" })).toBe(1);
  });
});
