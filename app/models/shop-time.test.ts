import { describe, expect, it } from "vitest";
import { addDays, dayOf, localeFrom, startOfDay } from "./shop-time";

describe("shop days", () => {
  it("GIVEN a shop in New York THEN its day starts at 05:00 UTC in winter and 04:00 UTC in summer", () => {
    expect(startOfDay("2026-01-15", "America/New_York").toISOString()).toBe("2026-01-15T05:00:00.000Z");
    expect(startOfDay("2026-07-15", "America/New_York").toISOString()).toBe("2026-07-15T04:00:00.000Z");
  });
  it("GIVEN the day DST starts in Paris THEN it starts at 23:00 UTC the day before", () => {
    expect(startOfDay("2026-03-29", "Europe/Paris").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(startOfDay("2026-03-30", "Europe/Paris").toISOString()).toBe("2026-03-29T22:00:00.000Z");
  });
  it("GIVEN an instant THEN its day in the shop's zone", () => {
    expect(dayOf(new Date("2026-12-02T03:00:00Z"), "America/Los_Angeles")).toBe("2026-12-01");
    expect(dayOf(new Date("2026-12-02T03:00:00Z"), "Asia/Tokyo")).toBe("2026-12-02");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });
});

describe("localeFrom", () => {
  const request = (query: string, acceptLanguage?: string) =>
    new Request(`https://tandem.test/app/orders${query}`, { headers: acceptLanguage ? { "Accept-Language": acceptLanguage } : {} });
  it("GIVEN the admin's locale parameter THEN it wins over the browser's language", () => {
    expect(localeFrom(request("?locale=de-DE", "en-GB,en;q=0.9"))).toBe("de-DE");
  });
  it("GIVEN a client navigation without the parameter THEN the browser's language, not American English", () => {
    expect(localeFrom(request("?q=1003", "en-GB,en;q=0.9"))).toBe("en-GB");
  });
  it("GIVEN neither (or garbage) THEN English (US)", () => {
    expect(localeFrom(request("?locale=%3Cscript%3E", "*"))).toBe("en-US");
  });
});

describe("one time format", () => {
  it("GIVEN the server's formatters and the browser's THEN the same words for the same instant (no '01:00 AM' beside '1:08 AM')", async () => {
    const { formatTime, formatDateTime } = await import("./shop-time");
    const dates = await import("../format/dates");
    const at = new Date("2026-12-06T06:00:00Z");
    for (const [locale, timezone] of [
      ["en-US", "America/New_York"],
      ["de-DE", "Asia/Tokyo"],
    ]) {
      expect(formatTime(at, { locale, timezone })).toBe(dates.formatTime(at, { locale, timeZone: timezone }));
      expect(formatDateTime(at, { locale, timezone })).toBe(dates.formatDateTime(at, { locale, timeZone: timezone }));
    }
    expect(formatTime(at, { locale: "en-US", timezone: "America/New_York" })).toBe("1:00 AM");
  });
});
