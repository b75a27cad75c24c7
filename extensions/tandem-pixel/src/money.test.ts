import { describe, expect, it } from "vitest";
import { minorDigits as serverMinorDigits } from "../../../app/capi/money";
import { minorDigits } from "./money";

// The pixel cannot import the app (its bundle is built alone), so it keeps its own copy
// of the minor-unit table; this keeps the two copies equal, or browser and server values
// of the same event would differ.
const CURRENCIES = [
  "USD",
  "EUR",
  "GBP",
  "CAD",
  "JPY",
  "KRW",
  "CLP",
  "ISK",
  "VND",
  "XOF",
  "KWD",
  "BHD",
  "JOD",
  "OMR",
  "TND",
  "IQD",
  "LYD",
  "CHF",
  "SEK",
  "BRL",
  "INR",
  "MXN",
  "usd",
  "jpy",
];

describe("the pixel's minor units match the server's", () => {
  it.each(CURRENCIES)("GIVEN %s THEN the same number of decimals as app/capi", (currency) => {
    expect(minorDigits(currency)).toBe(serverMinorDigits(currency));
  });
});
