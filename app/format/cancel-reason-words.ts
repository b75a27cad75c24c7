/**
 * Shopify's order cancel reasons in the merchant's words. Apart from the order's money
 * (models/order-money.ts) so that a page showing the reason does not ship the payload
 * schemas that module leans on to the browser.
 */
const CANCEL_WORDS: Record<string, string> = {
  customer: "the customer changed their mind",
  fraud: "fraud",
  inventory: "items unavailable",
  declined: "payment declined",
  staff: "staff error",
  other: "other",
};

export function cancelReasonWords(reason: string | null): string {
  return reason ? (CANCEL_WORDS[reason] ?? reason) : "no reason given";
}
