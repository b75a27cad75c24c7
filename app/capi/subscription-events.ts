import type { CapiEvent } from "./capi-event";
import { canonicalOrderId } from "./event-id";
import type { MapContext, MapResult } from "./map-result";
import { skipped } from "./map-result";
import { isFirstSubscriptionOrder } from "./order-class";
import type { OrderPayload } from "./shopify-payloads";

// The opt-in subscription events (docs/decisions/038). Each has its own event id derived
// from the order, so neither can ever be taken by Meta for the order's Purchase:
// - RecurringPayment (custom): a renewal, sent instead of a Purchase, action_source
//   system_generated (the subscription made the order, no shopper in a browser);
// - Subscribe (Meta's standard event): beside a first subscription order's Purchase, with
//   the merchant's predicted lifetime value, the Purchase's buyer, browser and consent.

export const RECURRING_PAYMENT = "RecurringPayment" as const;
export const SUBSCRIBE = "Subscribe" as const;

export function recurringPaymentEventId(orderId: string | number | null | undefined): string | null {
  const id = canonicalOrderId(orderId);
  return id === null ? null : `renewal_${id}`;
}

export function subscribeEventId(orderId: string | number | null | undefined): string | null {
  const id = canonicalOrderId(orderId);
  return id === null ? null : `subscribe_${id}`;
}

/**
 * A first subscription order's Subscribe, built from its mapped Purchase (same buyer, time,
 * page and action source; the outbox decides its consent the same way). Null when the
 * shop does not send Subscribe or the order does not start a subscription. Its value and
 * predicted_ltv are the merchant's predicted lifetime value, in the shop's currency: the
 * first payment is already the Purchase's value. Skipped (with its reason) only when neither
 * the shop nor the order names a currency.
 */
export function mapSubscribeEvent(order: OrderPayload, purchase: MapResult, ctx: MapContext): MapResult | null {
  const { events } = ctx.settings;
  if (!events.subscribe || purchase.kind !== "event" || !isFirstSubscriptionOrder(order)) return null;
  const eventId = subscribeEventId(order.id);
  if (!eventId) return null;
  const ltv = events.subscribePredictedLtv;
  // The order's own `currency` is the shop's currency (Shopify's Order resource; the
  // buyer's is `presentment_currency`), so a shop whose profile is not read yet still gets it.
  const currency = (ctx.shop.currency ?? order.currency)?.toUpperCase();
  if (ltv === null || !currency || !/^[A-Z]{3}$/.test(currency))
    return skipped(SUBSCRIBE, eventId, "missing_currency", "The shop's currency is not known yet, so no lifetime value can be reported.");
  const event: CapiEvent = {
    ...purchase.event,
    event_name: SUBSCRIBE,
    event_id: eventId,
    user_data: { ...purchase.event.user_data },
    custom_data: { value: ltv, currency, predicted_ltv: ltv, order_id: canonicalOrderId(order.id) ?? undefined },
  };
  return { ...purchase, eventName: SUBSCRIBE, eventId, event };
}
