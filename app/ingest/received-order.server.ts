import {
  classifyOrder,
  isFirstSubscriptionOrder,
  type OrderClass,
  canonicalOrderId,
  initiateCheckoutEventId,
  purchaseEventId,
  saneDate,
  salesChannel,
  type CapiEventName,
} from "../capi";
import type { IngestOutcome } from "./ingest-outcome";
import { newRowId } from "../db/row-id";
import type { GatedSql } from "../db/statements/ingest.server";
import { upsertReceivedOrder } from "../db/statements/received-orders.server";

// Every order and checkout Tandem receives gets a ReceivedOrder row, whatever became of
// it, so the reconciliation page can show the merchant all of them (skipped, not
// configured and rejected ones included). Only public facts are kept: the order's name,
// number, total and currency, never the buyer's data.

export type ReceivedOrderFacts = {
  kind: "order" | "checkout";
  sourceId: string;
  adminId: string | null;
  name: string | null;
  number: number | null;
  value: string | null;
  currency: string | null;
  isTest: boolean;
  /** The order's sales channel (salesChannel of source_name); null for checkouts. */
  channel: string | null;
  /** receivedOrderClass of the order; null for checkouts. */
  orderClass: string | null;
  /** The Purchase (InitiateCheckout for checkouts), or the event a renewal was mapped to instead. */
  eventName: CapiEventName;
  eventId: string | null;
  placedAt: Date | null;
  /** Shopify's updated_at: when the order was as this payload describes it (null for checkouts). */
  updatedAt: Date | null;
};

/** Reads the public facts from a raw payload, leniently: a malformed payload still yields its id if it has one. */
export function receivedOrderFacts(topic: string, payload: unknown, webhookId: string | undefined, now: Date): ReceivedOrderFacts | null {
  if (!payload || typeof payload !== "object") return null;
  const body = payload as Record<string, unknown>;
  const isOrder = topic.startsWith("orders/");
  if (!isOrder && topic !== "checkouts/create") return null;
  const rawId = isOrder ? idText(body.id) : idText(body.token);
  // A payload without its id is refused; it is still listed, once per webhook, under its name.
  if (!rawId && !webhookId) return null;
  const sourceId = rawId ? (isOrder ? (canonicalOrderId(rawId) ?? rawId) : rawId) : `webhook:${webhookId}`;
  const number = typeof body.order_number === "number" && Number.isSafeInteger(body.order_number) ? body.order_number : null;
  return {
    kind: isOrder ? "order" : "checkout",
    sourceId: sourceId.slice(0, 200),
    adminId: isOrder ? canonicalOrderId(rawId) : idText(body.id),
    name: isOrder ? shortText(body.name, 64) : null,
    number: isOrder ? number : null,
    value: amountText(body.total_price),
    currency: typeof body.currency === "string" && /^[A-Za-z]{3}$/.test(body.currency) ? body.currency.toUpperCase() : null,
    isTest: body.test === true,
    channel: isOrder ? salesChannel(body.source_name) : null,
    orderClass: isOrder ? receivedOrderClass(body) : null,
    eventName: isOrder ? "Purchase" : "InitiateCheckout",
    eventId: isOrder ? purchaseEventId(rawId) : initiateCheckoutEventId(rawId ?? undefined),
    // A date outside the sane range (the year 9999, 1970) is no date: the row is listed at
    // the time Tandem received it, and the admin's rollups never see an impossible slot.
    placedAt: saneDate(body.created_at, now) ?? saneDate(body.processed_at, now),
    updatedAt: isOrder ? saneDate(body.updated_at, now) : null,
  };
}

/**
 * The statement that records (or updates) the row for one webhook's outcome, or null
 * when the webhook names no order or checkout. The ingest runs it in the same
 * transaction as the webhook's receipt and outbox rows (docs/decisions/012): a crash
 * cannot keep one without the other. Once an order was queued for Meta it stays
 * "queued": orders/create of a pending order is skipped, its orders/paid is queued, and
 * the page must show the latter whatever order they arrive in. The row is written only
 * when the store's condition holds (the webhook's receipt is new); the statement is
 * upsertReceivedOrder in app/db/statements/received-orders.server.ts.
 */
