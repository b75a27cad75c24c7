import { describe, expect, it } from "vitest";
import { sumByHour, toHour, toStatsPage } from "./pixel-stats";

// The stats edge read leniently: Graph's "+0000" datetimes and Unix seconds, counts as
// strings, the event name under `value` or `event`, malformed entries dropped one by one,
// other aggregations ignored, and the `after` cursor only while Graph says there is more.

describe("toStatsPage", () => {
  it("GIVEN Meta's shape with odd entries THEN the readable counts per hour, the rest dropped", () => {
    const page = toStatsPage({
      data: [
        {
          aggregation: "event",
          start_time: "2026-12-01T09:00:00+0000",
          data: [
            { value: "Purchase", count: 3 },
            { value: "PageView", count: "12" },
          ],
        },
        { start_time: 1796119200, data: [{ event: "Purchase", count: 1 }, { value: "Purchase", count: -1 }, { count: 2 }] },
        { aggregation: "url", start_time: "2026-12-01T09:00:00+0000", data: [{ value: "https://x", count: 5 }] },
        { start_time: "not a time", data: [{ value: "Purchase", count: 9 }] },
        "junk",
      ],
      paging: { cursors: { before: "MA", after: "Mg" }, next: "https://graph.facebook.com/..." },
      extra: true,
    });
    expect(page).toEqual({
      counts: [
        { hour: "2026-12-01T09:00:00.000Z", eventName: "Purchase", count: 3 },
        { hour: "2026-12-01T09:00:00.000Z", eventName: "PageView", count: 12 },
        { hour: "2026-12-01T10:00:00.000Z", eventName: "Purchase", count: 1 },
      ],
      after: "Mg",
    });
  });

  it("GIVEN no next page THEN no cursor; GIVEN something else than the edge THEN null", () => {
    expect(toStatsPage({ data: [], paging: { cursors: { after: "MA" } } })).toEqual({ counts: [], after: null });
    expect(toStatsPage({ web: [] })).toBeNull();
    expect(toStatsPage(null)).toBeNull();
  });

  it("sums an hour split across pages, and reads Graph's datetimes", () => {
    const h = "2026-12-01T09:00:00.000Z";
    expect(
      sumByHour([
        { hour: h, eventName: "Purchase", count: 2 },
        { hour: h, eventName: "Purchase", count: 3 },
      ]),
    ).toEqual([{ hour: h, eventName: "Purchase", count: 5 }]);
    expect(toHour("2026-12-01T09:59:59-0100")).toBe("2026-12-01T10:00:00.000Z");
    expect(toHour("garbage")).toBeNull();
  });
});
