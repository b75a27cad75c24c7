import type { ContentItem, CustomData } from "./capi-event";
import { minorUnitsToNumber } from "./money";
import { linePriceMinor, type Priced, type PricedPayload } from "./order-value";
import type { ShopSettings } from "./settings";
import type { ShopifyLineItem } from "./shopify-payloads";

// content_ids / contents by the shop's catalog-id rule. The ids must equal the ids in
// the merchant's Meta catalog, or dynamic ads cannot match the purchase to a product.

function idText(id: string | number | null | undefined): string | null {
  if (typeof id === "number") return Number.isSafeInteger(id) && id > 0 ? String(id) : null;
  if (typeof id !== "string") return null;
  const digits = /^(?:gid:\/\/shopify\/\w+\/)?(\d+)$/.exec(id.trim())?.[1];
  return digits ?? null;
}

export function catalogId(line: ShopifyLineItem, catalog: ShopSettings["catalog"]): string | null {
  switch (catalog.idRule) {
    case "variant_id":
      return idText(line.variant_id);
    case "product_id":
      return idText(line.product_id);
    case "sku": {
      const sku = line.sku?.trim();
      return sku ? sku.slice(0, 255) : null;
    }
    case "shopify_feed": {
      const product = idText(line.product_id);
      const variant = idText(line.variant_id);
      return product && variant ? `shopify_${catalog.feedCountry}_${product}_${variant}` : null;
    }
  }
}

export function validQuantity(quantity: unknown): number {
  return typeof quantity === "number" && Number.isSafeInteger(quantity) && quantity > 0 ? quantity : 0;
}

/**
 * Lines without the id the rule needs (custom items, a variant without SKU) are left out
 * of contents rather than sent under an id no catalog holds; they still count in
 * num_items, which is the number of things bought.
 */
export function buildContents(
  lines: ShopifyLineItem[],
  priced: PricedPayload,
  pricing: Priced,
  catalog: ShopSettings["catalog"],
): Pick<CustomData, "content_ids" | "contents" | "content_type" | "num_items"> {
  const contents: ContentItem[] = [];
  let numItems = 0;
  lines.forEach((line, index) => {
    const quantity = validQuantity(line.quantity);
    if (quantity === 0) return;
    numItems += quantity;
    const id = catalogId(line, catalog);
    if (!id) return;
    const price = linePriceMinor(priced, pricing, priced.lines[index]);
    const item: ContentItem = { id, quantity };
    if (price !== null && price >= 0n) item.item_price = minorUnitsToNumber(price, pricing.currency);
    contents.push(item);
  });
  const result: ReturnType<typeof buildContents> = {};
  if (contents.length > 0) {
    result.content_type = catalog.idRule === "product_id" ? "product_group" : "product";
    result.content_ids = [...new Set(contents.map((item) => item.id))];
    result.contents = contents;
  }
  if (numItems > 0) result.num_items = numItems;
  return result;
}
