import type { Prisma } from "@prisma/client";
import { recurringPaymentEventId, subscribeEventId } from "../capi";
import { decideOrderCancelled } from "./decide-row";
import { isOutboxStatus, OPEN_STATUSES, transition } from "./status";

/**
 * Withdraws a cancelled order's unsent events on every pixel, inside the caller's
 * transaction: its Purchase and the events of its post-purchase edits (`edit_<edit id>`,
 * docs/decisions/037) and its Subscribe or RecurringPayment (docs/decisions/038), which
 * would report value of a sale that did not happen. Each row
 * moves by the transition table, guarded by the status it was read in: a row a worker
 * claimed meanwhile is left to the worker (which checks the same before sending).
 * Returns how many moved.
 */
export async function withdrawUnsentPurchase(
  tx: Prisma.TransactionClient,
  shopDomain: string,
  order: { orderId: string; purchaseEventId: string | null },
  now: Date,
): Promise<number> {
  const edits = await tx.orderAdjustment.findMany({
    where: { shopDomain, orderId: order.orderId, kind: "edit" },
    select: { sourceId: true },
  });
  const editIds = edits.map((edit) => `edit_${edit.sourceId}`);
  const where: Prisma.OutboxEventWhereInput[] = editIds.length > 0 ? [{ eventId: { in: editIds } }] : [];
  if (order.purchaseEventId) where.push({ eventName: "Purchase", eventId: order.purchaseEventId });
  const subscribe = subscribeEventId(order.orderId);
  const renewal = recurringPaymentEventId(order.orderId);
  if (subscribe) where.push({ eventName: "Subscribe", eventId: subscribe });
  if (renewal) where.push({ eventName: "RecurringPayment", eventId: renewal });
  if (where.length === 0) return 0;
  const rows = await tx.outboxEvent.findMany({
    where: { shopDomain, status: { in: [...OPEN_STATUSES] }, OR: where },
    select: { id: true, status: true },
  });
  let moved = 0;
  for (const row of rows) {
    if (!isOutboxStatus(row.status)) continue;
    const decision = decideOrderCancelled(row.status);
    if (!decision) continue;
    const move = transition(row.status, decision.status);
    const { count } = await tx.outboxEvent.updateMany({
      where: { id: row.id, ...move.where },
      data: { ...move.data, lastError: decision.lastError, consentUntil: null, leaseOwner: null, leaseUntil: null, updatedAt: now },
    });
    moved += count;
  }
  return moved;
}
