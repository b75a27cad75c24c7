import { describe, expect, it } from "vitest";
import { formatDateTime } from "./dates";
import { collator, dateTimeFormat, displayNames, numberFormat } from "./intl-cache";

describe("one Intl formatter per locale and options", () => {
  it("GIVEN the same locale and options twice THEN the same formatter; other options or locales THEN another", () => {
    const options = { timeZone: "Asia/Tokyo", dateStyle: "medium" } as const;
    expect(dateTimeFormat("de-DE", options)).toBe(dateTimeFormat("de-DE", { ...options }));
    expect(dateTimeFormat("de-DE", options)).not.toBe(dateTimeFormat("en-GB", options));
    expect(dateTimeFormat("de-DE", options)).not.toBe(dateTimeFormat("de-DE", { ...options, timeZone: "UTC" }));
    expect(numberFormat("en", { style: "currency", currency: "EUR" })).toBe(numberFormat("en", { style: "currency", currency: "EUR" }));
    expect(numberFormat("en", { style: "currency", currency: "EUR" })).not.toBe(numberFormat("en", { style: "currency", currency: "USD" }));
    expect(displayNames(["de", "en"], { type: "region" })).toBe(displayNames(["de", "en"], { type: "region" }));
    expect(collator("sv")).toBe(collator("sv"));
  });

  it("GIVEN a cached formatter THEN the same text as a fresh one, for each zone asked", () => {
    const at = new Date("2026-12-02T14:09:00Z");
    expect(formatDateTime(at, { locale: "en-GB", timeZone: "Europe/London" })).toBe("2 Dec 2026, 14:09");
    expect(formatDateTime(at, { locale: "en-GB", timeZone: "Asia/Tokyo" })).toBe("2 Dec 2026, 23:09");
    expect(formatDateTime(at, { locale: "en-GB", timeZone: "Europe/London" })).toBe("2 Dec 2026, 14:09");
    expect(["Ö", "Z", "A"].sort(collator("sv").compare)).toEqual(["A", "Z", "Ö"]);
    expect(["Ö", "Z", "A"].sort(collator("de").compare)).toEqual(["A", "Ö", "Z"]);
  });

  it("GIVEN an option Intl refuses THEN it throws each time, nothing cached in its place", () => {
    expect(() => dateTimeFormat("en", { timeZone: "Mars/Olympus" })).toThrow(RangeError);
    expect(() => dateTimeFormat("en", { timeZone: "Mars/Olympus" })).toThrow(RangeError);
    expect(() => numberFormat("en", { style: "currency", currency: "not a currency" })).toThrow(RangeError);
  });
});
