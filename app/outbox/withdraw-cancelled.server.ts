import type { Prisma } from "@prisma/client";
import { decideOrderCancelled } from "./decide-row";
import { isOutboxStatus, OPEN_STATUSES, transition } from "./status";

/**
 * Withdraws a cancelled order's unsent Purchase on every pixel, inside the caller's
 * transaction. Each row moves by the transition table, guarded by the status it was read
 * in: a row a worker claimed meanwhile is left to the worker. Returns how many moved.
 */
export async function withdrawUnsentPurchase(
  tx: Prisma.TransactionClient,
  shopDomain: string,
  eventId: string,
  now: Date,
): Promise<number> {
  const rows = await tx.outboxEvent.findMany({
    where: { shopDomain, eventName: "Purchase", eventId, status: { in: [...OPEN_STATUSES] } },
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
