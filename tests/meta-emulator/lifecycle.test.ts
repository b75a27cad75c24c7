import { describe, expect, it } from "vitest";
import { waitFor } from "../support/wait-for";
import { startMetaEmulator } from "../../scripts/lib/meta-emulator/index";
import { sendBatch, startTestEmulator, validEvent } from "../../scripts/lib/meta-emulator/test-helpers";

describe("lifecycle", () => {
  it("GIVEN a request held open in timeout mode THEN close() resolves promptly and the client is cut off", async () => {
    const { emulator } = await startTestEmulator();
    emulator.fail({ mode: "timeout" });
    const held = sendBatch(emulator, [validEvent()]).then(
      () => "answered",
      () => "cut off",
    );
    await waitFor(() => emulator.pendingRequests() === 1, "the request to be held");
    // A held request never ends by itself: if close() waited for it, this would hang
    // until the test's timeout and fail, however fast or slow the machine.
    await emulator.close();
    expect(await held).toBe("cut off");
  });

  it("GIVEN an answer waiting on latency THEN close() does not wait for it", async () => {
    // The latency is longer than the test's timeout: if close() waited for the answer,
    // the test would time out and fail.
    const { emulator } = await startTestEmulator({ latencyMs: 10 * 60_000 });
    const pending = sendBatch(emulator, [validEvent()]).catch(() => "cut off");
    await waitFor(() => emulator.pendingRequests() === 1, "the request to wait on latency");
    await emulator.close();
    expect(await pending).toBe("cut off");
  });

  it("GIVEN a closed emulator THEN its port refuses connections", async () => {
    const { emulator } = await startTestEmulator();
    await emulator.close();
    await expect(sendBatch(emulator, [validEvent()])).rejects.toThrow(TypeError);
  });

  it("GIVEN 300 concurrent requests of 20 events THEN every one is answered and all 6,000 events are recorded", async () => {
    const { emulator } = await startTestEmulator({ latencyMs: 30 });
    try {
      const responses = await Promise.all(
        Array.from({ length: 300 }, (_, batch) =>
          sendBatch(
            emulator,
            Array.from({ length: 20 }, (_, index) => validEvent(batch * 20 + index)),
          ),
        ),
      );
      expect(responses.every((response) => response.json?.events_received === 20)).toBe(true);
      expect(emulator.acceptedCount()).toBe(6000);
      expect(emulator.stats().duplicates).toBe(0);
    } finally {
      await emulator.close();
    }
  });

  it("GIVEN no options THEN it listens on 127.0.0.1 on a random port", async () => {
    const first = await startMetaEmulator();
    const second = await startMetaEmulator();
    try {
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(first.url).not.toBe(second.url);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
