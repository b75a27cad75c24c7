import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NOW_MS, NOW_S, PIXEL, startTestEmulator, TOKEN, validEvent } from "../../scripts/lib/meta-emulator/test-helpers";
import type { MetaEmulator } from "../../scripts/lib/meta-emulator/types";

// GET /{version}/{pixel}/stats?aggregation=event: the pixel's counts per hour and event
// name (Meta's Ads Pixel Stats shape), derived from accepted events or configured, paged
// with `after` cursors, and the failures a merchant meets (a token that may not read the
// pixel, a rate limit).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

let meta: MetaEmulator;
beforeAll(async () => {
  ({ emulator: meta } = await startTestEmulator());
});
afterAll(() => meta.close());
beforeEach(() => meta.reset());

async function stats(params: Record<string, string>, path = `/v26.0/${PIXEL}/stats`) {
  const url = new URL(`${meta.url}${path}`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: response.status, body: (await response.json()) as Loose };
}
const send = (events: object[], extra: object = {}) =>
  fetch(`${meta.url}/v26.0/${PIXEL}/events`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data: events, access_token: TOKEN, ...extra }),
  });
const window = { aggregation: "event", start_time: String(NOW_S - 2 * 86_400), end_time: String(NOW_S) };

describe("GET /{pixel}/stats", () => {
  it("GIVEN accepted events, one sent twice and one test event THEN counts per hour and name, each event id once", async () => {
    const purchase = (i: number, hoursAgo: number) =>
      validEvent(i, { event_name: "Purchase", event_id: `purchase_${i}`, event_time: NOW_S - hoursAgo * 3600 - 60 });
    expect((await send([purchase(1, 0), purchase(2, 0), purchase(3, 5)])).status).toBe(200);
    expect((await send([purchase(1, 0)])).status).toBe(200);
    expect((await send([purchase(9, 0)], { test_event_code: "TEST1" })).status).toBe(200);
    const { status, body } = await stats(window);
    expect(status).toBe(200);
    const hour = (ms: number) => `${new Date(Math.floor(ms / 3_600_000) * 3_600_000).toISOString().slice(0, 19)}+0000`;
    expect(body.data).toEqual([
      { aggregation: "event", start_time: hour(NOW_MS - 5 * 3_600_000 - 60_000), data: [{ value: "Purchase", count: 1 }] },
      { aggregation: "event", start_time: hour(NOW_MS - 60_000), data: [{ value: "Purchase", count: 2 }] },
    ]);
    expect(body.paging.next).toBeUndefined();
  });

  it("GIVEN 30 configured hours THEN pages of 25 follow the after cursor, and nothing older than 7 days comes back", async () => {
    const hours = Array.from({ length: 30 }, (_, i) => ({
      start_time: `${new Date(NOW_MS - (i + 1) * 3_600_000).toISOString().slice(0, 13)}:00:00+0000`,
      data: [{ value: "Purchase", count: i + 1 }],
    }));
    hours.push({
      start_time: `${new Date(NOW_MS - 9 * 86_400_000).toISOString().slice(0, 13)}:00:00+0000`,
      data: [{ value: "Purchase", count: 99 }],
    });
    meta.setPixelStats(PIXEL, hours);
    const first = await stats({ ...window, start_time: String(NOW_S - 10 * 86_400) });
    expect(first.body.data).toHaveLength(25);
    expect(first.body.paging.next).toContain("after=");
    const second = await stats({ ...window, start_time: String(NOW_S - 10 * 86_400), after: first.body.paging.cursors.after });
    expect(second.body.data).toHaveLength(5);
    const all = [...first.body.data, ...second.body.data].flatMap((h: Loose) => h.data.map((d: Loose) => d.count));
    expect(all.reduce((a: number, b: number) => a + b, 0)).toBe((30 * 31) / 2);
  });

  it("GIVEN a token that may not read the pixel, or a rate limit THEN Graph's errors", async () => {
    meta.setPixelStats(PIXEL, "denied");
    const denied = await stats(window);
    expect(denied.status).toBe(400);
    expect(denied.body.error).toMatchObject({ code: 100, error_subcode: 33 });
    meta.reset();
    meta.fail({ mode: "throttle", code: 80004, endpoint: "stats" });
    expect((await stats(window)).body.error.code).toBe(80004);
    expect((await stats(window)).status).toBe(200);
    expect((await stats({ aggregation: "url" })).body.error.code).toBe(100);
  });
});
