import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMetaEmulator, type MetaEmulator } from "../../scripts/lib/meta-emulator";
import { validEvent } from "../../scripts/lib/meta-emulator/test-helpers";
import { createGraphClient } from "./graph-client.server";

// Real HTTP against the Meta emulator. The emulator's clock is the real one here, so
// the fixture event's time is moved to "a minute ago".
const PIXEL = "1234567890";
const TOKEN = "EAAB-graph-client-token";
const event = (i: number) => ({ ...validEvent(i), event_time: Math.floor(Date.now() / 1000) - 60 });

let emulator: MetaEmulator;
beforeAll(async () => {
  emulator = await startMetaEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const client = (timeoutMs?: number) => createGraphClient({ baseUrl: emulator.url, version: "v26.0", timeoutMs });

describe("createGraphClient().sendEvents", () => {
  it("GIVEN valid events THEN ok with events_received and fbtrace_id", async () => {
    const { result, httpStatus, durationMs } = await client().sendEvents({
      pixelId: PIXEL,
      accessToken: TOKEN,
      events: [event(1), event(2)],
    });
    expect(result).toMatchObject({ ok: true, eventsReceived: 2 });
    expect(result.fbtraceId).toBeTruthy();
    expect(httpStatus).toBe(200);
    expect(durationMs).toBeGreaterThanOrEqual(0);
    expect(emulator.acceptedCount({ pixelId: PIXEL })).toBe(2);
  });

  it("GIVEN a test event code THEN the request carries it", async () => {
    await client().sendEvents({ pixelId: PIXEL, accessToken: TOKEN, events: [event(1)], testEventCode: "TEST123" });
    expect(emulator.accepted()[0].testEventCode).toBe("TEST123");
  });

  it("GIVEN an HTML 503 THEN a transient result, no throw", async () => {
    emulator.fail({ mode: "http_503" });
    const { result, httpStatus } = await client().sendEvents({ pixelId: PIXEL, accessToken: TOKEN, events: [event(1)] });
    expect(result).toMatchObject({ ok: false, classification: "transient", httpStatus: 503 });
    expect(httpStatus).toBe(503);
  });

  it("GIVEN no answer THEN the client's timeout fires and gives a transient result", async () => {
    emulator.fail({ mode: "timeout", holdMs: 5_000 });
    const started = Date.now();
    const { result, httpStatus } = await client(200).sendEvents({ pixelId: PIXEL, accessToken: TOKEN, events: [event(1)] });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result).toMatchObject({ ok: false, classification: "transient" });
    expect(!result.ok && result.message).toMatch(/timed out/);
    expect(httpStatus).toBeNull();
  });

  it("GIVEN a connection reset or nobody listening THEN a transient result", async () => {
    emulator.fail({ mode: "reset" });
    const reset = await client().sendEvents({ pixelId: PIXEL, accessToken: TOKEN, events: [event(1)] });
    expect(reset.result).toMatchObject({ ok: false, classification: "transient" });
    const nobody = createGraphClient({ baseUrl: "http://127.0.0.1:9", version: "v26.0" });
    const refused = await nobody.sendEvents({ pixelId: PIXEL, accessToken: TOKEN, events: [event(1)] });
    expect(refused.result).toMatchObject({ ok: false, classification: "transient", httpStatus: 0 });
  });

  it("GIVEN a revoked token THEN auth; GIVEN throttling THEN throttled; GIVEN a bad event THEN invalid with Meta's message", async () => {
    emulator.revokeToken(TOKEN);
    const auth = await client().sendEvents({ pixelId: PIXEL, accessToken: TOKEN, events: [event(1)] });
    expect(auth.result).toMatchObject({ ok: false, classification: "auth", code: 190 });
    expect(JSON.stringify(auth.result)).not.toContain(TOKEN);
    emulator.restoreToken(TOKEN);

    emulator.fail({ mode: "throttle", code: 613 });
    const throttled = await client().sendEvents({ pixelId: PIXEL, accessToken: TOKEN, events: [event(1)] });
    expect(throttled.result).toMatchObject({ ok: false, classification: "throttled", code: 613 });

    const bad = { ...event(2), event_time: Math.floor(Date.now()) };
    const invalid = await client().sendEvents({ pixelId: PIXEL, accessToken: TOKEN, events: [event(1), bad] });
    expect(invalid.result).toMatchObject({ ok: false, classification: "invalid", code: 100 });
    expect(!invalid.result.ok && invalid.result.message).toMatch(/^Event 1: /);
  });

  it("sends the token in the JSON body (never the URL) with partner_agent", async () => {
    let seen: { url?: string; body?: Record<string, unknown> } = {};
    const capture = createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk) => (raw += chunk));
      req.on("end", () => {
        seen = { url: req.url, body: JSON.parse(raw) };
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ events_received: 1, fbtrace_id: "T" }));
      });
    });
    await new Promise<void>((resolve) => capture.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = capture.address() as AddressInfo;
      const c = createGraphClient({ baseUrl: `http://127.0.0.1:${port}/`, version: "v26.0" });
      const { result } = await c.sendEvents({ pixelId: PIXEL, accessToken: TOKEN, events: [event(1)] });
      expect(result.ok).toBe(true);
      expect(seen.url).toBe(`/v26.0/${PIXEL}/events`);
      expect(seen.body).toMatchObject({ access_token: TOKEN, partner_agent: "tandem" });
      expect(seen.body).not.toHaveProperty("test_event_code");
    } finally {
      await new Promise((resolve) => capture.close(resolve));
    }
  });
});
