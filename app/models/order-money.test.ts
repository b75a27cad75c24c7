import { describe, expect, it } from "vitest";
import { summarizeLifecycle, type AdjustmentFacts } from "./order-money";

const at = new Date("2026-12-01T10:00:00Z");
const refund = (amount: string | null, currency: string | null = "USD"): AdjustmentFacts => ({
  kind: "refund",
  amount,
  currency,
  reason: null,
  unitsAdded: 0,
  unitsRemoved: 0,
  occurredAt: at,
});

describe("an order's gross, refunded and net", () => {
  it("GIVEN no fact THEN nothing refunded and the net is the gross", () => {
    expect(summarizeLifecycle({ value: "84.50", currency: "USD" }, [])).toMatchObject({
      refunds: 0,
      refunded: null,
      net: "84.50",
      cancelledAt: null,
      edits: 0,
    });
  });

  it("GIVEN two refunds and a restock THEN they add up exactly, in minor units", () => {
    expect(summarizeLifecycle({ value: "0.30", currency: "USD" }, [refund("0.10"), refund("0.20"), refund("0", null)])).toMatchObject({
      refunds: 3,
      refunded: "0.30",
      net: "0.00",
      refundsNotCounted: 0,
    });
  });

  it("GIVEN a refund in another currency THEN it is not counted and the net is unknown", () => {
    expect(summarizeLifecycle({ value: "10.00", currency: "USD" }, [refund("5.00", "EUR")])).toMatchObject({
      refunded: "0.00",
      net: null,
      refundsNotCounted: 1,
    });
  });

  it("GIVEN a cancellation and an edit THEN when and why, and the units", () => {
    const facts: AdjustmentFacts[] = [
      { kind: "cancellation", amount: null, currency: null, reason: "inventory", unitsAdded: 0, unitsRemoved: 0, occurredAt: at },
      { kind: "edit", amount: null, currency: null, reason: null, unitsAdded: 2, unitsRemoved: 1, occurredAt: at },
    ];
    expect(summarizeLifecycle({ value: "1000", currency: "JPY" }, facts)).toMatchObject({
      cancelledAt: at,
      cancelReason: "inventory",
      edits: 1,
      unitsAdded: 2,
      unitsRemoved: 1,
      net: "1000",
    });
  });
});
