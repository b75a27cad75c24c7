// Builds Meta custom_data from a web-pixel checkout with the shop's value and catalog-id
// rules, the same rules the server applies to the order webhook.
import { fromMinor, toMinor } from "./money";
import { toIdDigits } from "./event-id";

export type CatalogIdRule = "variant_id" | "product_id" | "sku" | "shopify_feed";

export interface Rules {
  includeShipping: boolean;
  includeTax: boolean;
  catalogIdRule: CatalogIdRule;
  catalogCountry: string;
}

interface Money {
  amount?: number | string | null;
  currencyCode?: string | null;
}
interface Variant {
  id?: string | null;
  sku?: string | null;
  price?: Money | null;
  product?: { id?: string | null } | null;
}
export interface CheckoutLike {
  token?: string | null;
  currencyCode?: string | null;
  email?: string | null;
  phone?: string | null;
  order?: { id?: string | null; customer?: { id?: string | null } | null } | null;
  subtotalPrice?: Money | null;
  totalTax?: Money | null;
  totalPrice?: Money | null;
  shippingLine?: { price?: Money | null } | null;
  attributes?: Array<{ key: string; value: string }> | null;
  lineItems?: Array<{ quantity?: number; variant?: Variant | null; discountAllocations?: Array<{ amount?: Money | null }> | null }> | null;
}

export interface CustomData {
  value: number;
  currency: string;
  content_ids: string[];
  content_type: "product" | "product_group";
  num_items: number;
}

export function toContentId(variant: Variant | null | undefined, rules: Rules): string | null {
  const variantId = toIdDigits(variant?.id ?? null);
  const productId = toIdDigits(variant?.product?.id ?? null);
  switch (rules.catalogIdRule) {
    case "product_id":
      return productId;
    case "sku":
      // Like the server: a line without a SKU is left out rather than sent under an id no
      // catalog holds (it still counts in num_items).
      return variant?.sku?.trim().slice(0, 255) || null;
    case "shopify_feed":
      return productId && variantId ? `shopify_${rules.catalogCountry}_${productId}_${variantId}` : null;
    default:
      return variantId;
  }
}

// value = subtotal after all discounts (+ shipping, + tax when the rules say so), in the
// checkout's presentment currency. The subtotal is rebuilt from the lines (unit price x
// quantity minus each line's discount allocations) so it does not depend on whether a
// given checkout reports subtotalPrice before or after order-level discounts; without
// line prices it falls back to subtotalPrice.
export function toCustomData(checkout: CheckoutLike, rules: Rules): CustomData {
  const currency = checkout.currencyCode || checkout.subtotalPrice?.currencyCode || "USD";
  const lines = checkout.lineItems ?? [];
  let subtotal = 0;
  let numItems = 0;
  let pricedLines = true;
  const ids: string[] = [];
  for (const line of lines) {
    const quantity = line.quantity ?? 0;
    numItems += quantity;
    const price = line.variant?.price?.amount;
    if (price === undefined || price === null) pricedLines = false;
    subtotal += toMinor(price, currency) * quantity;
    for (const allocation of line.discountAllocations ?? []) subtotal -= toMinor(allocation.amount?.amount, currency);
    const id = toContentId(line.variant, rules);
    if (id && !ids.includes(id)) ids.push(id);
  }
  if (!pricedLines || lines.length === 0) subtotal = toMinor(checkout.subtotalPrice?.amount, currency);
  const shipping = toMinor(checkout.shippingLine?.price?.amount, currency);
  const tax = toMinor(checkout.totalTax?.amount, currency);
  // The pixel is not told whether prices include tax; the server is (taxes_included). A
  // total equal to subtotal + shipping means the tax is already inside the prices.
  const total = checkout.totalPrice ? toMinor(checkout.totalPrice.amount, currency) : null;
  const taxesIncluded = tax > 0 && total === subtotal + shipping;
  let value = subtotal;
  if (rules.includeShipping) value += shipping;
  if (rules.includeTax && !taxesIncluded) value += tax;
  if (!rules.includeTax && taxesIncluded) value -= tax;
  return {
    value: fromMinor(Math.max(value, 0), currency),
    currency,
    content_ids: ids,
    content_type: rules.catalogIdRule === "product_id" ? "product_group" : "product",
    num_items: numItems,
  };
}
