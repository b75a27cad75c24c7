import { describe, expect, it } from "vitest";
import { chartDayLabel } from "./chart-a11y";

describe("chart corrections", () => {
  it("day labels are short and numeric in every language", () => {
    expect(chartDayLabel("2026-11-30", "de-DE")).toBe("30.11.");
    expect(chartDayLabel("2026-11-30", "en-GB")).toBe("30/11");
    expect(chartDayLabel("2026-11-30", "en-US")).toBe("11/30");
    expect(chartDayLabel("2026-11-30", "ja-JP")).toBe("11/30");
  });
});
