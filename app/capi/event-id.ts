// The deduplication contract: the server and both storefront
// extensions derive the same event_id from identifiers each can see, so Meta keeps one
// copy. event-id-vectors.json is the shared truth; event-id.test.ts runs every vector,
// tests/storefront/event-id-vectors.test.ts runs them through the web pixel and the theme
// embed. The edge rules (leading zeros, "0", gids, whitespace, case) are explained in
// docs/decisions/008-event-id-edges.md; change all three copies together.

/** Every event Tandem sends is one of these, and each has a shared id rule below. */
export type { CapiEventName as DedupedEventName } from "./meta-limits";

// A bare decimal id, or an Order/OrderIdentity gid, optionally followed by a gid's query
// or fragment. Other gid types (Checkout, Customer, ...) are not order ids.
const ORDER_ID = /^(?:gid:\/\/shopify\/(?:Order|OrderIdentity)\/)?(\d+)(?:[?#].*)?$/;
const MAX_EVENT_ID_LENGTH = 128;

/**
 * The canonical decimal order id, or null. Strings never pass through a JS number, so
 * ids above 2^53 survive; a number that is not a safe integer has already lost digits,
 * so it is refused rather than turned into someone else's order id. Leading zeros are
 * dropped ("007" and 7 are the same order); zero is no order.
 */
export function canonicalOrderId(orderId: string | number | null | undefined): string | null {
  if (typeof orderId === "number") {
    return Number.isSafeInteger(orderId) && orderId > 0 ? String(orderId) : null;
  }
  if (typeof orderId !== "string") return null;
  const digits = ORDER_ID.exec(orderId.trim())?.[1].replace(/^0+/, "");
  return digits ? digits : null;
}

function withinLength(id: string): string | null {
  return id.length <= MAX_EVENT_ID_LENGTH ? id : null;
}

export function purchaseEventId(orderId: string | number | null | undefined): string | null {
  const id = canonicalOrderId(orderId);
  return id === null ? null : withinLength(`purchase_${id}`);
}

function checkoutTokenEventId(prefix: string, token: unknown): string | null {
  if (typeof token !== "string") return null;
  const trimmed = token.trim();
  // Whitespace or control characters inside mean this is not a token we can join on.
  // Case is kept: newer checkout tokens are base64, where case tells tokens apart.
  if (trimmed === "" || /[\s\u0000-\u001f\u007f]/.test(trimmed)) return null;
  return withinLength(`${prefix}${trimmed}`);
}

export function initiateCheckoutEventId(token: string | null | undefined): string | null {
  return checkoutTokenEventId("ic_", token);
}

export function addPaymentInfoEventId(token: string | null | undefined): string | null {
  return checkoutTokenEventId("api_", token);
}

/** What a source can see; the same shape as `input` in event-id-vectors.json. */
export type EventIdSource = {
  order_id?: string | number | null;
  checkout_token?: string | null;
};

/** Null for events with no shared identifier (browser-only events use random ids). */
export function eventIdFor(eventName: string, source: EventIdSource): string | null {
  switch (eventName) {
    case "Purchase":
      return purchaseEventId(source.order_id);
    case "InitiateCheckout":
      return initiateCheckoutEventId(source.checkout_token);
    case "AddPaymentInfo":
      return addPaymentInfoEventId(source.checkout_token);
    default:
      return null;
  }
}
