// The deduplication contract (DESIGN.md section 2): the server and both storefront
// extensions derive the same event_id from identifiers each can see, so Meta keeps one
// copy. event-id-vectors.json is the shared truth; event-id.test.ts runs every vector.

export type DedupedEventName = "Purchase" | "InitiateCheckout" | "AddPaymentInfo";

const ORDER_GID = /^gid:\/\/shopify\/(?:Order|OrderIdentity)\/(\d+)$/;
const MAX_EVENT_ID_LENGTH = 128;

/**
 * The canonical decimal order id, or null. Strings never pass through a JS number, so
 * ids above 2^53 survive; a number that is not a safe integer has already lost digits,
 * so it is refused rather than turned into someone else's order id.
 */
export function canonicalOrderId(orderId: string | number | null | undefined): string | null {
  if (typeof orderId === "number") {
    return Number.isSafeInteger(orderId) && orderId > 0 ? String(orderId) : null;
  }
  if (typeof orderId !== "string") return null;
  const withoutQuery = orderId.trim().split(/[?#]/)[0];
  const digits = /^\d+$/.test(withoutQuery) ? withoutQuery : ORDER_GID.exec(withoutQuery)?.[1];
  if (!digits) return null;
  // BigInt keeps every digit and drops leading zeros so "007" and 7 join.
  const canonical = BigInt(digits).toString();
  return canonical === "0" ? null : canonical;
}

export function purchaseEventId(orderId: string | number | null | undefined): string | null {
  const id = canonicalOrderId(orderId);
  return id === null ? null : `purchase_${id}`;
}

function checkoutTokenEventId(prefix: string, token: unknown): string | null {
  if (typeof token !== "string") return null;
  const trimmed = token.trim();
  // Whitespace or control characters inside mean this is not a token we can join on.
  if (trimmed === "" || /[\s\u0000-\u001f]/.test(trimmed)) return null;
  const id = `${prefix}${trimmed}`;
  return id.length <= MAX_EVENT_ID_LENGTH ? id : null;
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
