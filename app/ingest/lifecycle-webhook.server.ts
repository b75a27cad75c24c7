import { purchaseEventId, toCancellation, toOrderEdit, toRefund, type LifecycleFact, type LifecycleParse } from "../capi";
import prisma from "../db.server";
import { notifyOutboxDue } from "../outbox/due-signal.server";
import { withdrawUnsentPurchase } from "../outbox/withdraw-cancelled.server";
import { queueLifecycleEvents } from "./lifecycle-events.server";
import { isUniqueViolation } from "./ingest-store.server";
import { lockOrderMark, settleOrderEdits } from "./order-edits.server";

// An order's life after checkout: orders/cancelled, refunds/create, orders/edited. Few
// per day next to orders/create, so they go through Prisma in ONE transaction (BEGIN
// IMMEDIATE on SQLite): the webhook's receipt (its id is the primary key, so a repeated
// delivery changes nothing), the fact (unique per refund, edit or cancellation, so the
// same refund under a new webhook id is kept once) and, for a cancellation, the
// withdrawal of the order's Purchase and edit events where still unsent, and the opt-in custom event
// (lifecycle-events.server.ts) when the fact is new. Meta is never called here.

export type LifecycleTopic = "orders/cancelled" | "refunds/create" | "orders/edited";

export type LifecycleOutcome =
  | { outcome: "recorded"; kind: LifecycleFact["kind"]; orderId: string; repeated: boolean; withdrawn: number }
  | { outcome: "duplicate_webhook" }
  | { outcome: "rejected"; detail: string };

const PARSERS: Record<LifecycleTopic, (payload: unknown, now: Date) => LifecycleParse> = {
  "orders/cancelled": toCancellation,
  "refunds/create": toRefund,
  "orders/edited": toOrderEdit,
};

export async function ingestLifecycleWebhook(input: {
  shop: string;
  topic: LifecycleTopic;
  webhookId: string;
  payload: unknown;
  now?: Date;
}): Promise<LifecycleOutcome> {
  const { shop, topic, webhookId, now = new Date() } = input;
  const parsed = PARSERS[topic](input.payload, now);
  const receipt = { webhookId, shopDomain: shop, topic, receivedAt: now };
  try {
    if (!parsed.ok) {
      const rejected = { outcome: "rejected" as const, detail: parsed.error.slice(0, 500) };
      await prisma.webhookReceipt.create({
        data: { ...receipt, outcome: "rejected", detail: JSON.stringify({ detail: rejected.detail }) },
      });
      return rejected;
    }
    const { fact } = parsed;
    const eventId = purchaseEventId(fact.orderId);
    const result = await prisma.$transaction(async (tx) => {
      await tx.webhookReceipt.create({
        data: { ...receipt, outcome: "recorded", detail: JSON.stringify({ kind: fact.kind }), eventName: "Purchase", eventId },
      });
      // An edit and the orders/updated that prices it may arrive at once: both lock this first.
      if (fact.kind === "edit") await lockOrderMark(tx, shop, fact.orderId);
      const key = { shopDomain: shop, orderId: fact.orderId, kind: fact.kind, sourceId: fact.sourceId };
      const existing = await tx.orderAdjustment.findUnique({ where: { shopDomain_orderId_kind_sourceId: key }, select: { id: true } });
      if (!existing) {
        await tx.orderAdjustment.create({
          data: {
            ...key,
            amount: fact.amount,
            currency: fact.currency,
            reason: fact.reason,
            unitsAdded: fact.unitsAdded,
            unitsRemoved: fact.unitsRemoved,
            occurredAt: fact.occurredAt,
            receivedAt: now,
          },
        });
      }
      const withdrawn =
        fact.kind === "cancellation" ? await withdrawUnsentPurchase(tx, shop, { orderId: fact.orderId, purchaseEventId: eventId }, now) : 0;
      const due = existing
        ? 0
        : fact.kind === "edit"
          ? await settleOrderEdits(tx, { shop, orderId: fact.orderId, topic, now })
          : await queueLifecycleEvents(tx, { shop, topic, fact, payload: input.payload, purchaseEventId: eventId, now });
      return { outcome: "recorded" as const, kind: fact.kind, orderId: fact.orderId, repeated: Boolean(existing), withdrawn, due };
    });
    if (result.due > 0) notifyOutboxDue();
    const { due: _due, ...outcome } = result;
    return outcome;
  } catch (error) {
    // The same webhook delivered twice at once (its receipt), or the same refund twice
    // at once under two webhook ids (the fact): the other delivery recorded it.
    if (isUniqueViolation(error)) return { outcome: "duplicate_webhook" };
    throw error;
  }
}
