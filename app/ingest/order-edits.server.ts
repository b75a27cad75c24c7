import type { Prisma } from "@prisma/client";
import { mapEditEvent, purchaseEventId, valueEdits, type MapResult } from "../capi";
import { newRowId } from "../db/row-id";
import { decideRow } from "../outbox/decide-row";
import { buildOutboxRows } from "../outbox/new-rows";
import { parseConsentFacts, parseStoredPayload, readShopSettings } from "../outbox/stored-row";

// Value added by an order edit, sent once (docs/decisions/037). Called inside the
// transaction of orders/edited (a new edit) and of orders/updated (a new snapshot of the
// order's totals): whichever arrives second values the edit. Both first lock the order's
// OrderEditMark row with an upsert, so on PostgreSQL the second transaction waits for the
// first and then reads what it wrote (SQLite's BEGIN IMMEDIATE already serialises them).
// An edit's value is written on its OrderAdjustment row (amount), so a repeated webhook,
// or a later edit, never values it again; the outbox's unique (pixel, name, event id)
// keeps `edit_<edit id>` to one row per pixel whatever happens.

type Tx = Prisma.TransactionClient;

/**
 * Locks (creating when absent) the order's mark row for the rest of the transaction.
 * Prisma runs this upsert as one INSERT ... ON CONFLICT DO UPDATE (its native upsert:
 * one compound unique key, no nested writes), which takes the row's lock on PostgreSQL.
 */
export async function lockOrderMark(tx: Tx, shop: string, orderId: string): Promise<void> {
  await tx.orderEditMark.upsert({
    where: { shopDomain_orderId: { shopDomain: shop, orderId } },
    create: { id: newRowId(), shopDomain: shop, orderId, touches: 1 },
    update: { touches: { increment: 1 } },
    select: { id: true },
  });
}

/** Statuses of a Purchase Meta has, or may still get: an edit adds to these only. */
const LIVE_PURCHASE = ["delivered", "pending", "retry", "in_flight", "paused", "waiting_consent", "waiting_browser", "failed"];

/** Values the order's open edits when the snapshot covers them; queues their events. Returns how many rows are due now. */
export async function settleOrderEdits(tx: Tx, input: { shop: string; orderId: string; topic: string; now: Date }): Promise<number> {
  const { shop, orderId, now } = input;
  const edits = await tx.orderAdjustment.findMany({
    where: { shopDomain: shop, orderId, kind: "edit" },
    select: { id: true, sourceId: true, occurredAt: true, amount: true },
  });
  if (!edits.some((edit) => edit.amount === null)) return 0;
  const shopRow = await tx.shop.findUnique({
    where: { domain: shop },
    select: { settings: true, uninstalledAt: true, destinations: { where: { enabled: true }, select: { id: true, testEventCode: true } } },
  });
  if (!shopRow || shopRow.uninstalledAt) return 0;
  const settings = readShopSettings(shopRow.settings);
  // Switched off: the edits stay unvalued (shown by units), and are valued if it is switched on.
  if (settings.events.orderEdited === "off") return 0;
  const eventId = purchaseEventId(orderId);
  const [mark, purchaseRows] = await Promise.all([
    tx.orderEditMark.findUnique({ where: { shopDomain_orderId: { shopDomain: shop, orderId } } }),
    eventId
      ? tx.outboxEvent.findMany({
          where: { shopDomain: shop, eventName: "Purchase", eventId },
          select: { payload: true, consentFacts: true, isTest: true, status: true },
        })
      : [],
  ]);
  const live = purchaseRows.find((row) => LIVE_PURCHASE.includes(row.status));
  const purchase = parseStoredPayload(live?.payload);
  const value = purchase?.custom_data?.value;
  const currency = purchase?.custom_data?.currency;
  const told = typeof value === "number" && currency ? { value, currency } : null;
  // The order's Purchase was never sendable (skipped, blocked, withdrawn): nothing to add to.
  const neverSent = purchaseRows.length > 0 && !live;
  const snapshot = mark?.updatedAt ? { value: mark.value, currency: mark.currency, updatedAt: mark.updatedAt } : null;
  const valued = neverSent
    ? edits.filter((edit) => edit.amount === null).map((edit) => ({ sourceId: edit.sourceId, amount: "0" }))
    : valueEdits({ edits, snapshot, purchase: told });
  if (!valued) return 0;

  let due = 0;
  for (const edit of valued) {
    const row = edits.find((candidate) => candidate.sourceId === edit.sourceId)!;
    await tx.orderAdjustment.update({
      where: { id: row.id },
      data: { amount: edit.amount, currency: neverSent ? null : (told?.currency ?? null) },
    });
    if (neverSent || !purchase || !told) continue;
    const mapped: MapResult = mapEditEvent({
      mode: settings.events.orderEdited,
      editId: edit.sourceId,
      orderId,
      amount: edit.amount,
      currency: told.currency,
      occurredAt: row.occurredAt,
      purchase,
      isTest: live?.isTest ?? false,
      now,
    });
    if (mapped.kind !== "event") continue;
    const facts = parseConsentFacts(live?.consentFacts);
    const decision = decideRow({ event: mapped.event, facts, waitUntil: null, settings, now });
    const rows = buildOutboxRows({
      shop,
      topic: input.topic,
      mapped: { ...mapped, consentFacts: facts },
      decision,
      destinations: shopRow.destinations,
      receipt: null,
      now,
      refs: { orderId, checkoutToken: null, customerId: null },
    });
    const created = await tx.outboxEvent.createMany({ data: rows });
    if (created.count > 0) due += rows.filter((r) => r.status === "pending").length;
  }
  return due;
}
