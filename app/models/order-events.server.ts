import { cancellationEventId, purchaseEventId, recurringPaymentEventId, refundEventId, subscribeEventId } from "../capi";
import prisma from "../db.server";

// Every event of one order Meta received or will receive, on every pixel: its Purchase (or
// the RecurringPayment that takes its place), its Subscribe, the events of its edits, and
// the opt-in cancellation and refund events. Found by their ids, which derive from the
// order's id and its recorded edits and refunds, so the look-up uses the (shopDomain,
// eventId) index instead of reading the shop's events.

export type OrderEventRow = {
  id: string;
  eventName: string;
  eventId: string;
  status: string;
  pixelId: string;
  updatedAt: Date;
};

export async function orderEventsOf(shopDomain: string, orderId: string): Promise<OrderEventRow[]> {
  const adjustments = await prisma.orderAdjustment.findMany({
    where: { shopDomain, orderId, kind: { in: ["edit", "refund"] } },
    select: { kind: true, sourceId: true },
  });
  const ids = [
    purchaseEventId(orderId),
    subscribeEventId(orderId),
    recurringPaymentEventId(orderId),
    cancellationEventId(orderId),
    ...adjustments.map((fact) => (fact.kind === "edit" ? `edit_${fact.sourceId}` : refundEventId(fact.sourceId))),
  ].filter((id): id is string => Boolean(id));
  if (ids.length === 0) return [];
  const rows = await prisma.outboxEvent.findMany({
    where: { shopDomain, eventId: { in: ids } },
    select: {
      id: true,
      eventName: true,
      eventId: true,
      status: true,
      updatedAt: true,
      createdAt: true,
      destination: { select: { pixelId: true } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    eventName: row.eventName,
    eventId: row.eventId,
    status: row.status,
    pixelId: row.destination.pixelId,
    updatedAt: row.updatedAt,
  }));
}

/** The order's class as Tandem stored it when the order arrived (docs/decisions/036); null when unknown. */
export async function orderClassOf(shopDomain: string, orderId: string): Promise<string | null> {
  const row = await prisma.receivedOrder.findUnique({
    where: { shopDomain_kind_sourceId: { shopDomain, kind: "order", sourceId: orderId } },
    select: { orderClass: true },
  });
  return row?.orderClass ?? null;
}
