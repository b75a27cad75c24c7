import { formatMinorUnits, isCurrencyCode, toMinorUnits } from "../capi";

// What an order was worth, what was refunded and what is left, from Shopify's total and
// the refunds recorded for it (OrderAdjustment). Pure: the orders page, the order's
// detail, the CSV and the CLI share it. Money stays in minor units until it is text.

export type AdjustmentFacts = {
  kind: string;
  amount: string | null;
  currency: string | null;
  reason: string | null;
  unitsAdded: number;
  unitsRemoved: number;
  occurredAt: Date;
};

export type OrderLifecycle = {
  cancelledAt: Date | null;
  cancelReason: string | null;
  refunds: number;
  /** Decimal text in the order's currency; null when no refund was recorded. */
  refunded: string | null;
  /** Gross minus refunded, in the order's currency; null when either is unknown. */
  net: string | null;
  /** Refunds whose amount could not be counted in the order's currency. */
  refundsNotCounted: number;
  edits: number;
  unitsAdded: number;
  unitsRemoved: number;
  /** Value the edits added beyond what Meta was told, in the Purchase's currency (decimal text); null when none is valued yet. */
  editValue: string | null;
  editCurrency: string | null;
};

export function summarizeLifecycle(
  order: { value: string | null; currency: string | null },
  facts: readonly AdjustmentFacts[],
): OrderLifecycle {
  const cancellation = facts.find((fact) => fact.kind === "cancellation") ?? null;
  const refunds = facts.filter((fact) => fact.kind === "refund");
  const edits = facts.filter((fact) => fact.kind === "edit");
  const currency = order.currency && isCurrencyCode(order.currency) ? order.currency : null;
  let refundedMinor = 0n;
  let notCounted = 0;
  for (const refund of refunds) {
    // A refund with no money (a restock only) has no currency and counts as zero.
    const sameCurrency = refund.currency === null ? refund.amount === "0" : refund.currency === currency;
    const minor = currency && sameCurrency ? toMinorUnits(refund.amount, currency) : null;
    if (minor === null) notCounted += 1;
    else refundedMinor += minor;
  }
  const grossMinor = currency ? toMinorUnits(order.value, currency) : null;
  const refunded = refunds.length > 0 && currency ? formatMinorUnits(refundedMinor, currency) : null;
  const net = currency && grossMinor !== null && notCounted === 0 ? formatMinorUnits(grossMinor - refundedMinor, currency) : null;
  return {
    cancelledAt: cancellation?.occurredAt ?? null,
    cancelReason: cancellation?.reason ?? null,
    refunds: refunds.length,
    refunded,
    net,
    refundsNotCounted: notCounted,
    edits: edits.length,
    unitsAdded: edits.reduce((sum, edit) => sum + edit.unitsAdded, 0),
    unitsRemoved: edits.reduce((sum, edit) => sum + edit.unitsRemoved, 0),
    ...editValueOf(edits),
  };
}

/** The sum of the valued edits (one currency: the order's Purchase's). */
function editValueOf(edits: readonly AdjustmentFacts[]): { editValue: string | null; editCurrency: string | null } {
  const valued = edits.filter((edit) => edit.amount !== null && edit.currency !== null && isCurrencyCode(edit.currency));
  const currency = valued[0]?.currency ?? null;
  if (!currency || valued.some((edit) => edit.currency !== currency)) return { editValue: null, editCurrency: null };
  const total = valued.reduce((sum, edit) => sum + (toMinorUnits(edit.amount, currency) ?? 0n), 0n);
  return { editValue: formatMinorUnits(total, currency), editCurrency: currency };
}
