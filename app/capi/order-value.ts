import { isCurrencyCode, toMinorUnits } from "./money";
import type { ShopSettings } from "./settings";

// The shop's value rule: subtotal after discounts, optionally + shipping, + tax, in the
// buyer's (presentment) or the shop's currency. All arithmetic in integer minor units.

type Money = { amount?: string | number | null; currency_code?: string | null } | null | undefined;
export type MoneySet = { shop_money?: Money; presentment_money?: Money } | null | undefined;
type Amount = string | number | null | undefined;

export type Side = "presentment" | "shop";

/** Where amounts live in a payload, and in which currency its plain (non-set) fields are. */
export type PricedPayload = {
  shopCurrency: string | null;
  presentmentCurrency: string | null;
  /** Orders: plain fields are shop money. Checkouts: presentment money. */
  plainSide: Side;
  subtotal: { plain: Amount; set: MoneySet };
  tax: { plain: Amount; set: MoneySet };
  discounts: { plain: Amount; set: MoneySet };
  shipping: { plain: Amount; set: MoneySet };
  /** Tax lines of the shipping lines: lets the value rule tell item tax from shipping tax. */
  shippingTaxes: Array<{ plain: Amount; set: MoneySet }>;
  taxesIncluded: boolean;
  lines: Array<{ price: Amount; priceSet: MoneySet; quantity: number }>;
};

export type Priced = { side: Side; currency: string };

/** The currency a side is in, when known and valid. */
function currencyOf(payload: PricedPayload, side: Side): string | null {
  const code =
    (side === "shop" ? payload.shopCurrency : payload.presentmentCurrency) ??
    payload.subtotal.set?.[side === "shop" ? "shop_money" : "presentment_money"]?.currency_code;
  const upper = code?.trim().toUpperCase();
  return isCurrencyCode(upper) ? upper : null;
}

/**
 * Chooses the side to price in: the requested one when its currency is known, else the
 * other. A checkout priced only in presentment money stays there rather than being
 * converted with a rate we do not have.
 */
export function choosePricing(payload: PricedPayload, wanted: Side): Priced | null {
  for (const side of [wanted, wanted === "shop" ? "presentment" : "shop"] as Side[]) {
    const currency = currencyOf(payload, side);
    if (currency && amountOn(payload, side, payload.subtotal) !== undefined) return { side, currency };
  }
  for (const side of [wanted, wanted === "shop" ? "presentment" : "shop"] as Side[]) {
    const currency = currencyOf(payload, side);
    if (currency) return { side, currency };
  }
  return null;
}

/** The raw amount on a side: its *_set money, or the plain field when that is the same side. */
function amountOn(payload: PricedPayload, side: Side, field: { plain: Amount; set: MoneySet }): Amount {
  const fromSet = field.set?.[side === "shop" ? "shop_money" : "presentment_money"]?.amount;
  if (fromSet != null) return fromSet;
  const sameCurrency = payload.shopCurrency != null && payload.shopCurrency === payload.presentmentCurrency;
  return side === payload.plainSide || sameCurrency ? (field.plain ?? undefined) : undefined;
}

export function minorOn(payload: PricedPayload, pricing: Priced, field: { plain: Amount; set: MoneySet }): bigint | null {
  return toMinorUnits(amountOn(payload, pricing.side, field), pricing.currency);
}

export function linePriceMinor(payload: PricedPayload, pricing: Priced, line: PricedPayload["lines"][number]): bigint | null {
  return minorOn(payload, pricing, { plain: line.price, set: line.priceSet });
}

/** The value in minor units, never negative. */
export function computeValueMinor(payload: PricedPayload, pricing: Priced, rule: ShopSettings["value"]): bigint {
  let subtotal = minorOn(payload, pricing, payload.subtotal);
  if (subtotal === null) {
    // No subtotal field: rebuild it from the lines minus order-level discounts.
    subtotal =
      payload.lines.reduce((sum, line) => {
        const price = linePriceMinor(payload, pricing, line);
        return price === null ? sum : sum + price * BigInt(line.quantity);
      }, 0n) - (minorOn(payload, pricing, payload.discounts) ?? 0n);
  }
  const totalTax = minorOn(payload, pricing, payload.tax) ?? 0n;
  const shippingTax = payload.shippingTaxes.reduce((sum, line) => sum + (minorOn(payload, pricing, line) ?? 0n), 0n);
  // Without shipping tax lines all tax is treated as item tax (close, and never negative).
  const itemTax = totalTax >= shippingTax ? totalTax - shippingTax : totalTax;
  const countedTax = itemTax + (rule.includeShipping ? shippingTax : 0n);
  let value = subtotal;
  if (rule.includeShipping) value += minorOn(payload, pricing, payload.shipping) ?? 0n;
  // Tax-inclusive prices (EU, UK) already hold the tax: remove it unless it is wanted.
  // Tax-exclusive prices (US) get the tax of what is counted added when it is wanted.
  if (rule.includeTax && !payload.taxesIncluded) value += countedTax;
  if (!rule.includeTax && payload.taxesIncluded) value -= countedTax;
  return value > 0n ? value : 0n;
}
