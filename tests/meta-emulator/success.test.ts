import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator/index";
import { PIXEL, postEvents, sendBatch, startTestEmulator, TOKEN, validEvent } from "../../scripts/lib/meta-emulator/test-helpers";

let emulator: MetaEmulator;
beforeEach(async () => {
  ({ emulator } = await startTestEmulator());
});
afterEach(() => emulator.close());

describe("accepting events", () => {
  it("GIVEN valid events WHEN posted THEN answers 200 with Meta's success shape and records them", async () => {
    const events = [validEvent(0), validEvent(1, { event_name: "InitiateCheckout", custom_data: undefined })];
    const response = await sendBatch(emulator, events, { test_event_code: "TEST123", partner_agent: "tandem" });

    expect(response.status).toBe(200);
    expect(response.json).toEqual({ events_received: 2, messages: [], fbtrace_id: expect.stringMatching(/^[\w-]{10,}$/) });
    const accepted = emulator.accepted();
    expect(accepted).toHaveLength(2);
    expect(accepted[0]).toMatchObject({ pixelId: PIXEL, testEventCode: "TEST123", fbtraceId: response.json?.fbtrace_id });
    expect(accepted[0].event).toEqual(JSON.parse(JSON.stringify(events[0])));
    expect(emulator.requests()).toMatchObject([{ pixelId: PIXEL, version: "v26.0", eventCount: 2, status: 200, testEventCode: "TEST123" }]);
  });

  it("GIVEN a request without test_event_code THEN the accepted event has no testEventCode", async () => {
    await sendBatch(emulator, [validEvent()]);
    expect(emulator.accepted()[0]).not.toHaveProperty("testEventCode");
  });

  it("GIVEN a fresh fbtrace_id per answer THEN two answers differ", async () => {
    const first = await sendBatch(emulator, [validEvent(0)]);
    const second = await sendBatch(emulator, [validEvent(1)]);
    expect(first.json?.fbtrace_id).not.toBe(second.json?.fbtrace_id);
  });

  it("GIVEN the token in ?access_token= or Authorization: Bearer THEN it is accepted", async () => {
    const byQuery = await postEvents(emulator, { data: [validEvent(0)] }, { query: `?access_token=${TOKEN}` });
    const byBearer = await postEvents(emulator, { data: [validEvent(1)] }, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect([byQuery.status, byBearer.status]).toEqual([200, 200]);
    expect(emulator.acceptedCount()).toBe(2);
  });

  it("GIVEN a form-encoded body with data as a JSON string THEN it is accepted like JSON", async () => {
    const body = new URLSearchParams({ data: JSON.stringify([validEvent()]), access_token: TOKEN, test_event_code: "TEST9" }).toString();
    const response = await postEvents(emulator, body, { headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(response.json).toMatchObject({ events_received: 1 });
    expect(emulator.accepted()[0]).toMatchObject({ testEventCode: "TEST9", event: { event_id: "purchase_1000" } });
  });

  it("GIVEN the same (pixel, event_name, event_id) accepted twice THEN both are recorded and counted as a duplicate", async () => {
    await sendBatch(emulator, [validEvent(7)]);
    await sendBatch(emulator, [validEvent(7)]);
    await sendBatch(emulator, [validEvent(7)]);
    await postEvents(emulator, { data: [validEvent(7)], access_token: TOKEN }, { pixel: "999" });

    expect(emulator.acceptedCount({ pixelId: PIXEL, eventName: "Purchase", eventId: "purchase_1007" })).toBe(3);
    expect(emulator.acceptedCount({ pixelId: "999" })).toBe(1);
    expect(emulator.acceptedCount({ eventName: "AddToCart" })).toBe(0);
    const stats = emulator.stats();
    expect(stats.duplicates).toBe(2);
    expect(stats.duplicateKeys).toEqual([{ pixelId: PIXEL, eventName: "Purchase", eventId: "purchase_1007", count: 3 }]);
  });

  it("GIVEN other versions like v25.0 THEN they are served too", async () => {
    const response = await postEvents(emulator, { data: [validEvent()], access_token: TOKEN }, { version: "v25.0" });
    expect(response.status).toBe(200);
    expect(emulator.requests()[0].version).toBe("v25.0");
  });
});

describe("paths and methods Meta does not serve", () => {
  it.each(["/v26.0/1234/evnts", "/v26/1234/events", "/v26.0/not-a-pixel/events", "/"])(
    "GIVEN %s THEN 404 with a Graph error (code 803)",
    async (path) => {
      const response = await fetch(emulator.url + path, { method: "POST", body: "{}" });
      expect(response.status).toBe(404);
      expect((await response.json()).error).toMatchObject({ code: 803, type: "OAuthException", fbtrace_id: expect.any(String) });
    },
  );

  it("GIVEN a GET on the events edge THEN 400 with a Graph error and nothing accepted", async () => {
    const response = await fetch(`${emulator.url}/v26.0/${PIXEL}/events?access_token=${TOKEN}`);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: 100, error_subcode: 33 });
    expect(emulator.acceptedCount()).toBe(0);
  });
});
