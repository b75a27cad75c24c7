import type { ActionSource } from "./capi-event";
import type { SkipReason } from "./map-result";
import type { ShopSettings } from "./settings";
import type { OrderPayload } from "./shopify-payloads";

// Which kind of order this is, from Shopify's own data, decided when the order arrives:
// an online-store checkout (a shopper's browser may report it), a point-of-sale sale, a
// draft order, a subscription renewal, or an order created without any checkout (by an
// app, the Admin API, an import or the Shopify mobile admin). Only the first has a
// browser: the others are never kept waiting for a web pixel report that cannot come.

export type OrderClass = "online" | "pos" | "draft" | "subscription_renewal" | "no_checkout";

/**
 * The source names of Shopify Subscriptions' renewal orders: `subscription_contract`, and
 * `subscription_contract_checkout_one` since late 2025.
 */
export const RENEWAL_SOURCES: readonly string[] = ["subscription_contract", "subscription_contract_checkout_one"];
/** Subscription apps tag renewals (Recharge: "Subscription Recurring Order"); lower case. */
export const RENEWAL_TAGS: readonly string[] = ["subscription recurring order"];

/**
 * Subscription apps tag the order that starts a subscription (Recharge: "Subscription First
 * Order"); lower case. Beside the selling plan on a line item (docs/decisions/058), the tag
 * tells a first subscription order apart.
 */
export const FIRST_SUBSCRIPTION_TAGS: readonly string[] = ["subscription first order"];

/** What the classification reads: the source, the tags, the checkout and the line items' selling plans. */
export type OrderClassFacts = Pick<OrderPayload, "source_name" | "tags" | "checkout_token"> & {
  line_items?: ReadonlyArray<{ selling_plan_id?: number | string | null }>;
};

/**
 * Whether a line item was bought on a selling plan (a subscription): order webhooks carry
 * `selling_plan_id` on line items from API version 2026-10, null for one-off items.
 */
export function hasSellingPlan(order: OrderClassFacts): boolean {
  return (order.line_items ?? []).some(
    (line) => line.selling_plan_id !== null && line.selling_plan_id !== undefined && String(line.selling_plan_id).trim() !== "",
  );
}

export function orderTags(tags: string | null | undefined): string[] {
  return (tags ?? "")
    .split(",")
    .map((tag) => tag.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * The sales channel an order came through, as Shopify names it in `source_name` ("web",
 * "pos", "shopify_draft_order", an app's numeric id...), cleaned to a short code that is
 * safe to store and show; null when Shopify gave none.
 */
export function salesChannel(sourceName: unknown): string | null {
  if (typeof sourceName !== "string" && typeof sourceName !== "number") return null;
  const code = String(sourceName)
    .trim()
    .toLowerCase()
    .replace(/[^\w.-]/g, "")
    .slice(0, 40);
  return code || null;
}

export function classifyOrder(order: OrderClassFacts): OrderClass {
  const source = (order.source_name ?? "").trim();
  if (source === "pos") return "pos";
  if (source === "shopify_draft_order") return "draft";
  if (RENEWAL_SOURCES.includes(source) || orderTags(order.tags).some((tag) => RENEWAL_TAGS.includes(tag))) return "subscription_renewal";
  // Every checkout (online store, headless storefronts, Shop) leaves its token on the order.
  if (!order.checkout_token && source !== "web") {
    // A subscription item on an order no checkout made: a subscription contract's billing
    // made it (an app's renewal under its own source name), so a renewal.
    return hasSellingPlan(order) ? "subscription_renewal" : "no_checkout";
  }
  return "online";
}

/**
 * An online order that starts a subscription (a checkout, so a Purchase as usual): a line
 * item bought on a selling plan (Shopify Subscriptions and every app on Shopify's checkout),
 * or a subscription app's first-order tag.
 */
export function isFirstSubscriptionOrder(order: OrderClassFacts): boolean {
  if (classifyOrder(order) !== "online") return false;
  return hasSellingPlan(order) || orderTags(order.tags).some((tag) => FIRST_SUBSCRIPTION_TAGS.includes(tag));
}

export type SourceDecision =
  | { send: true; actionSource: ActionSource }
  | {
      send: false;
      reason: Extract<SkipReason, "pos_order" | "draft_order" | "subscription_renewal" | "no_checkout_order">;
      message: string;
    };

/**
 * Whether the shop sends this kind of order, and as what. Decided when the order arrives,
 * from Shopify's data alone: only online-store orders are `website` events that may wait
 * for the shopper's browser; every other kind is sent (when the merchant opted in) as
 * `physical_store` or `system_generated`, or skipped at once with the reason in words.
 */
export function sourceDecision(order: OrderClassFacts, filters: ShopSettings["filters"]): SourceDecision {
  const kind = classifyOrder(order);
  switch (kind) {
    case "online":
      return { send: true, actionSource: "website" };
    case "pos":
      return filters.includePosOrders
        ? { send: true, actionSource: "physical_store" }
        : { send: false, reason: "pos_order", message: "Point-of-sale order: the shop does not send in-store orders." };
    case "draft":
      return filters.includeDraftOrders
        ? { send: true, actionSource: "system_generated" }
        : { send: false, reason: "draft_order", message: "Draft order: the shop does not send orders created in the admin." };
    case "subscription_renewal":
      return filters.includeRenewalOrders
        ? { send: true, actionSource: "system_generated" }
        : {
            send: false,
            reason: "subscription_renewal",
            message: "Subscription renewal: the subscription made it, not a shopper in a browser, and the shop does not send renewals.",
          };
    case "no_checkout": {
      const source = (order.source_name ?? "").replace(/[^\w.-]/g, "").slice(0, 40) || "none";
      return filters.includeNoCheckoutOrders
        ? { send: true, actionSource: "system_generated" }
        : {
            send: false,
            reason: "no_checkout_order",
            message: `Created without a checkout (source "${source}": an app, the Admin API, an import or the mobile admin): no browser will report it, and the shop does not send such orders.`,
          };
    }
  }
}
