import { describe, expect, it } from "vitest";
import {
  formatDateTime,
  formatShopDay,
  formatShopPeriod,
  formatTime,
  pickLocale,
  pickTimeZone,
  zonedDay,
  zonedDayStart,
  zoneName,
} from "./dates";

describe("dates in the shop's timezone and the merchant's locale", () => {
  it("GIVEN a day in Berlin (winter) and New York (summer) THEN the UTC instant it starts", () => {
    expect(zonedDayStart("2026-12-02", "Europe/Berlin").toISOString()).toBe("2026-12-01T23:00:00.000Z");
    expect(zonedDayStart("2026-07-01", "America/New_York").toISOString()).toBe("2026-07-01T04:00:00.000Z");
    expect(zonedDayStart("2026-03-29", "Europe/Berlin").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(zonedDay(new Date("2026-12-01T23:30:00Z"), "Europe/Berlin")).toBe("2026-12-02");
  });

  it("GIVEN a locale and zone THEN the same text wherever it runs (explicit, not the machine's)", () => {
    const at = new Date("2026-12-02T14:09:00Z");
    expect(formatTime(at, { locale: "de-DE", timeZone: "Europe/Berlin" })).toBe("15:09");
    expect(formatDateTime(at, { locale: "en-GB", timeZone: "Europe/London" })).toBe("2 Dec 2026, 14:09");
  });

  it("GIVEN bad locale or zone input THEN safe defaults", () => {
    expect(pickLocale(null, "fr-CA,fr;q=0.9")).toBe("fr-CA");
    expect(pickLocale("not a locale!!")).toBe("en");
    expect(pickTimeZone("Mars/Olympus")).toBe("UTC");
    expect(pickTimeZone("Asia/Tokyo")).toBe("Asia/Tokyo");
  });
});

describe("formatShopDay", () => {
  it("GIVEN a shop day THEN the same calendar day in the merchant's language, whatever the machine's timezone", () => {
    expect(formatShopDay("2026-12-02", "en-GB")).toBe("2 Dec");
    expect(formatShopDay("2026-12-02", "en-GB", { weekday: true })).toBe("Wed 2 Dec");
    expect(formatShopDay("2026-12-02", "de-DE")).toBe("2. Dez.");
    expect(formatShopDay("not a day", "en-GB")).toBe("not a day");
  });
});

describe("formatShopPeriod", () => {
  it("GIVEN two shop days THEN one span in the merchant's locale, joined as the locale joins it (no English 'to')", () => {
    // (ICU puts thin spaces around the dash: compared with plain spaces here.)
    const period = (from: string, to: string, locale: string) => formatShopPeriod(from, to, locale).replace(/\s/g, " ");
    expect(period("2026-12-01", "2026-12-03", "de-DE")).toBe("1.–3. Dez. 2026");
    expect(period("2026-11-30", "2026-12-06", "de-DE")).toBe("30. Nov. – 6. Dez. 2026");
    expect(period("2026-11-30", "2026-12-06", "en-GB")).toBe("30 Nov – 6 Dec 2026");
    expect(period("2026-12-03", "2026-12-03", "en-US")).toBe("Dec 3, 2026");
    expect(period("not a day", "2026-12-03", "en-GB")).toBe("not a day – 2026-12-03");
  });
});

describe("zone names", () => {
  it("GIVEN an IANA zone THEN the name a merchant reads, in their language; an unknown zone stays as it is", () => {
    expect(zoneName("America/New_York", "en-US")).toBe("Eastern Time");
    expect(zoneName("Asia/Tokyo", "de-DE")).not.toContain("Asia/Tokyo");
    expect(zoneName("Mars/Olympus", "en-US")).toBe("Mars/Olympus");
  });
});
