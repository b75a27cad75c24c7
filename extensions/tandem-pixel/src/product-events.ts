// Storefront events from Shopify's standard `product_viewed` and `product_added_to_cart`
// (docs/decisions/042): what the theme embed used to read by wrapping fetch/XHR. Their ids
// are a fresh v4 uuid each, as the embed's always were (app/capi/event-id-vectors.json:
// storefront events have no identifier both sides can see, so the browser makes one and
// the receipt hands it to the server).
import { fromMinor, toMinor } from "./money";
import { toContentId, type Rules } from "./custom-data";

interface Money {
  amount?: number | string | null;
  currencyCode?: string | null;
}
export interface VariantLike {
  id?: string | null;
  sku?: string | null;
  price?: Money | null;
  product?: { id?: string | null } | null;
}
export interface ProductEventData {
  productVariant?: VariantLike | null;
  cartLine?: { quantity?: number | null; merchandise?: VariantLike | null; cost?: { totalAmount?: Money | null } | null } | null;
}

export interface ProductCustomData {
  value: number;
  currency: string;
  content_ids: string[];
  contents: Array<{ id: string; quantity: number; item_price: number }>;
  content_type: "product" | "product_group";
  num_items: number;
}

export const PRODUCT_EVENTS: Array<[string, "ViewContent" | "AddToCart"]> = [
  ["product_viewed", "ViewContent"],
  ["product_added_to_cart", "AddToCart"],
];

/** A v4 uuid (crypto.randomUUID where the sandbox has it), like the theme embed's ids. */
export function storefrontEventId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const b = random(new Uint8Array(16));
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * custom_data of a viewed variant (quantity 1) or an added cart line: the unit price times
 * the quantity, in the price's (presentment) currency, with the shop's catalog-id rule.
 * Null when no price or currency is known (nothing worth a value to send).
 */
export function toProductCustomData(data: ProductEventData | undefined, rules: Rules): ProductCustomData | null {
  const variant = data?.cartLine?.merchandise ?? data?.productVariant ?? null;
  const quantity = Math.max(1, Math.min(10_000, Math.floor(Number(data?.cartLine?.quantity ?? 1)) || 1));
  const currency = (variant?.price?.currencyCode ?? "").toUpperCase();
  if (!variant || !/^[A-Z]{3}$/.test(currency) || variant.price?.amount == null) return null;
  const unitMinor = toMinor(variant.price.amount, currency);
  const id = toContentId(variant, rules);
  return {
    value: fromMinor(unitMinor * quantity, currency),
    currency,
    content_ids: id ? [id] : [],
    contents: id ? [{ id, quantity, item_price: fromMinor(unitMinor, currency) }] : [],
    content_type: rules.catalogIdRule === "product_id" ? "product_group" : "product",
    num_items: quantity,
  };
}
