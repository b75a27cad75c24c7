import { describe, expect, it } from "vitest";
import { initiateCheckoutRow, purchaseRow } from "../../scripts/lib/meta-emulator/quality-fixtures";
import { nonexistingField, qualityFields, storedQualityEvent, toQualityEvents } from "./dataset-quality";

// Meta's answer read leniently: documented shapes, both spellings of the dedup field,
// numbers as strings, missing metrics as null ("not reported by Meta"), extra fields
// ignored, malformed items dropped one by one, never a throw.

describe("toQualityEvents", () => {
  it("GIVEN Meta's documented row THEN every metric is read", () => {
    const [event] = toQualityEvents({ web: [purchaseRow()] });
    expect(event).toMatchObject({
      eventName: "Purchase",
      emq: 8.1,
      eventCoverage: { percentage: 81.2, goal: 75 },
      freshness: { uploadFrequency: "real_time" },
      acr: { percentage: 18.3 },
    });
    expect(event.matchKeys).toContainEqual(
      expect.objectContaining({ identifier: "email", coverage: 92.4, potentialIncrease: expect.objectContaining({ percentage: 58.96 }) }),
    );
    expect(event.diagnostics).toEqual([
      expect.objectContaining({
        name: "Update your IPv4 IP addresses to IPv6 IP addresses",
        affected: 18930,
        total: 31830,
        percentage: 59.5,
      }),
    ]);
    expect(event.dedupKeys).toEqual([{ key: "event_id", browser: 100, server: 100, overallBrowserCoverage: 88.4 }]);
  });

  it("GIVEN the table's spelling dedup_key_feedback THEN it is read like dedupe_key_feedback", () => {
    const [event] = toQualityEvents({ web: [purchaseRow({}, "dedup_key_feedback")] });
    expect(event.dedupKeys?.[0]).toMatchObject({ key: "event_id", overallBrowserCoverage: 88.4 });
  });

  it("GIVEN a row with only its name THEN every metric is null (not reported), no throw", () => {
    expect(toQualityEvents({ web: [{ event_name: "Lead" }] })).toEqual([
      {
        eventName: "Lead",
        emq: null,
        matchKeys: null,
        diagnostics: null,
        eventCoverage: null,
        dedupKeys: null,
        freshness: null,
        acr: null,
        potentialIncrease: null,
      },
    ]);
  });

  it("GIVEN numbers as strings, extra fields and malformed items THEN the good parts are kept", () => {
    const [event] = toQualityEvents({
      web: [
        {
          event_name: "Purchase",
          brand_new_metric: { x: 1 },
          event_match_quality: {
            composite_score: "7.5",
            match_key_feedback: [{ identifier: "email", coverage: { percentage: "88" } }, { coverage: 3 }, "junk"],
            diagnostics: [{ description: "no name" }],
          },
          event_coverage: { percentage: "not a number", goal_percentage: 75 },
          data_freshness: "hourly",
        },
        { no_event_name: true },
        "junk",
      ],
    });
    expect(event.emq).toBe(7.5);
    expect(event.matchKeys).toEqual([{ identifier: "email", coverage: 88, potentialIncrease: null }]);
    expect(event.diagnostics).toEqual([]);
    expect(event.eventCoverage).toMatchObject({ percentage: null, goal: 75 });
    expect(event.freshness).toBeNull();
  });

  it("GIVEN no web array, an error body or garbage THEN no events", () => {
    for (const body of [{}, { web: "x" }, null, "text", { error: { code: 1 } }]) expect(toQualityEvents(body)).toEqual([]);
  });

  it("GIVEN a stored event THEN it reads back; a damaged one reads as null", () => {
    const [event] = toQualityEvents({ web: [initiateCheckoutRow()] });
    expect(storedQualityEvent(JSON.stringify(event))).toEqual(event);
    expect(storedQualityEvent("{not json")).toBeNull();
  });
});

describe("the request's fields", () => {
  it("asks for every documented metric with the chosen dedup spelling, or without it", () => {
    expect(qualityFields("dedupe_key_feedback")).toContain("dedupe_key_feedback{dedupe_key,");
    expect(qualityFields("dedup_key_feedback")).toContain("dedup_key_feedback{dedupe_key,");
    expect(qualityFields(null)).not.toContain("dedup");
    expect(qualityFields(null, ["acr"])).not.toContain("acr{");
    expect(nonexistingField("(#100) Tried accessing nonexisting field (dedup_key_feedback) on node type (X)")).toBe("dedup_key_feedback");
    expect(nonexistingField("(#100) Invalid parameter")).toBeNull();
  });
});
