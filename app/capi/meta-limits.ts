// Meta's limits (from its documentation) and Tandem's event names, each stated once. Everything
// that depends on one of them imports it from here: the mappers, the validator, the
// worker's expiry and batching, replay, and the admin's wording.

const DAY_SECONDS = 86_400;

/** Meta refuses events older than this, by action_source; one stale event fails the whole request. */
export const MAX_EVENT_AGE_SECONDS = { default: 7 * DAY_SECONDS, physical_store: 62 * DAY_SECONDS } as const;

/** The longest of Meta's windows: no event older than this can ever be sent. */
export const LONGEST_EVENT_AGE_SECONDS = Math.max(...Object.values(MAX_EVENT_AGE_SECONDS));

/** Meta's window for an event's action_source (anything but point of sale has the 7-day one). */
export function maxEventAgeSeconds(actionSource: unknown): number {
  return actionSource === "physical_store" ? MAX_EVENT_AGE_SECONDS.physical_store : MAX_EVENT_AGE_SECONDS.default;
}

/** Meta accepts at most this many events in one request. */
export const MAX_EVENTS_PER_REQUEST = 1_000;

/** Meta deduplicates a browser and a server copy only when they arrive within this time of each other. */
export const DEDUP_WINDOW_SECONDS = 48 * 3_600;

/** The events Tandem sends from the server or joins with a browser copy by a shared id. */
export const CAPI_EVENT_NAMES = ["Purchase", "InitiateCheckout", "AddPaymentInfo"] as const;
/**
 * Storefront events the web pixel fires with a fresh uuid each; the server sends its copy
 * (same id) from the receipt when the merchant opts in (docs/decisions/042).
 */
export const STOREFRONT_EVENT_NAMES = ["ViewContent", "AddToCart"] as const;
export type StorefrontEventName = (typeof STOREFRONT_EVENT_NAMES)[number];
/** Opt-in custom events of an order's life after checkout (server only, never a browser copy). */
export const LIFECYCLE_EVENT_NAMES = ["OrderCancelled", "OrderRefunded", "OrderEdited"] as const;
/**
 * Opt-in subscription events (docs/decisions/038): a renewal's custom RecurringPayment and
 * Meta's standard Subscribe beside a first subscription order's Purchase (server only).
 */
export const SUBSCRIPTION_EVENT_NAMES = ["RecurringPayment", "Subscribe"] as const;
export type CapiEventName =
  | (typeof CAPI_EVENT_NAMES)[number]
  | (typeof LIFECYCLE_EVENT_NAMES)[number]
  | (typeof STOREFRONT_EVENT_NAMES)[number]
  | (typeof SUBSCRIPTION_EVENT_NAMES)[number];

/**
 * Whether a browser copy of this event can exist for Meta to deduplicate against: only the
 * events the theme embed and the web pixel fire, and only when the server copy is a website
 * event. Lifecycle and subscription events, and orders made without a shopper's browser
 * (point of sale, draft orders, apps), are sent from the server alone.
 */
export function hasBrowserCopy(eventName: string, actionSource: unknown): boolean {
  const browserNames: readonly string[] = [...CAPI_EVENT_NAMES, ...STOREFRONT_EVENT_NAMES];
  return actionSource === "website" && browserNames.includes(eventName);
}

/** The events a Shopify webhook produces (AddPaymentInfo comes only from the browser). */
export const SERVER_EVENT_NAMES = ["Purchase", "InitiateCheckout"] as const satisfies readonly CapiEventName[];
export type ServerEventName = (typeof SERVER_EVENT_NAMES)[number];
