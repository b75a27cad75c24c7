import { buildEvent, pricedPayload } from "./build-event";
import { canonicalOrderId, purchaseEventId } from "./event-id";
import { eventTimeFields, eventTimeOf } from "./event-context";
import type { MapContext, MapResult } from "./map-result";
import { skipped } from "./map-result";
import { classifyOrder, orderTags, sourceDecision } from "./order-class";
import { recurringPaymentEventId, RECURRING_PAYMENT } from "./subscription-events";
import type { OrderPayload } from "./shopify-payloads";

// Order (orders/create, orders/paid, orders/updated) -> Purchase. Filters come first and
// each yields a reason the merchant can read; only a qualifying order is priced and hashed.

export function mapOrderToPurchase(order: OrderPayload, ctx: MapContext): MapResult {
  const { settings } = ctx;
  // A renewal the shop sends as its custom RecurringPayment event: that event, with its own
  // id, takes the Purchase's place (docs/decisions/038); the filters below apply alike.
  const recurring = settings.events.recurringPayment && classifyOrder(order) === "subscription_renewal";
  const name = recurring ? RECURRING_PAYMENT : ("Purchase" as const);
  const eventId = recurring ? recurringPaymentEventId(order.id) : purchaseEventId(order.id);
  if (!recurring && !settings.events.purchase) {
    return skipped(name, eventId, "event_disabled", "Purchase events are switched off for this shop.");
  }
  if (eventId === null) {
    return skipped(name, null, "no_event_id", "The order id is not a Shopify order id, so no deduplicable event id can be made.");
  }
  const isTest = order.test === true;
  if (isTest && settings.filters.testOrders === "skip") {
    return skipped(name, eventId, "test_order", "Test order: the shop skips test orders.");
  }

  // Point of sale, draft, renewal, no checkout: decided now, never left waiting for a browser.
  const source = recurring ? ({ send: true, actionSource: "system_generated" } as const) : sourceDecision(order, settings.filters);
  if (!source.send) return skipped(name, eventId, source.reason, source.message);
  const { actionSource } = source;

  if (order.cancelled_at) {
    return skipped(name, eventId, "order_cancelled", "The order is cancelled.");
  }
  const status = order.financial_status ?? "unknown";
  if (!(settings.purchasePaymentStates as string[]).includes(status)) {
    return skipped(
      name,
      eventId,
      "payment_state_not_qualifying",
      `Payment state "${status.slice(0, 40)}" does not count as a purchase (counted: ${settings.purchasePaymentStates.join(", ")}).`,
    );
  }
  const excluded = new Set(settings.filters.excludedTags.map((tag) => tag.toLowerCase()));
  const hit = orderTags(order.tags).find((tag) => excluded.has(tag));
  if (hit) {
    return skipped(name, eventId, "excluded_tag", `The order carries the excluded tag "${hit}".`);
  }

  const shipping = { plain: undefined, set: order.total_shipping_price_set };
  return buildEvent({
    eventName: name,
    eventId,
    payload: order,
    valueSource: "order",
    priced: pricedPayload(order, "shop", shipping, ctx.shop.currency),
    ...eventTimeFields(eventTimeOf(ctx.now, order.processed_at, order.created_at)),
    actionSource,
    isTest,
    orderId: canonicalOrderId(order.id) ?? undefined,
    ctx,
  });
}
