import { buildEvent, pricedPayload } from "./build-event";
import type { CapiEvent, UserData } from "./capi-event";
import { eventTimeSeconds } from "./event-context";
import { canonicalOrderId } from "./event-id";
import type { MapContext, MapResult } from "./map-result";
import { skipped } from "./map-result";
import type { LifecycleFact } from "./order-lifecycle";
import type { OrderPayload } from "./shopify-payloads";

// The opt-in custom events of an order's life after checkout, for exclusion audiences and
// custom conversions. Meta has no refund or cancellation event and no documented way to
// subtract value from a Purchase it received (docs/decisions/035), so these carry a
// POSITIVE value and the order's own id, never a negative Purchase. action_source is
// system_generated: no shopper acted in a browser when Shopify cancelled or refunded.

export const ORDER_CANCELLED = "OrderCancelled" as const;
export const ORDER_REFUNDED = "OrderRefunded" as const;

export function cancellationEventId(orderId: string | number | null | undefined): string | null {
  const id = canonicalOrderId(orderId);
  return id === null ? null : `cancel_${id}`;
}

export function refundEventId(refundId: string): string | null {
  return /^\d{1,20}$/.test(refundId) ? `refund_${refundId}` : null;
}

/** orders/cancelled -> OrderCancelled, valued like the order's Purchase (the shop's value rule). */
export function mapCancellationEvent(order: OrderPayload, ctx: MapContext): MapResult {
  const eventId = cancellationEventId(order.id);
  if (!ctx.settings.events.orderCancelled)
    return skipped(ORDER_CANCELLED, eventId, "event_disabled", "Cancellation events are switched off for this shop.");
  if (!eventId) return skipped(ORDER_CANCELLED, null, "no_event_id", "The order id is not a Shopify order id.");
  return buildEvent({
    eventName: ORDER_CANCELLED,
    eventId,
    payload: order,
    valueSource: "order",
    priced: pricedPayload(order, "shop", { plain: undefined, set: order.total_shipping_price_set }, ctx.shop.currency),
    eventTime: eventTimeSeconds(ctx.now, order.cancelled_at),
    actionSource: "system_generated",
    isTest: order.test === true,
    orderId: canonicalOrderId(order.id) ?? undefined,
    ctx,
  });
}

/**
 * refunds/create -> OrderRefunded with the money returned. A refund carries no customer
 * data: the buyer is known by the order's Purchase as Tandem stored it (already hashed),
 * without the browser's IP and user agent (the shopper did not act now).
 */
export function mapRefundEvent(input: { fact: LifecycleFact; purchase: CapiEvent | null; isTest: boolean; ctx: MapContext }): MapResult {
  const { fact, purchase, ctx } = input;
  const eventId = refundEventId(fact.sourceId);
  if (!ctx.settings.events.orderRefunded)
    return skipped(ORDER_REFUNDED, eventId, "event_disabled", "Refund events are switched off for this shop.");
  if (!eventId) return skipped(ORDER_REFUNDED, null, "no_event_id", "The refund id is not a Shopify id.");
  const value = fact.amount === null ? Number.NaN : Number(fact.amount);
  if (!(value > 0) || !fact.currency)
    return skipped(ORDER_REFUNDED, eventId, "zero_value", "No money was returned (or its amount is unknown): nothing to report.");
  if (!purchase)
    return skipped(
      ORDER_REFUNDED,
      eventId,
      "no_customer_data",
      "Tandem holds no Purchase for this order, so nothing identifies the buyer.",
    );
  const { client_ip_address: _ip, client_user_agent: _ua, ...userData } = purchase.user_data as UserData;
  if (Object.keys(userData).length === 0)
    return skipped(ORDER_REFUNDED, eventId, "no_customer_data", "The order's Purchase carried no customer detail Meta could match.");
  const event: CapiEvent = {
    event_name: ORDER_REFUNDED,
    event_time: Math.min(Math.floor(fact.occurredAt.getTime() / 1000), Math.floor(ctx.now.getTime() / 1000)),
    event_id: eventId,
    action_source: "system_generated",
    user_data: userData,
    custom_data: { value, currency: fact.currency, order_id: fact.orderId },
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
    eventName: ORDER_REFUNDED,
    eventId,
    event,
    isTest: input.isTest,
    consentFacts: { signal: null, countries: [], usStates: [] },
  };
}
