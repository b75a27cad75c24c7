// The server's side of the value contract (value-vectors.json); the web pixel runs the
// same vectors in extensions/tandem-pixel/src/value-vectors.test.ts.
import { describe, expect, it } from "vitest";
import { mapOrderToPurchase } from "./map-order";
import { orderPayloadSchema } from "./shopify-payloads";
import { loadFixture, testContext } from "./test-fixtures";
import vectors from "./value-vectors.json";

// Every money field of the base order: the vector's order replaces them all, so nothing
// of the base's prices leaks into the value.
const MONEY_FIELDS = /^(currency|presentment_currency|taxes_included|line_items|shipping_lines|(current_)?(subtotal|total)_\w+)$/;

/** A full, mappable orders/create payload with the vector's money part. */
export function orderFor(money: Record<string, unknown>): Record<string, unknown> {
  const base = loadFixture("orders/guest-checkout.json");
  const rest = Object.fromEntries(Object.entries(base).filter(([key]) => !MONEY_FIELDS.test(key)));
  return { ...rest, ...money };
}

describe("value vectors: the server", () => {
  it("GIVEN the vector file THEN it covers every value rule and the 0- and 3-decimal currencies", () => {
    const rules = new Set(vectors.vectors.map((v) => `${v.settings.includeShipping}/${v.settings.includeTax}`));
    expect(rules).toEqual(new Set(["false/false", "true/false", "false/true", "true/true"]));
    const currencies = new Set(vectors.vectors.map((v) => v.expected.currency));
    for (const currency of ["USD", "GBP", "JPY", "KWD", "VND"]) expect(currencies).toContain(currency);
    expect(vectors.vectors.some((v) => v.order.taxes_included)).toBe(true);
  });

  it.each(vectors.vectors.map((v) => [v.name, v] as const))("%s", (_, vector) => {
    // skipZeroValue is a send filter, not a value rule: off here so the value is visible.
    const settings = { value: vector.settings, filters: { skipZeroValue: false } };
    const result = mapOrderToPurchase(orderPayloadSchema.parse(orderFor(vector.order)), testContext(settings));
    if (result.kind !== "event") throw new Error(`expected an event, got ${result.reason}`);
    expect({ value: result.event.custom_data?.value, currency: result.event.custom_data?.currency }).toEqual(vector.expected);
  });
});
