import { z } from "zod";
import { pricedPayload } from "./build-event";
import type { CapiEvent, CapiEventName, UserData } from "./capi-event";
import { canonicalOrderId } from "./event-id";
import type { MapResult } from "./map-result";
import { skipped } from "./map-result";
import { formatMinorUnits, minorUnitsToNumber, toMinorUnits } from "./money";
import { choosePricing, computeValueMinor } from "./order-value";
import type { ShopSettings } from "./settings";
import { orderPayloadSchema, type OrderPayload } from "./shopify-payloads";

// Value added to an order after checkout (a post-purchase upsell, a staff edit), sent to
// Meta once (docs/decisions/037). orders/edited names the edit but carries no money;
// orders/updated carries the order's totals before returns (they include edits, not
// refunds). An edit is valued once a snapshot at least as new as the edit is known:
// what the order is now worth by the shop's value rule, minus what Meta has already been
// told for it (the Purchase's value and the edits sent before). Never negative: removed
// items lower the order's worth in Tandem's reconciliation, never a value at Meta.

export const ORDER_EDITED = "OrderEdited" as const;
export type EditEventMode = ShopSettings["events"]["orderEdited"];

const text = z.string().nullish().catch(undefined);

/** The fields of orders/updated that price the order (the value rule's inputs), and when Shopify changed it. */
export const orderUpdatedSchema = orderPayloadSchema
  .pick({
    id: true,
    currency: true,
    presentment_currency: true,
    subtotal_price: true,
    subtotal_price_set: true,
    total_price: true,
    total_tax: true,
    total_tax_set: true,
    total_discounts: true,
    total_discounts_set: true,
    total_shipping_price_set: true,
    shipping_lines: true,
    taxes_included: true,
    line_items: true,
    test: true,
  })
  .extend({ updated_at: text });

export type OrderSnapshot = {
  orderId: string;
  /** Shopify's updated_at (or the arrival time): only a newer snapshot replaces an older one. */
  updatedAt: Date;
  /** The order's worth by the shop's value rule, decimal text, and its currency. */
  value: string | null;
  currency: string | null;
  /** Shopify's total_price (shop currency) before returns: the reconciliation's gross. */
  totalPrice: string | null;
};

export function toOrderSnapshot(
  payload: unknown,
  ctx: { settings: ShopSettings; shopCurrency?: string; now: Date },
): { ok: true; snapshot: OrderSnapshot } | { ok: false; error: string } {
  const parsed = orderUpdatedSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, error: `Payload refused: ${parsed.error.issues[0]?.path.join(".") || "(body)"}` };
  const order = parsed.data;
  const orderId = canonicalOrderId(order.id);
  if (!orderId) return { ok: false, error: "Payload refused: id: not a Shopify order id" };
  const priced = pricedPayload(order as OrderPayload, "shop", { plain: undefined, set: order.total_shipping_price_set }, ctx.shopCurrency);
  const pricing = choosePricing(priced, ctx.settings.value.currency);
  const updated = order.updated_at ? new Date(order.updated_at) : null;
  const total = toMinorUnits(order.total_price, priced.shopCurrency ?? "");
  return {
    ok: true,
    snapshot: {
      orderId,
      updatedAt: updated && !Number.isNaN(updated.getTime()) ? updated : ctx.now,
      value: pricing ? formatMinorUnits(computeValueMinor(priced, pricing, ctx.settings.value), pricing.currency) : null,
      currency: pricing?.currency ?? null,
      totalPrice: total !== null && priced.shopCurrency ? formatMinorUnits(total, priced.shopCurrency) : null,
    },
  };
}

export function editEventId(editId: string): string | null {
  return /^\d{1,20}$/.test(editId) ? `edit_${editId}` : null;
}

export type EditToValue = { sourceId: string; occurredAt: Date; amount: string | null };

/**
 * The value each unvalued edit adds, once the snapshot reflects them all. The increase
 * over what Meta was told goes to the newest edit; earlier ones add nothing of their own
 * (one snapshot cannot tell them apart). Returns null while the snapshot is older than an
 * edit, or the currencies differ (nothing is guessed).
 */
export function valueEdits(input: {
  edits: readonly EditToValue[];
  snapshot: { value: string | null; currency: string | null; updatedAt: Date } | null;
  purchase: { value: number; currency: string } | null;
}): { sourceId: string; amount: string }[] | null {
  const { snapshot, purchase } = input;
  const open = input.edits.filter((edit) => edit.amount === null).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  if (open.length === 0 || !snapshot || !purchase || snapshot.currency !== purchase.currency || snapshot.value === null) return null;
  if (open.some((edit) => edit.occurredAt.getTime() > snapshot.updatedAt.getTime())) return null;
  const currency = purchase.currency;
  const now = toMinorUnits(snapshot.value, currency);
  let told = toMinorUnits(String(purchase.value), currency);
  if (now === null || told === null) return null;
  for (const edit of input.edits) if (edit.amount !== null) told += toMinorUnits(edit.amount, currency) ?? 0n;
  const added = now > told ? now - told : 0n;
  return open.map((edit, i) => ({
    sourceId: edit.sourceId,
    amount: formatMinorUnits(i === open.length - 1 ? added : 0n, currency),
  }));
}

/**
 * The edit's event: a custom OrderEdited, or a Purchase with the edit's own id (never the
 * order's), as the merchant chose. The buyer is known by the order's stored Purchase
 * (already hashed), without the browser's IP and user agent.
 */
export function mapEditEvent(input: {
  mode: EditEventMode;
  editId: string;
  orderId: string;
  amount: string;
  currency: string;
  occurredAt: Date;
  purchase: CapiEvent;
  isTest: boolean;
  now: Date;
}): MapResult {
  const eventName: CapiEventName = input.mode === "purchase" ? "Purchase" : ORDER_EDITED;
  const eventId = editEventId(input.editId);
  if (input.mode === "off") return skipped(ORDER_EDITED, eventId, "event_disabled", "Edit events are switched off for this shop.");
  if (!eventId) return skipped(eventName, null, "no_event_id", "The edit id is not a Shopify id.");
  const value = Number(input.amount);
  if (!(value > 0)) return skipped(eventName, eventId, "zero_value", "The edit added no value beyond what Meta was told.");
  const { client_ip_address: _ip, client_user_agent: _ua, ...userData } = input.purchase.user_data as UserData;
  if (Object.keys(userData).length === 0)
    return skipped(eventName, eventId, "no_customer_data", "The order's Purchase carried no customer detail Meta could match.");
  const purchase = input.purchase;
  const event: CapiEvent = {
    event_name: eventName,
    event_time: Math.floor(Math.min(input.occurredAt.getTime(), input.now.getTime()) / 1000),
    event_id: eventId,
    action_source: "system_generated",
    user_data: userData,
    custom_data: {
      value: minorUnitsToNumber(toMinorUnits(input.amount, input.currency) ?? 0n, input.currency),
      currency: input.currency,
      order_id: input.orderId,
    },
    ...(purchase.data_processing_options
      ? {
          data_processing_options: purchase.data_processing_options,
          data_processing_options_country: purchase.data_processing_options_country,
          data_processing_options_state: purchase.data_processing_options_state,
        }
      : {}),
  };
  return {
    kind: "event",
    eventName,
    eventId,
    event,
    isTest: input.isTest,
    consentFacts: { signal: null, countries: [], usStates: [] },
  };
}
