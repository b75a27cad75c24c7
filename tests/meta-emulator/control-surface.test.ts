import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AcceptedEvent, EmulatorStats, MetaEmulator, RecordedRequest } from "../../scripts/lib/meta-emulator/index";
import { PIXEL, postEvents, sendBatch, startTestEmulator, TOKEN, validEvent } from "../../scripts/lib/meta-emulator/test-helpers";

let emulator: MetaEmulator;
beforeEach(async () => {
  ({ emulator } = await startTestEmulator());
});
afterEach(() => emulator.close());

async function control(method: "GET" | "POST", route: string, body?: unknown) {
  const response = await fetch(`${emulator.url}/_emulator/${route}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

describe("HTTP control surface", () => {
  it("GIVEN accepted events THEN GET accepted lists them, filtered by query", async () => {
    await sendBatch(emulator, [
      validEvent(0),
      validEvent(1, { event_name: "InitiateCheckout", event_id: "ic_abc", custom_data: undefined }),
    ]);
    const all = await control("GET", "accepted");
    expect(all.json as AcceptedEvent[]).toHaveLength(2);
    expect(all.json[0]).toMatchObject({ pixelId: PIXEL, event: { event_id: "purchase_1000" }, receivedAt: expect.any(Number) });

    const filtered = await control("GET", "accepted?eventName=InitiateCheckout&eventId=ic_abc");
    expect((filtered.json as AcceptedEvent[]).map((entry) => entry.event.event_id)).toEqual(["ic_abc"]);
    expect((await control("GET", "accepted?pixelId=42")).json).toEqual([]);
  });

  it("GIVEN requests THEN GET requests and GET stats report them (and stats counts duplicates)", async () => {
    await sendBatch(emulator, [validEvent(0)]);
    await sendBatch(emulator, [validEvent(0)]);
    await postEvents(emulator, { data: [validEvent(1)] });
    const requests = (await control("GET", "requests")).json as RecordedRequest[];
    expect(requests.map((request) => [request.status, request.errorCode])).toEqual([
      [200, undefined],
      [200, undefined],
      [400, 190],
    ]);

    const stats = (await control("GET", "stats")).json as EmulatorStats;
    expect(stats).toMatchObject({ requests: 3, acceptedEvents: 2, duplicates: 1, byStatus: { 200: 2, 400: 1 }, byErrorCode: { 190: 1 } });
  });

  it("GIVEN POST fail THEN the plan applies to the next requests", async () => {
    expect((await control("POST", "fail", { mode: "throttle", code: 613, count: 1 })).status).toBe(200);
    expect((await sendBatch(emulator, [validEvent(0)])).json?.error?.code).toBe(613);
    expect((await sendBatch(emulator, [validEvent(1)])).status).toBe(200);
  });

  it.each([{ mode: "explode" }, { mode: "throttle", count: -1 }, { mode: "token", extra: true }, "not json"])(
    "GIVEN an invalid plan %j THEN POST fail answers 400 and queues nothing",
    async (plan) => {
      const response = await fetch(`${emulator.url}/_emulator/fail`, {
        method: "POST",
        body: typeof plan === "string" ? plan : JSON.stringify(plan),
      });
      expect(response.status).toBe(400);
      expect((await sendBatch(emulator, [validEvent()])).status).toBe(200);
    },
  );

  it("GIVEN POST latency THEN answers are delayed", async () => {
    await control("POST", "latency", { ms: 150 });
    const started = performance.now();
    await sendBatch(emulator, [validEvent()]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("GIVEN POST revoke then POST restore THEN the token fails with 190 then works", async () => {
    await control("POST", "revoke", { token: TOKEN });
    expect((await sendBatch(emulator, [validEvent(0)])).json?.error).toMatchObject({ code: 190, error_subcode: 460 });
    await control("POST", "restore", { token: TOKEN });
    expect((await sendBatch(emulator, [validEvent(1)])).status).toBe(200);
  });

  it("GIVEN POST reset THEN recorded requests, accepted events and failure plans are forgotten", async () => {
    await sendBatch(emulator, [validEvent(0)]);
    await control("POST", "fail", { mode: "blocked", count: 5 });
    await control("POST", "reset");
    expect((await control("GET", "stats")).json).toMatchObject({ requests: 0, acceptedEvents: 0 });
    expect((await sendBatch(emulator, [validEvent(1)])).status).toBe(200);
  });

  it("GIVEN the module reset() THEN the same state is forgotten", async () => {
    await sendBatch(emulator, [validEvent(0)]);
    emulator.fail({ mode: "blocked", count: 5 });
    emulator.reset();
    expect([emulator.requests().length, emulator.acceptedCount()]).toEqual([0, 0]);
    expect((await sendBatch(emulator, [validEvent(1)])).status).toBe(200);
  });

  it("GIVEN control traffic THEN it is not recorded as Graph requests", async () => {
    await control("GET", "stats");
    await control("POST", "latency", { ms: 0 });
    expect(emulator.requests()).toEqual([]);
  });

  it("GIVEN an unknown control route THEN 404", async () => {
    expect((await control("GET", "nope")).status).toBe(404);
  });
});
