import { toOrderSnapshot } from "../capi";
import prisma from "../db.server";
import { notifyOutboxDue } from "../outbox/due-signal.server";
import { readShopSettings } from "../outbox/stored-row";
import { isUniqueViolation } from "./ingest-store.server";
import { lockOrderMark, settleOrderEdits } from "./order-edits.server";

// orders/updated, read for one thing (docs/decisions/037): the order's totals after an
// edit, which orders/edited does not carry. In ONE transaction: the webhook's receipt (a
// repeated delivery changes nothing), the order's newest snapshot (an older one, delivered
// late, never replaces a newer one), the reconciliation's gross (Shopify's total before
// returns: removed items lower it, added ones raise it), and the valuing of the order's
// open edits. It never creates or changes a Purchase.

export type OrderUpdateOutcome =
  | { outcome: "recorded"; orderId: string; newer: boolean; due: number }
  | { outcome: "duplicate_webhook" }
  | { outcome: "rejected"; detail: string };

export async function ingestOrderUpdate(input: {
  shop: string;
  webhookId: string;
  payload: unknown;
  now?: Date;
}): Promise<OrderUpdateOutcome> {
  const { shop, webhookId, now = new Date() } = input;
  const receipt = { webhookId, shopDomain: shop, topic: "orders/updated", receivedAt: now };
  try {
    const shopRow = await prisma.shop.findUnique({ where: { domain: shop }, select: { settings: true, currency: true } });
    const settings = readShopSettings(shopRow?.settings);
    const parsed = toOrderSnapshot(input.payload, { settings, shopCurrency: shopRow?.currency ?? undefined, now });
    if (!parsed.ok) {
      const detail = parsed.error.slice(0, 500);
      await prisma.webhookReceipt.create({ data: { ...receipt, outcome: "rejected", detail: JSON.stringify({ detail }) } });
      return { outcome: "rejected", detail };
    }
    const { snapshot } = parsed;
    const result = await prisma.$transaction(async (tx) => {
      await tx.webhookReceipt.create({ data: { ...receipt, outcome: "recorded", detail: JSON.stringify({ kind: "order_totals" }) } });
      await lockOrderMark(tx, shop, snapshot.orderId);
      const key = { shopDomain_orderId: { shopDomain: shop, orderId: snapshot.orderId } };
      const mark = await tx.orderEditMark.findUnique({ where: key, select: { updatedAt: true } });
      const newer = !mark?.updatedAt || mark.updatedAt.getTime() < snapshot.updatedAt.getTime();
      if (newer) {
        await tx.orderEditMark.update({
          where: key,
          data: { updatedAt: snapshot.updatedAt, value: snapshot.value, currency: snapshot.currency, totalPrice: snapshot.totalPrice },
        });
        if (snapshot.totalPrice !== null)
          await tx.receivedOrder.updateMany({
            where: { shopDomain: shop, kind: "order", sourceId: snapshot.orderId },
            data: { value: snapshot.totalPrice },
          });
      }
      const due = await settleOrderEdits(tx, { shop, orderId: snapshot.orderId, topic: "orders/updated", now });
      return { outcome: "recorded" as const, orderId: snapshot.orderId, newer, due };
    });
    if (result.due > 0) notifyOutboxDue();
    return result;
  } catch (error) {
    if (isUniqueViolation(error)) return { outcome: "duplicate_webhook" };
    throw error;
  }
}
