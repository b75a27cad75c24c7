// An order's class (docs/decisions/036, 038, 058) in the merchant's words, for the order
// detail, the CSV export and `tandem orders list`: where the order came from and why it
// was (or was not) sent the way it was.

const CLASS_WORDS: Record<string, string> = {
  online: "Online store order",
  subscription_first: "First subscription order",
  subscription_renewal: "Subscription renewal",
  pos: "Point-of-sale order",
  draft: "Draft order invoice",
  no_checkout: "No checkout (created by an app, the Admin API, an import or the mobile admin)",
};

/** The class in words; "Checkout" for a checkout row, "Not classified" for orders received before classes were kept. */
export function orderClassWords(orderClass: string | null, kind: "order" | "checkout" = "order"): string {
  if (kind === "checkout") return "Checkout";
  return (orderClass && CLASS_WORDS[orderClass]) || "Not classified";
}

const EVENT_WORDS: Record<string, string> = {
  Purchase: "Purchase",
  Subscribe: "Subscribe (start of a subscription, with its predicted lifetime value)",
  RecurringPayment: "Subscription renewal (RecurringPayment, in place of a Purchase)",
  OrderEdited: "Value added after checkout (its own event, never a second Purchase)",
  OrderCancelled: "Cancellation (custom event, positive value, for audiences)",
  OrderRefunded: "Refund (custom event, positive value, for audiences)",
};

/** What one of an order's events is, in words; the event's name when it has no wording here. */
export function orderEventWords(eventName: string, eventId: string): string {
  // An edit may go as a Purchase with the edit's own id (the merchant's choice): its id says what it is.
  if (eventId.startsWith("edit_") && eventName !== "OrderEdited") return `${eventName} with the edit's own id: value added after checkout`;
  return EVENT_WORDS[eventName] ?? eventName;
}
