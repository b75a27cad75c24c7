import { z } from "zod";
import { canonicalOrderId } from "./event-id";
import { formatMinorUnits, isCurrencyCode, toMinorUnits } from "./money";
import { itemSchemas } from "./shopify-payloads";

// An order's life after checkout, as Shopify reports it: orders/cancelled (the Order with
// cancelled_at and cancel_reason), refunds/create (a Refund) and orders/edited (an
// OrderEdit: which line items were added or removed, as quantity deltas). Each becomes
// one LifecycleFact keyed by what Shopify names it (the refund's id, the edit's id, the
// order's one cancellation), so a webhook repeated under a new id is still one fact.
// Amounts are kept as positive decimal text: nothing here ever subtracts from Meta.

const optional = <T extends z.ZodType>(schema: T) => schema.nullish().catch(undefined);
const text = optional(z.string());
const idLike = z.union([z.number(), z.string().trim().min(1)]);
const amount = optional(z.union([z.string(), z.number()]));

export const cancelledOrderSchema = z.looseObject({
  id: idLike,
  cancelled_at: text,
  cancel_reason: text,
  currency: text,
  updated_at: text,
});

const transactionSchema = z.looseObject({ kind: text, status: text, amount, currency: text });

const transactions = optional(z.array(z.unknown())).transform((items) =>
  (items ?? []).flatMap((item) => {
    const parsed = transactionSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  }),
);
itemSchemas.set(transactions, transactionSchema);

export const refundPayloadSchema = z.looseObject({
  id: idLike,
  order_id: idLike,
  created_at: text,
  processed_at: text,
  transactions,
});

const deltaSchema = z.looseObject({ id: idLike.optional().catch(undefined), delta: optional(z.number()) });
const deltas = optional(z.array(deltaSchema));

export const orderEditPayloadSchema = z.looseObject({
  order_edit: z.looseObject({
    id: idLike,
    order_id: idLike,
    created_at: text,
    committed_at: text,
    line_items: optional(z.looseObject({ additions: deltas, removals: deltas })),
  }),
});

export type LifecycleKind = "cancellation" | "refund" | "edit";

export type LifecycleFact = {
  kind: LifecycleKind;
  orderId: string;
  /** Shopify's id of the refund or the edit; "cancel" for the order's one cancellation. */
  sourceId: string;
  /** Positive decimal text (refunds); null when there is no money to it. */
  amount: string | null;
  currency: string | null;
  /** cancel_reason (customer, fraud, inventory, declined, staff, other). */
  reason: string | null;
  unitsAdded: number;
  unitsRemoved: number;
  occurredAt: Date;
};

export type LifecycleParse = { ok: true; fact: LifecycleFact } | { ok: false; error: string };

export const CANCEL_REASONS = ["customer", "fraud", "inventory", "declined", "staff", "other"] as const;

export function toCancellation(payload: unknown, now: Date): LifecycleParse {
  const parsed = cancelledOrderSchema.safeParse(payload);
  if (!parsed.success) return refused(parsed.error);
  const order = parsed.data;
  const orderId = canonicalOrderId(order.id);
  if (!orderId) return { ok: false, error: "Payload refused: id: not a Shopify order id" };
  if (!order.cancelled_at) return { ok: false, error: "Payload refused: cancelled_at: the order is not cancelled" };
  const reason = (CANCEL_REASONS as readonly string[]).includes(order.cancel_reason ?? "")
    ? order.cancel_reason!
    : order.cancel_reason
      ? "other"
      : null;
  return {
    ok: true,
    fact: {
      kind: "cancellation",
      orderId,
      sourceId: "cancel",
      amount: null,
      currency: null,
      reason,
      unitsAdded: 0,
      unitsRemoved: 0,
      occurredAt: dateOr(order.cancelled_at, now),
    },
  };
}

/**
 * The money a refund returned: its successful `refund` transactions, summed in their
 * currency. A refund that only restocks (no transaction) returns nothing. Transactions in
 * more than one currency are not added up: the amount is left unknown rather than wrong.
 */
export function toRefund(payload: unknown, now: Date): LifecycleParse {
  const parsed = refundPayloadSchema.safeParse(payload);
  if (!parsed.success) return refused(parsed.error);
  const refund = parsed.data;
  const orderId = canonicalOrderId(refund.order_id);
  if (!orderId) return { ok: false, error: "Payload refused: order_id: not a Shopify order id" };
  const paid = refund.transactions.filter((t) => t.kind === "refund" && (t.status ?? "success") === "success");
  const currencies = [...new Set(paid.map((t) => (t.currency ?? "").toUpperCase()))];
  let amount: string | null = null;
  let currency: string | null = null;
  if (paid.length === 0) {
    amount = "0";
  } else if (currencies.length === 1 && isCurrencyCode(currencies[0])) {
    currency = currencies[0];
    let total = 0n;
    for (const transaction of paid) {
      const minor = toMinorUnits(transaction.amount, currency);
      if (minor === null || minor < 0n) return { ok: false, error: "Payload refused: transactions.amount: not a positive decimal amount" };
      total += minor;
    }
    amount = formatMinorUnits(total, currency);
  }
  return {
    ok: true,
    fact: {
      kind: "refund",
      orderId,
      sourceId: String(refund.id),
      amount,
      currency,
      reason: null,
      unitsAdded: 0,
      unitsRemoved: 0,
      occurredAt: dateOr(refund.processed_at ?? refund.created_at, now),
    },
  };
}

export function toOrderEdit(payload: unknown, now: Date): LifecycleParse {
  const parsed = orderEditPayloadSchema.safeParse(payload);
  if (!parsed.success) return refused(parsed.error);
  const edit = parsed.data.order_edit;
  const orderId = canonicalOrderId(edit.order_id);
  if (!orderId) return { ok: false, error: "Payload refused: order_edit.order_id: not a Shopify order id" };
  const units = (list: { delta?: number | null }[] | null | undefined) =>
    (list ?? []).reduce((sum, item) => sum + (Number.isSafeInteger(item.delta) && item.delta! > 0 ? item.delta! : 0), 0);
  return {
    ok: true,
    fact: {
      kind: "edit",
      orderId,
      sourceId: String(edit.id),
      amount: null,
      currency: null,
      reason: null,
      unitsAdded: units(edit.line_items?.additions),
      unitsRemoved: units(edit.line_items?.removals),
      occurredAt: dateOr(edit.committed_at ?? edit.created_at, now),
    },
  };
}

function refused(error: z.ZodError): { ok: false; error: string } {
  // Paths and expectations only: never the payload's values.
  const detail = error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`)
    .join("; ");
  return { ok: false, error: `Payload refused: ${detail}` };
}

function dateOr(value: string | null | undefined, fallback: Date): Date {
  const date = value ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : fallback;
}
