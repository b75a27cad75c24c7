import { describe, expect, it } from "vitest";
import { formatConsentSnapshot, parseConsentSnapshot, readCartAttributes } from "./consent-snapshot";

describe("consent snapshot", () => {
  it("GIVEN m1a1s0.<seconds> WHEN parsed THEN the three flags and capturedAt in ms", () => {
    expect(parseConsentSnapshot("m1a1s0.1764140000")).toEqual({
      marketing: true,
      analytics: true,
      saleOfData: false,
      capturedAt: 1764140000000,
      source: "cart_attribute",
    });
  });

  it("GIVEN a snapshot without time WHEN parsed THEN no capturedAt", () => {
    expect(parseConsentSnapshot(" m0a1s1 ")).toEqual({ marketing: false, analytics: true, saleOfData: true, source: "cart_attribute" });
  });

  it.each([null, undefined, 1, "", "m1a1", "m2a1s1", "M1A1S1", "m1a1s1.", "m1a1s1.abc", "m1a1s1x", "s1a1m1", "m1a1s1.123456789012"])(
    "GIVEN %j WHEN parsed THEN null (lenient)",
    (value) => {
      expect(parseConsentSnapshot(value)).toBeNull();
    },
  );

  it("GIVEN signals WHEN formatted and parsed back THEN the round trip is exact", () => {
    for (const bits of [
      [true, true, true],
      [false, false, false],
      [true, false, true],
    ] as const) {
      const signal = { marketing: bits[0], analytics: bits[1], saleOfData: bits[2], capturedAt: 1764140000000 };
      expect(parseConsentSnapshot(formatConsentSnapshot(signal))).toEqual({ ...signal, source: "cart_attribute" });
    }
    expect(formatConsentSnapshot({ marketing: true, analytics: false, saleOfData: false })).toBe("m1a0s0");
    expect(formatConsentSnapshot({ marketing: true, analytics: true, saleOfData: false, capturedAt: 1764140000999 })).toBe(
      "m1a1s0.1764140000",
    );
  });
});

describe("readCartAttributes", () => {
  it("GIVEN note_attributes as [{name, value}] WHEN read THEN fbp, fbc and consent", () => {
    expect(
      readCartAttributes([
        { name: "_fbp", value: "fb.1.1795630000000.1234567890" },
        { name: "_fbc", value: " fb.1.1795639000000.IwAR2xYzAbC " },
        { name: "_tandem_consent", value: "m1a0s1" },
        { name: "gift_note", value: "hi" },
      ]),
    ).toEqual({
      fbp: "fb.1.1795630000000.1234567890",
      fbc: "fb.1.1795639000000.IwAR2xYzAbC",
      consent: { marketing: true, analytics: false, saleOfData: true, source: "cart_attribute" },
    });
  });

  it("GIVEN attributes as a plain map (pixel) WHEN read THEN the same values", () => {
    expect(readCartAttributes({ _fbp: "fb.2.1795630000000.99" }).fbp).toBe("fb.2.1795630000000.99");
  });

  it.each([["fb.1.123.abc"], ["IwAR2xYzAbC"], ["fb.1.1795639000000."], ["fb.1.1795639000000.a b"], [42]])(
    "GIVEN a malformed cookie %j WHEN read THEN it is dropped",
    (value) => {
      expect(readCartAttributes([{ name: "_fbc", value }]).fbc).toBeNull();
    },
  );

  it("GIVEN nothing WHEN read THEN all null", () => {
    expect(readCartAttributes(undefined)).toEqual({ consent: null, fbp: null, fbc: null });
    expect(readCartAttributes([null, { name: 5 }])).toEqual({ consent: null, fbp: null, fbc: null });
  });
});
