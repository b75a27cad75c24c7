import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toCancellation, toOrderEdit, toRefund } from "./order-lifecycle";

const fixture = (path: string) => JSON.parse(readFileSync(new URL(`../../tests/fixtures/shopify/${path}`, import.meta.url), "utf8"));
const now = new Date("2026-12-01T00:00:00Z");

describe("orders/cancelled", () => {
  it("GIVEN Shopify's cancelled order THEN one cancellation with its time and reason", () => {
    const order = fixture("orders/cancelled-and-refunded.json");
    expect(toCancellation(order, now)).toEqual({
      ok: true,
      fact: {
        kind: "cancellation",
        orderId: String(order.id),
        sourceId: "cancel",
        amount: null,
        currency: null,
        reason: "customer",
        unitsAdded: 0,
        unitsRemoved: 0,
        occurredAt: new Date(order.cancelled_at),
      },
    });
  });

  it("GIVEN an order that is not cancelled, or has no id THEN refused with the field named, never the values", () => {
    const order = fixture("orders/cancelled-and-refunded.json");
    expect(toCancellation({ ...order, cancelled_at: null }, now)).toEqual({ ok: false, error: expect.stringContaining("cancelled_at") });
    const refused = toCancellation({ ...order, id: undefined }, now);
    expect(refused).toEqual({ ok: false, error: expect.stringContaining("id") });
    expect(JSON.stringify(refused)).not.toContain(order.email);
  });

  it("GIVEN a reason Shopify may add later THEN it is kept as other", () => {
    const order = fixture("orders/cancelled-and-refunded.json");
    expect(toCancellation({ ...order, cancel_reason: "something_new" }, now)).toMatchObject({ fact: { reason: "other" } });
  });
});

describe("refunds/create", () => {
  it("GIVEN a partial refund THEN the money its successful refund transactions returned", () => {
    const refund = fixture("refunds/partial-refund.json");
    expect(toRefund(refund, now)).toMatchObject({
      ok: true,
      fact: { kind: "refund", orderId: String(refund.order_id), sourceId: String(refund.id), amount: "20.00", currency: "GBP" },
    });
  });

  it("GIVEN a restock without money THEN a refund of zero", () => {
    expect(toRefund(fixture("refunds/restock-only.json"), now)).toMatchObject({ ok: true, fact: { amount: "0", currency: null } });
  });

  it("GIVEN failed and pending transactions beside a successful one THEN only the successful money counts", () => {
    const refund = fixture("refunds/partial-refund.json");
    const paid = refund.transactions[0];
    const fact = toRefund(
      {
        ...refund,
        transactions: [
          paid,
          { ...paid, status: "failure", amount: "99.00" },
          { ...paid, status: "pending", amount: "5.00" },
          { ...paid, kind: "sale", amount: "7.00" },
        ],
      },
      now,
    );
    expect(fact).toMatchObject({ fact: { amount: "20.00" } });
  });

  it("GIVEN transactions in two currencies THEN the amount is unknown rather than wrong", () => {
    const refund = fixture("refunds/partial-refund.json");
    const paid = refund.transactions[0];
    expect(toRefund({ ...refund, transactions: [paid, { ...paid, currency: "EUR" }] }, now)).toMatchObject({
      ok: true,
      fact: { amount: null, currency: null },
    });
  });

  it("GIVEN a negative or malformed amount THEN refused: Tandem never records a negative refund", () => {
    const refund = fixture("refunds/partial-refund.json");
    expect(toRefund({ ...refund, transactions: [{ ...refund.transactions[0], amount: "-20.00" }] }, now)).toMatchObject({ ok: false });
    expect(toRefund({ ...refund, transactions: [{ ...refund.transactions[0], amount: "twenty" }] }, now)).toMatchObject({ ok: false });
  });
});

describe("orders/edited", () => {
  it("GIVEN an upsell that also removed an item THEN the units added and removed", () => {
    const edit = fixture("order-edits/upsell-and-removal.json");
    expect(toOrderEdit(edit, now)).toMatchObject({
      ok: true,
      fact: {
        kind: "edit",
        sourceId: String(edit.order_edit.id),
        unitsAdded: 1,
        unitsRemoved: 1,
        occurredAt: new Date(edit.order_edit.committed_at),
      },
    });
  });

  it("GIVEN a payload without order_edit THEN refused", () => {
    expect(toOrderEdit({ id: 1 }, now)).toMatchObject({ ok: false, error: expect.stringContaining("order_edit") });
  });
});
