// Two values of one order: Shopify's total (what the buyer paid, shipping and taxes
// included) and the value sent to Meta (the shop's value rule, app/capi/order-value.ts).
// When they differ the event page says why in one line, when the reason is known.

type Money = { amount: number; currency: string };
type ValueRule = { includeShipping: boolean; includeTax: boolean };

export const ORDER_TOTAL_LABEL = "Order total in Shopify";
export const SENT_VALUE_LABEL = "Value sent to Meta";

/** Why the value sent to Meta is not Shopify's order total, or null when they agree or the reason is not known. */
export function valueDifferenceWords(sent: Money | null, total: Money | null, rule: ValueRule, edited: boolean): string | null {
  if (!sent || !total) return null;
  if (sent.currency !== total.currency)
    return `Meta receives the value in the buyer's currency (${sent.currency}); Shopify's order total is in the shop's currency (${total.currency}).`;
  if (Math.abs(sent.amount - total.amount) < 0.005) return null;
  const reasons: string[] = [];
  const leftOut = [rule.includeShipping ? null : "shipping", rule.includeTax ? null : "taxes"].filter(Boolean);
  if (sent.amount < total.amount && leftOut.length > 0)
    reasons.push(
      `${leftOut.join(" and ")} ${leftOut.length === 1 ? "is" : "are"} not part of the value Meta receives (Settings, Value and catalog)`,
    );
  if (edited) reasons.push("the order was edited after checkout, and Shopify's total follows the edits");
  if (reasons.length === 0) return null;
  const sentence = reasons.join("; ");
  return `${sentence[0].toUpperCase()}${sentence.slice(1)}.`;
}
