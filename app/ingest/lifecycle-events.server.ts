import type { Prisma } from "@prisma/client";
import { mapCancellationEvent, mapRefundEvent, orderPayloadSchema, type LifecycleFact, type MapResult } from "../capi";
import { decideRow } from "../outbox/decide-row";
import { buildOutboxRows } from "../outbox/new-rows";
import { parseConsentFacts, parseStoredPayload, readShopSettings } from "../outbox/stored-row";

// The opt-in custom events of a new lifecycle fact (OrderCancelled, OrderRefunded), as
// outbox rows written in the lifecycle webhook's own transaction. Decided by the outbox's
// one decision like every other row: a refund inherits the consent facts its order's
// Purchase was decided on, so a shopper who refused marketing is never re-targeted.

type Tx = Prisma.TransactionClient;

/** Inserts the fact's custom event rows when the shop opted in; returns how many are due now. */
export async function queueLifecycleEvents(
  tx: Tx,
  input: { shop: string; topic: string; fact: LifecycleFact; payload: unknown; purchaseEventId: string | null; now: Date },
): Promise<number> {
  if (input.fact.kind === "edit") return 0;
  const shop = await tx.shop.findUnique({
    where: { domain: input.shop },
    select: {
      settings: true,
      currency: true,
      primaryUrl: true,
      uninstalledAt: true,
      destinations: { where: { enabled: true }, select: { id: true, testEventCode: true } },
    },
  });
  if (!shop || shop.uninstalledAt || shop.destinations.length === 0) return 0;
  const settings = readShopSettings(shop.settings);
  const wanted = input.fact.kind === "cancellation" ? settings.events.orderCancelled : settings.events.orderRefunded;
  if (!wanted) return 0;
  const ctx = {
    settings,
    shop: { domain: input.shop, primaryUrl: shop.primaryUrl ?? undefined, currency: shop.currency ?? undefined },
    now: input.now,
  };
  const purchase = input.purchaseEventId
    ? await tx.outboxEvent.findFirst({
        where: { shopDomain: input.shop, eventName: "Purchase", eventId: input.purchaseEventId },
        select: { payload: true, consentFacts: true, isTest: true },
      })
    : null;

  let mapped: MapResult;
  if (input.fact.kind === "cancellation") {
    const order = orderPayloadSchema.safeParse(input.payload);
    if (!order.success) return 0;
    mapped = mapCancellationEvent(order.data, ctx);
  } else {
    mapped = mapRefundEvent({ fact: input.fact, purchase: parseStoredPayload(purchase?.payload), isTest: purchase?.isTest ?? false, ctx });
  }
  if (mapped.kind !== "event") return 0;
  const facts = purchase ? parseConsentFacts(purchase.consentFacts) : mapped.consentFacts;
  const decision = decideRow({ event: mapped.event, facts, waitUntil: null, settings, now: input.now });
  const rows = buildOutboxRows({
    shop: input.shop,
    topic: input.topic,
    mapped: { ...mapped, consentFacts: facts },
    decision,
    destinations: shop.destinations,
    receipt: null,
    now: input.now,
    refs: { orderId: input.fact.orderId, checkoutToken: null, customerId: null },
  });
  await tx.outboxEvent.createMany({ data: rows });
  return rows.filter((row) => row.status === "pending").length;
}