export function receivedOrderUpsert(
  input: { shop: string; topic: string; webhookId: string; payload: unknown; now: Date },
  outcome: IngestOutcome,
  event?: { eventName?: string; eventId?: string | null },
): GatedSql | null {
  if (outcome.outcome === "duplicate_webhook") return null;
  const facts = receivedOrderFacts(input.topic, input.payload, outcome.outcome === "rejected" ? input.webhookId : undefined, input.now);
  if (!facts) return null;
  // The event the order was mapped to when it is not the Purchase: a renewal sent as its
  // RecurringPayment (docs/decisions/038), so the pages follow that event's rows.
  if (facts.kind === "order" && event?.eventName && event.eventId) {
    facts.eventName = event.eventName as CapiEventName;
    facts.eventId = event.eventId;
  }
  const { reason, message } = outcomeWords(outcome);
  const now = input.now;
  const upsert = upsertReceivedOrder(
    {
      id: newRowId(),
      shopDomain: input.shop,
      kind: facts.kind,
      sourceId: facts.sourceId,
      adminId: facts.adminId,
      name: facts.name,
      number: facts.number,
      value: facts.value,
      currency: facts.currency,
      isTest: facts.isTest,
      channel: facts.channel,
      orderClass: facts.orderClass,
      eventName: facts.eventName,
      eventId: facts.eventId,
      outcome: outcome.outcome,
      reason,
      message,
      placedAt: facts.placedAt ?? now,
      seenAt: now,
      topic: input.topic,
      orderUpdatedAt: facts.updatedAt,
    },
    "queued",
  );
  // Its unique key: two upserts of one row in one PostgreSQL statement would fail.
  upsert.key = `ReceivedOrder|${input.shop}|${facts.kind}|${facts.sourceId}`;
  return upsert;
}

function outcomeWords(outcome: IngestOutcome): { reason: string | null; message: string | null } {
  switch (outcome.outcome) {
    case "skipped":
      return { reason: outcome.reason, message: outcome.message.slice(0, 500) };
    case "rejected":
      return { reason: null, message: outcome.detail.slice(0, 500) };
    default:
      return { reason: null, message: null };
  }
}

/**
 * The order's class as the pages show it: classifyOrder's, with "subscription_first" for an
 * online order that starts a subscription (docs/decisions/038). Lenient: a malformed
 * payload's fields count only when they have the type Shopify sends.
 */
export function receivedOrderClass(body: Record<string, unknown>): OrderClass | "subscription_first" {
  const order = {
    source_name: typeof body.source_name === "string" ? body.source_name : null,
    tags: typeof body.tags === "string" ? body.tags : null,
    checkout_token: typeof body.checkout_token === "string" ? body.checkout_token : null,
    line_items: sellingPlans(body.line_items),
  };
  return isFirstSubscriptionOrder(order) ? "subscription_first" : classifyOrder(order);
}

/** Each line item's selling plan id, when it has the type Shopify sends (a number or a string). */
function sellingPlans(lines: unknown): { selling_plan_id: number | string | null }[] {
  if (!Array.isArray(lines)) return [];
  return lines.map((line: unknown) => {
    const id = line && typeof line === "object" ? (line as Record<string, unknown>).selling_plan_id : null;
    return { selling_plan_id: typeof id === "number" || typeof id === "string" ? id : null };
  });
}

function idText(value: unknown): string | null {
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  if (typeof value === "string" && value.trim()) return value.trim();
  return null;
}

function shortText(value: unknown, max: number): string | null {
  return typeof value === "string" && value.trim() ? value.trim().slice(0, max) : null;
}

function amountText(value: unknown): string | null {
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : typeof value === "string" ? value.trim() : "";
  return /^-?\d{1,15}(\.\d{1,6})?$/.test(text) ? text : null;
}
