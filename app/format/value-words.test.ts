import { describe, expect, it } from "vitest";
import { valueDifferenceWords } from "./value-words";

const eur = (amount: number) => ({ amount, currency: "EUR" });
const rule = (includeShipping: boolean, includeTax: boolean) => ({ includeShipping, includeTax });

describe("valueDifferenceWords", () => {
  it("GIVEN the same value THEN says nothing", () => {
    expect(valueDifferenceWords(eur(84.5), eur(84.5), rule(false, false), false)).toBeNull();
  });

  it("GIVEN shipping and taxes left out by the value rule THEN names both", () => {
    expect(valueDifferenceWords(eur(70), eur(84.5), rule(false, false), false)).toBe(
      "Shipping and taxes are not part of the value Meta receives (Settings, Value and catalog).",
    );
    expect(valueDifferenceWords(eur(80), eur(84.5), rule(false, true), false)).toBe(
      "Shipping is not part of the value Meta receives (Settings, Value and catalog).",
    );
  });

  it("GIVEN an edit THEN says Shopify's total follows it", () => {
    expect(valueDifferenceWords(eur(90), eur(84.5), rule(true, true), true)).toBe(
      "The order was edited after checkout, and Shopify's total follows the edits.",
    );
  });

  it("GIVEN another currency THEN says which is which", () => {
    expect(valueDifferenceWords({ amount: 90, currency: "USD" }, eur(84.5), rule(false, false), false)).toMatch(
      /buyer's currency \(USD\).*shop's currency \(EUR\)/,
    );
  });

  it("GIVEN a difference with no known reason THEN says nothing", () => {
    expect(valueDifferenceWords(eur(90), eur(84.5), rule(true, true), false)).toBeNull();
    expect(valueDifferenceWords(null, eur(84.5), rule(false, false), false)).toBeNull();
  });
});
