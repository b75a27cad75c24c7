import { describe, expect, it } from "vitest";
import { formatMinorUnits, isCurrencyCode, minorDigits, minorUnitsToNumber, toMinorUnits } from "./money";

describe("money", () => {
  it.each([
    ["USD", 2],
    ["EUR", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["KWD", 3],
    ["BHD", 3],
    ["JOD", 3],
    ["OMR", 3],
    ["TND", 3],
    ["jpy", 0],
  ])("GIVEN %s THEN %d minor digits", (currency, digits) => {
    expect(minorDigits(currency)).toBe(digits);
  });

  it.each([
    ["12.50", "USD", 1250n],
    ["12.5", "USD", 1250n],
    ["1000", "JPY", 1000n],
    ["1000.00", "JPY", 1000n],
    ["1.234", "KWD", 1234n],
    ["0.005", "USD", 1n],
    ["0.004", "USD", 0n],
    ["-3.10", "USD", -310n],
    ["99999999999999999.99", "USD", 9999999999999999999n],
    [12.5, "USD", 1250n],
    ["999.5", "JPY", 1000n],
  ])("GIVEN %j in %s THEN %s minor units", (amount, currency, minor) => {
    expect(toMinorUnits(amount, currency)).toBe(minor);
  });

  it.each([[null], [undefined], [""], ["abc"], ["1,000.00"], ["1e3"], [Number.NaN], [{}]])(
    "GIVEN %j THEN null (never guessed)",
    (amount) => {
      expect(toMinorUnits(amount, "USD")).toBeNull();
    },
  );

  it("GIVEN amounts whose float sum is inexact THEN integer minor units sum exactly", () => {
    const total = ["0.10", "0.20"].reduce((sum, a) => sum + (toMinorUnits(a, "USD") ?? 0n), 0n);
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(minorUnitsToNumber(total, "USD")).toBe(0.3);
  });

  it.each([
    [1234n, "USD", "12.34"],
    [5n, "KWD", "0.005"],
    [1000n, "JPY", "1000"],
    [-5n, "USD", "-0.05"],
    [0n, "USD", "0.00"],
  ])("GIVEN %s minor %s THEN %s", (minor, currency, text) => {
    expect(formatMinorUnits(minor, currency)).toBe(text);
  });

  it("GIVEN currency codes THEN only real uppercase ISO 4217 codes pass", () => {
    expect(isCurrencyCode("USD")).toBe(true);
    expect(isCurrencyCode("KWD")).toBe(true);
    expect(isCurrencyCode("usd")).toBe(false);
    expect(isCurrencyCode("XYZ")).toBe(false);
    expect(isCurrencyCode(undefined)).toBe(false);
  });
});
