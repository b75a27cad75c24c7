import type { PrismaClient } from "@prisma/client";
import { canonicalOrderId } from "../capi";
import type { ClaimedEvent } from "../outbox/claim.server";

// The last check before an order's event goes out: was its order cancelled meanwhile? The
// cancellation may have arrived before the order's own webhook (Shopify delivers out of
// order, and retries a failed orders/paid for hours), or while the row waited for
// consent or the browser. The order's Purchase (`purchase_<order id>`), its subscription
// events (`subscribe_<order id>`, `renewal_<order id>`, docs/decisions/038) and the events of
// its post-purchase edits (`edit_<edit id>`, whatever their name, docs/decisions/037) are
// withdrawn alike. One query per claimed batch holding such rows, two when it holds edits.

/** Event-id prefixes followed by the order's id. */
const ORDER_PREFIXES = ["purchase_", "subscribe_", "renewal_"] as const;
const EDIT_PREFIX = "edit_";

/** The ids of claimed rows (an order's Purchase or subscription event, or an edit's event) whose order Shopify has cancelled. */
export async function cancelledPurchaseRows(db: PrismaClient, claimed: readonly ClaimedEvent[]): Promise<string[]> {
  const purchases = new Map<string, Map<string, string[]>>();
  const edits = new Map<string, Map<string, string[]>>();
  for (const row of claimed) {
    const prefix = ORDER_PREFIXES.find((p) => row.eventId.startsWith(p));
    if (prefix) {
      const orderId = canonicalOrderId(row.eventId.slice(prefix.length));
      if (orderId) add(purchases, row.shopDomain, orderId, row.id);
    } else if (row.eventId.startsWith(EDIT_PREFIX)) {
      add(edits, row.shopDomain, row.eventId.slice(EDIT_PREFIX.length), row.id);
    }
  }
  if (edits.size > 0) {
    // An edit's order is the one its fact was recorded under.
    const facts = await db.orderAdjustment.findMany({
      where: { kind: "edit", OR: [...edits].map(([shopDomain, byEdit]) => ({ shopDomain, sourceId: { in: [...byEdit.keys()] } })) },
      select: { shopDomain: true, orderId: true, sourceId: true },
    });
    for (const fact of facts) {
      for (const rowId of edits.get(fact.shopDomain)?.get(fact.sourceId) ?? []) add(purchases, fact.shopDomain, fact.orderId, rowId);
    }
  }
  if (purchases.size === 0) return [];
  const cancelled = await db.orderAdjustment.findMany({
    where: {
      kind: "cancellation",
      OR: [...purchases].map(([shopDomain, orders]) => ({ shopDomain, orderId: { in: [...orders.keys()] } })),
    },
    select: { shopDomain: true, orderId: true },
  });
  return cancelled.flatMap(({ shopDomain, orderId }) => purchases.get(shopDomain)?.get(orderId) ?? []);
}

function add(into: Map<string, Map<string, string[]>>, shopDomain: string, key: string, rowId: string): void {
  const byKey = into.get(shopDomain) ?? new Map<string, string[]>();
  byKey.set(key, [...(byKey.get(key) ?? []), rowId]);
  into.set(shopDomain, byKey);
}
