import { describe, expect, it } from "vitest";
import {
  normalizeCity,
  normalizeCountry,
  normalizeEmail,
  normalizeExternalId,
  normalizeName,
  normalizePhone,
  normalizeState,
  normalizeZip,
} from "./normalize";

describe("normalize: em", () => {
  it.each([
    ["John_Smith@gmail.com", ["john_smith@gmail.com"]],
    ["  JSmith@Example.COM\t", ["jsmith@example.com"]],
    ["mailto:Ana@exemplo.com.br", ["ana@exemplo.com.br"]],
    ["not an email", []],
    ["john@localhost", []],
    ["", []],
  ])("GIVEN %j WHEN normalized THEN %j", (raw, expected) => {
    expect(normalizeEmail(raw)).toEqual(expected);
  });
});

describe("normalize: ph (E.164 digits via the address country)", () => {
  it.each([
    ["(650)555-1212", "US", ["16505551212"]],
    ["650.555.1212", "US", ["16505551212"]],
    ["+1 650 555 1212", "DE", ["16505551212"]],
    ["020 7946 0958", "GB", ["442079460958"]],
    ["07911 123456", "GB", ["447911123456"]],
    ["+44 (0) 7911 123456", null, ["447911123456"]],
    ["030 901820", "DE", ["4930901820"]],
    ["0049 30 901820", "US", ["4930901820"]],
    ["01 42 68 53 00", "FR", ["33142685300"]],
    ["+33 6 12 34 56 78", "FR", ["33612345678"]],
    ["(11) 91234-5678", "BR", ["5511912345678"]],
    ["03-1234-5678", "JP", ["81312345678"]],
    ["090-1234-5678", "JP", ["819012345678"]],
    ["098765 43210", "IN", ["919876543210"]],
    ["+91 98765 43210", null, ["919876543210"]],
    ["(613) 555-0123", "CA", ["16135550123"]],
  ])("GIVEN %j in %s WHEN normalized THEN %j", (raw, country, expected) => {
    expect(normalizePhone(raw, country)).toEqual(expected);
  });

  it("GIVEN a national number without any country WHEN normalized THEN it is dropped, not guessed", () => {
    expect(normalizePhone("6505551212", null)).toEqual([]);
  });

  it("GIVEN numbers libphonenumber cannot make valid WHEN normalized THEN they are dropped", () => {
    expect(normalizePhone("12345", "US")).toEqual([]);
    expect(normalizePhone("call me", "US")).toEqual([]);
    expect(normalizePhone("07700 900123", "GB")).toEqual([]); // reserved drama range
    expect(normalizePhone("555-1212", "US")).toEqual([]);
  });

  it("GIVEN a lowercase or junk default country WHEN normalized THEN the country is still used or ignored safely", () => {
    expect(normalizePhone("(650)555-1212", "us")).toEqual(["16505551212"]);
    expect(normalizePhone("(650)555-1212", "USA")).toEqual([]);
  });
});

describe("normalize: fn / ln", () => {
  it.each([
    ["Mary", ["mary"]],
    ["Valéry", ["valéry"]],
    ["Vale\u0301ry", ["valéry"]],
    ["O'Connor", ["oconnor"]],
    ["Jean-Luc", ["jeanluc"]],
    ["Mary Ann", ["maryann"]],
    ["정", ["정"]],
    ["ΣΩΚΡΆΤΗΣ", ["σωκράτης"]], // final sigma is lowercased as ς,
    ["Müller-Lüdenscheidt", ["müllerlüdenscheidt"]],
    ["José María", ["josémaría"]],
    ["山田", ["山田"]],
    ["  ", []],
  ])("GIVEN %j WHEN normalized THEN %j", (raw, expected) => {
    expect(normalizeName(raw)).toEqual(expected);
  });
});

describe("normalize: ct (second form: ASCII letters and digits)", () => {
  it.each([
    ["Menlo Park", ["menlopark"]],
    ["St. Louis", ["stlouis"]],
    ["São Paulo", ["sãopaulo", "sopaulo"]],
    ["München", ["münchen", "mnchen"]],
    ["Paris 15", ["paris", "paris15"]],
    ["東京", ["東京"]],
  ])("GIVEN %j WHEN normalized THEN %j", (raw, expected) => {
    expect(normalizeCity(raw)).toEqual(expected);
  });
});

describe("normalize: st", () => {
  it.each([
    ["CA", ["ca"]],
    ["ON", ["on"]],
    ["QC", ["qc"]],
    ["NSW", ["nsw"]],
    ["JP-13", ["jp13"]],
    ["", []],
  ])("GIVEN the province code %j WHEN normalized THEN %j", (raw, expected) => {
    expect(normalizeState(raw)).toEqual(expected);
  });
});

describe("normalize: zp", () => {
  it.each([
    ["98121-4892", "US", ["98121"]],
    ["981214892", "US", ["98121"]],
    [" 02134 ", "US", ["02134"]],
    ["SW1A 1AA", "GB", ["sw1a1aa", "sw1a 1aa"]],
    ["sw1a1aa", "GB", ["sw1a1aa"]],
    ["K1A 0B1", "CA", ["k1a0b1", "k1a 0b1"]],
    ["10115", "DE", ["10115"]],
    ["75015", "FR", ["75015"]],
    ["01310-100", "BR", ["01310"]],
    ["100-0001", "JP", ["100"]],
    ["  ", "US", []],
  ])("GIVEN %j in %s WHEN normalized THEN %j", (raw, country, expected) => {
    expect(normalizeZip(raw, country)).toEqual(expected);
  });
});

describe("normalize: country and external_id", () => {
  it("GIVEN ISO codes WHEN normalized THEN lowercase alpha-2, anything else dropped", () => {
    expect(normalizeCountry("US")).toEqual(["us"]);
    expect(normalizeCountry(" gb ")).toEqual(["gb"]);
    expect(normalizeCountry("USA")).toEqual([]);
    expect(normalizeCountry("United States")).toEqual([]);
  });

  it("GIVEN a customer id WHEN normalized THEN the trimmed decimal string", () => {
    expect(normalizeExternalId(" 7390123456 ")).toEqual(["7390123456"]);
  });
});
