import type { ActionSource, CapiEvent, CapiEventName, CustomData } from "./capi-event";
import { addNote, type KeyNote, type ValueSource } from "./browser-values";
import { readCartAttributes, readCartCookies } from "./consent-snapshot";
import { buildContents, validQuantity } from "./contents";
import { consentFactsFrom, eventSourceUrl, fbcFromLandingSite, landingSiteProblem } from "./event-context";
import type { MapContext, MapResult } from "./map-result";
import { skipped } from "./map-result";
import { maxEventAgeSeconds } from "./meta-limits";
import { minorUnitsToNumber } from "./money";
import { choosePricing, computeValueMinor, type PricedPayload, type Side } from "./order-value";
import type { CheckoutPayload, OrderPayload } from "./shopify-payloads";
import { buildUserDataNoted } from "./user-data";

// The steps both mappers share once their own filters have passed: price, contents,
// user data, and the checks that would otherwise make Meta refuse the whole batch.

type Payload = OrderPayload | CheckoutPayload;

export function pricedPayload(
  payload: Payload,
  plainSide: Side,
  shipping: PricedPayload["shipping"],
  shopCurrency?: string,
): PricedPayload {
  return {
    shopCurrency: payload.currency?.trim().toUpperCase() ?? shopCurrency?.toUpperCase() ?? null,
    presentmentCurrency: payload.presentment_currency?.trim().toUpperCase() ?? null,
    plainSide,
    subtotal: { plain: payload.subtotal_price, set: payload.subtotal_price_set },
    tax: { plain: payload.total_tax, set: payload.total_tax_set },
    discounts: { plain: payload.total_discounts, set: payload.total_discounts_set },
    shipping,
    shippingTaxes: (payload.shipping_lines ?? []).flatMap((line) =>
      (line.tax_lines ?? []).map((tax) => ({ plain: tax.price, set: tax.price_set })),
    ),
    taxesIncluded: payload.taxes_included === true,
    lines: payload.line_items.map((line) => ({
      price: line.price,
      priceSet: line.price_set,
      quantity: validQuantity(line.quantity),
    })),
  };
}

export type BuildInput = {
  eventName: CapiEventName;
  eventId: string;
  payload: Payload;
  /** Which Shopify resource the payload is: its browser values' notes name it. */
  valueSource: Extract<ValueSource, "order" | "checkout">;
  priced: PricedPayload;
  eventTime: number;
  /** The payload's timestamps were outside the sane range: eventTime is the arrival time. */
  timeOutOfRange?: boolean;
  actionSource: ActionSource;
  isTest: boolean;
  orderId?: string;
  ctx: MapContext;
};

export function buildEvent(input: BuildInput): MapResult {
  const { eventName, eventId, payload, priced, eventTime, actionSource, ctx } = input;
  const { settings } = ctx;
  const pricing = choosePricing(priced, settings.value.currency);
  if (!pricing) {
    return skipped(eventName, eventId, "missing_currency", "The payload names no valid ISO 4217 currency, so no value can be reported.");
  }
  const valueMinor = computeValueMinor(priced, pricing, settings.value);
  if (valueMinor === 0n && settings.filters.skipZeroValue) {
    return skipped(eventName, eventId, "zero_value", "The value is zero and the shop skips zero-value events.");
  }
  const nowSeconds = Math.floor(ctx.now.getTime() / 1000);
  const maxAge = maxEventAgeSeconds(actionSource);
  if (nowSeconds - eventTime > maxAge) {
    return skipped(
      eventName,
      eventId,
      "event_too_old",
      `The event happened more than ${maxAge / 86_400} days ago; Meta no longer accepts it.`,
    );
  }

  const attributes = readCartAttributes(payload.note_attributes);
  const cookies = readCartCookies(payload.note_attributes);
  const from: ValueSource = input.valueSource;
  const built = buildUserDataNoted(payload, cookies, settings.matchKeys, { from, cookiesFrom: "cart", now: ctx.now });
  const userData = built.userData;
  let keyNotes: KeyNote[] = built.notes;
  // The landing page's click id: it fills a missing _fbc, and replaces the cart's when it
  // names another click (a newer ad click than the cookie's, as the theme embed, the web
  // pixel and Meta's Parameter Builder decide), with the event's time as creation time.
  if (settings.matchKeys.fbc) {
    const fromLanding = fbcFromLandingSite(payload.landing_site, eventTime * 1000);
    if (fromLanding && userData.fbc?.split(".")[3] !== fromLanding.split(".")[3]) userData.fbc = fromLanding;
  }
  if (input.timeOutOfRange) keyNotes = addNote(keyNotes, { key: "event_time", from, reason: "date_out_of_range" });
  // Meta requires the browser's user agent for website events. Shopify's checkout webhook
  // never has one (and some orders lack it): such an event is still produced, and the
  // outbox holds it until the web pixel's receipt brings the user agent (app/outbox/
  // decide-row.ts). Only when the shop has switched that key off can nothing bring it.
  if (actionSource === "website" && !userData.client_user_agent && !settings.matchKeys.client_user_agent) {
    return skipped(
      eventName,
      eventId,
      "missing_user_agent",
      "Meta requires the browser's user agent for website events and the shop has switched that match key off.",
    );
  }
  // An in-store or system order without any customer detail: Meta rejects an event it
  // cannot match to anyone (and the whole batch with it). A website event gets the
  // browser's user agent and IP before it may be sent.
  if (actionSource !== "website" && Object.keys(userData).length === 0) {
    return skipped(
      eventName,
      eventId,
      "no_customer_data",
      "The order carries no customer detail Meta could match (no email, phone, name, address or customer id).",
    );
  }

  const customData: CustomData = {
    value: minorUnitsToNumber(valueMinor, pricing.currency),
    currency: pricing.currency,
    ...buildContents(payload.line_items, priced, pricing, settings.catalog),
  };
  if (input.orderId) customData.order_id = input.orderId;

  const event: CapiEvent = {
    event_name: eventName,
    event_time: eventTime,
    event_id: eventId,
    action_source: actionSource,
    user_data: userData,
    custom_data: customData,
  };
  // In-store and system orders have no storefront page; website events must name one.
  if (actionSource === "website") {
    event.event_source_url = eventSourceUrl(payload.landing_site, ctx.shop);
    const problem = landingSiteProblem(payload.landing_site, ctx.shop);
    if (problem) keyNotes = addNote(keyNotes, { key: "event_source_url", from, reason: problem });
  }

  const facts = consentFactsFrom(attributes.consent, [
    payload.billing_address,
    payload.shipping_address,
    payload.customer?.default_address,
  ]);
  return { kind: "event", eventName, eventId, event, isTest: input.isTest, consentFacts: facts, keyNotes };
}
