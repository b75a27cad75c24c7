import type { PrismaClient } from "@prisma/client";
import { canonicalOrderId } from "../capi";
import type { ClaimedEvent } from "../outbox/claim.server";

// The last check before a Purchase goes out: was its order cancelled meanwhile? The
// cancellation may have arrived before the order's own webhook (Shopify delivers out of
// order, and retries a failed orders/paid for hours), or while the row waited for
// consent or the browser. One indexed query per claimed batch, for its Purchase rows only.

const PURCHASE_PREFIX = "purchase_";

/** The ids of claimed Purchase rows whose order Shopify has cancelled. */
export async function cancelledPurchaseRows(db: PrismaClient, claimed: readonly ClaimedEvent[]): Promise<string[]> {
  const byShop = new Map<string, Map<string, string[]>>();
  for (const row of claimed) {
    if (row.eventName !== "Purchase" || !row.eventId.startsWith(PURCHASE_PREFIX)) continue;
    const orderId = canonicalOrderId(row.eventId.slice(PURCHASE_PREFIX.length));
    if (!orderId) continue;
    const orders = byShop.get(row.shopDomain) ?? new Map<string, string[]>();
    orders.set(orderId, [...(orders.get(orderId) ?? []), row.id]);
    byShop.set(row.shopDomain, orders);
  }
  if (byShop.size === 0) return [];
  const cancelled = await db.orderAdjustment.findMany({
    where: { kind: "cancellation", OR: [...byShop].map(([shopDomain, orders]) => ({ shopDomain, orderId: { in: [...orders.keys()] } })) },
    select: { shopDomain: true, orderId: true },
  });
  return cancelled.flatMap(({ shopDomain, orderId }) => byShop.get(shopDomain)?.get(orderId) ?? []);
}
