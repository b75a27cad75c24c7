// The deduplication contract (DESIGN.md section 2, app/capi/event-id-vectors.json).
// This bundle cannot import the app, so it carries its own copy; event-id.test.ts runs
// every shared vector through it.

// A bare id, or the trailing digits of a gid such as gid://shopify/OrderIdentity/123?x=y.
// Digits stay a string: a JS Number loses precision past 2^53.
const ORDER_ID = /^(?:gid:\/\/shopify\/[A-Za-z]+\/)?(\d+)(?:\?.*)?$/;

export function toOrderIdDigits(id: unknown): string | null {
  if (typeof id === "number") return Number.isSafeInteger(id) && id >= 0 ? String(id) : null;
  if (typeof id !== "string") return null;
  const match = ORDER_ID.exec(id.trim());
  return match ? match[1] : null;
}

export function purchaseEventId(orderId: unknown): string | null {
  const digits = toOrderIdDigits(orderId);
  return digits ? `purchase_${digits}` : null;
}

export function checkoutEventId(prefix: "ic" | "api", token: unknown): string | null {
  const trimmed = typeof token === "string" ? token.trim() : "";
  return trimmed ? `${prefix}_${trimmed}` : null;
}
