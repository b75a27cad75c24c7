import { buildEvent, pricedPayload } from "./build-event";
import { initiateCheckoutEventId } from "./event-id";
import { eventTimeFields, eventTimeOf } from "./event-context";
import type { MapContext, MapResult } from "./map-result";
import { skipped } from "./map-result";
import { formatMinorUnits, isCurrencyCode, toMinorUnits } from "./money";
import type { CheckoutPayload } from "./shopify-payloads";

// Checkout (checkouts/create) -> InitiateCheckout. Checkout prices are in the buyer's
// (presentment) currency, so plain amounts are read on that side.

/** shipping_lines summed exactly, as one decimal amount in the checkout's currency. */
function checkoutShipping(checkout: CheckoutPayload): string | undefined {
  const currency = (checkout.presentment_currency ?? checkout.currency)?.toUpperCase();
  if (!checkout.shipping_lines?.length || !isCurrencyCode(currency)) return undefined;
  let total = 0n;
  for (const line of checkout.shipping_lines) total += toMinorUnits(line.price, currency) ?? 0n;
  return formatMinorUnits(total, currency);
}

export function mapCheckoutToInitiateCheckout(checkout: CheckoutPayload, ctx: MapContext): MapResult {
  const name = "InitiateCheckout" as const;
  const eventId = initiateCheckoutEventId(checkout.token);
  if (!ctx.settings.events.initiateCheckout) {
    return skipped(name, eventId, "event_disabled", "InitiateCheckout events are switched off for this shop.");
  }
  if (eventId === null) {
    return skipped(name, null, "no_event_id", "The checkout token cannot be used as an event id.");
  }
  const shipping = { plain: checkoutShipping(checkout), set: checkout.total_shipping_price_set };
  return buildEvent({
    eventName: name,
    eventId,
    payload: checkout,
    valueSource: "checkout",
    priced: pricedPayload(checkout, "presentment", shipping, ctx.shop.currency),
    ...eventTimeFields(eventTimeOf(ctx.now, checkout.created_at)),
    actionSource: "website",
    isTest: false,
    ctx,
  });
}
