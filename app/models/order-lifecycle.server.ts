import prisma from "../db.server";
import { summarizeLifecycle, type OrderLifecycle } from "./order-money";

/** The lifecycle of each listed order (ReceivedOrder.sourceId), in one query by the unique key's prefix. */
export async function lifecyclesFor(
  shopDomain: string,
  orders: readonly { sourceId: string; value: string | null; currency: string | null }[],
): Promise<Map<string, OrderLifecycle>> {
  const map = new Map<string, OrderLifecycle>();
  if (orders.length === 0) return map;
  const facts = await prisma.orderAdjustment.findMany({
    where: { shopDomain, orderId: { in: orders.map((order) => order.sourceId) } },
    select: {
      orderId: true,
      kind: true,
      amount: true,
      currency: true,
      reason: true,
      unitsAdded: true,
      unitsRemoved: true,
      occurredAt: true,
    },
    orderBy: { occurredAt: "asc" },
  });
  for (const order of orders)
    map.set(
      order.sourceId,
      summarizeLifecycle(
        order,
        facts.filter((fact) => fact.orderId === order.sourceId),
      ),
    );
  return map;
}

/** One order's facts after checkout, for the event detail page ("Order #1003"). Null when Tandem knows nothing of it. */
export async function orderLifecycleOf(shopDomain: string, orderId: string) {
  const [order, facts] = await Promise.all([
    prisma.receivedOrder.findUnique({
      where: { shopDomain_kind_sourceId: { shopDomain, kind: "order", sourceId: orderId } },
      select: { value: true, currency: true },
    }),
    prisma.orderAdjustment.findMany({
      where: { shopDomain, orderId },
      select: { kind: true, amount: true, currency: true, reason: true, unitsAdded: true, unitsRemoved: true, occurredAt: true },
      orderBy: { occurredAt: "asc" },
    }),
  ]);
  if (!order && facts.length === 0) return null;
  const value = order?.value ?? null;
  const currency = order?.currency ?? null;
  return { value, currency, summary: summarizeLifecycle({ value, currency }, facts), facts };
}
