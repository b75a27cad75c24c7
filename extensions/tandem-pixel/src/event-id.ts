// The deduplication contract (app/capi/event-id-vectors.json).
// This bundle cannot import the app, so it carries its own copy of app/capi/event-id.ts's
// rules (docs/decisions/008-event-id-edges.md); tests/storefront/event-id-vectors.test.ts
// runs every shared vector through it.

// The trailing digits of any Shopify gid (gid://shopify/ProductVariant/123?x=y) or a bare
// id. Digits stay a string: a JS Number loses precision past 2^53. Used for catalog and
// customer ids, which are not part of the event-id contract.
const GID = /^(?:gid:\/\/shopify\/[A-Za-z]+\/)?(\d+)(?:[?#].*)?$/;
// Order ids: a bare id or an Order/OrderIdentity gid only.
const ORDER_ID = /^(?:gid:\/\/shopify\/(?:Order|OrderIdentity)\/)?(\d+)(?:[?#].*)?$/;
const MAX = 128;

export function toIdDigits(id: unknown): string | null {
  if (typeof id === "number") return Number.isSafeInteger(id) && id >= 0 ? String(id) : null;
  if (typeof id !== "string") return null;
  const match = GID.exec(id.trim());
  return match ? match[1] : null;
}

export function purchaseEventId(orderId: unknown): string | null {
  let digits: string | null | undefined;
  if (typeof orderId === "number") digits = Number.isSafeInteger(orderId) && orderId > 0 ? String(orderId) : null;
  // Leading zeros dropped ("007" is order 7); "0" or "000" is no order.
  else if (typeof orderId === "string") digits = ORDER_ID.exec(orderId.trim())?.[1].replace(/^0+/, "");
  const id = digits ? `purchase_${digits}` : null;
  return id && id.length <= MAX ? id : null;
}

export function checkoutEventId(prefix: "ic" | "api", token: unknown): string | null {
  const trimmed = typeof token === "string" ? token.trim() : "";
  // Inner whitespace or control characters: not a token to join on. Case is kept.
  const id = trimmed && !/[\s\u0000-\u001f\u007f]/.test(trimmed) ? `${prefix}_${trimmed}` : null;
  return id && id.length <= MAX ? id : null;
}
