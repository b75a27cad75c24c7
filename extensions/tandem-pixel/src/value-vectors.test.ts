// The web pixel's side of the value contract (app/capi/value-vectors.json): the same
// purchase must give the same value and currency as the server's mapping of its order.
import { describe, expect, it } from "vitest";
import vectors from "../../../app/capi/value-vectors.json";
import { toCustomData, type CheckoutLike } from "./custom-data";

type Money = { amount?: string; currency_code?: string };
type MoneySet = { presentment_money?: Money } | undefined;
type Line = {
  variant_id: number;
  product_id: number;
  quantity: number;
  price: string;
  price_set?: MoneySet;
  discount_allocations?: Array<{ amount: string; amount_set?: MoneySet }>;
};
type Order = {
  presentment_currency: string;
  subtotal_price: string;
  total_tax: string;
  total_price: string;
  subtotal_price_set?: MoneySet;
  total_tax_set?: MoneySet;
  total_price_set?: MoneySet;
  total_shipping_price_set?: MoneySet;
  line_items: Line[];
};

/**
 * The same checkout as Shopify's checkout_completed event shows it to a web pixel:
 * presentment money, a variant price per line, discount allocations per line, the
 * shipping line's price, subtotal, tax and total.
 */
export function pixelCheckoutOf(order: Order): CheckoutLike {
  const currencyCode = order.presentment_currency;
  const amount = (set: MoneySet, plain: string) => ({ amount: set?.presentment_money?.amount ?? plain, currencyCode });
  return {
    currencyCode,
    subtotalPrice: amount(order.subtotal_price_set, order.subtotal_price),
    totalTax: amount(order.total_tax_set, order.total_tax),
    totalPrice: amount(order.total_price_set, order.total_price),
    shippingLine: { price: amount(order.total_shipping_price_set, "0") },
    lineItems: order.line_items.map((line) => ({
      quantity: line.quantity,
      variant: {
        id: `gid://shopify/ProductVariant/${line.variant_id}`,
        price: amount(line.price_set, line.price),
        product: { id: `gid://shopify/Product/${line.product_id}` },
      },
      discountAllocations: (line.discount_allocations ?? []).map((a) => ({ amount: amount(a.amount_set, a.amount) })),
    })),
  };
}

describe("value vectors: the web pixel", () => {
  it.each(vectors.vectors.map((v) => [v.name, v] as const))("%s", (_, vector) => {
    const data = toCustomData(pixelCheckoutOf(vector.order as Order), {
      ...vector.settings,
      catalogIdRule: "variant_id",
      catalogCountry: "US",
    });
    expect({ value: data.value, currency: data.currency }).toEqual(vector.expected);
  });
});
