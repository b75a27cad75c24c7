import { describe, expect, it } from "vitest";
import { chartDayLabel, niceAxisMax } from "./chart-a11y";

describe("chart corrections", () => {
  it.each([
    [0, 1],
    [1, 2],
    [4, 5],
    [7, 10],
    [10, 20],
    [19, 20],
    [20, 25],
    [57, 100],
    [240, 250],
  ])("the y-axis of a chart whose tallest bar is %i ends at %i, above it", (tallest, top) => {
    expect(niceAxisMax(tallest)).toBe(top);
    expect(niceAxisMax(tallest)).toBeGreaterThan(tallest);
  });

  it("day labels are short and numeric in every language", () => {
    expect(chartDayLabel("2026-11-30", "de-DE")).toBe("30.11.");
    expect(chartDayLabel("2026-11-30", "en-GB")).toBe("30/11");
    expect(chartDayLabel("2026-11-30", "en-US")).toBe("11/30");
    expect(chartDayLabel("2026-11-30", "ja-JP")).toBe("11/30");
  });
});
