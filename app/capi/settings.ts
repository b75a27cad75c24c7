import { z } from "zod";

// A shop's settings. Every field has a default so `shopSettingsSchema.parse({})` is a
// working configuration and a row saved by an older version still parses. Messages are
// written for the merchant who will read them in the settings form.

export const MATCH_KEYS = [
  "em",
  "ph",
  "fn",
  "ln",
  "ct",
  "st",
  "zp",
  "country",
  "external_id",
  "client_ip_address",
  "client_user_agent",
  "fbp",
  "fbc",
] as const;
export type MatchKey = (typeof MATCH_KEYS)[number];

export const FINANCIAL_STATUSES = ["pending", "authorized", "partially_paid", "paid", "partially_refunded", "refunded", "voided"] as const;
export type FinancialStatus = (typeof FINANCIAL_STATUSES)[number];

/** A pending payment may never arrive and a voided one never will: not a purchase. */
const NEVER_QUALIFYING: readonly FinancialStatus[] = ["pending", "voided"];

// EU member states + the other EEA countries (IS, LI, NO) + GB + CH.
export const DEFAULT_OPT_IN_REGIONS: readonly string[] = [
  "AT",
  "BE",
  "BG",
  "HR",
  "CY",
  "CZ",
  "DK",
  "EE",
  "FI",
  "FR",
  "DE",
  "GR",
  "HU",
  "IE",
  "IT",
  "LV",
  "LT",
  "LU",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SK",
  "SI",
  "ES",
  "SE",
  "IS",
  "LI",
  "NO",
  "GB",
  "CH",
];

export const MAX_GRACE_MINUTES = 60;

const toggle = (fallback: boolean) => z.boolean({ error: "Choose on or off." }).default(fallback);

const countryCode = z
  .string({ error: "Use a two-letter country code such as US or DE." })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, { error: "Use a two-letter country code such as US or DE." });

const MAX_PREDICTED_LTV = 1_000_000;
const predictedLtv = z
  .number({ error: "Enter the predicted lifetime value as an amount, such as 120 or 89.90." })
  .positive({ error: "The predicted lifetime value must be more than zero." })
  .max(MAX_PREDICTED_LTV, { error: "Enter a predicted lifetime value below 1,000,000." })
  .refine((amount) => Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6, { error: "Use at most two decimals, such as 89.90." });

const eventsSchema = z
  .object({
    purchase: toggle(true),
    initiateCheckout: toggle(true),
    addPaymentInfo: toggle(true),
    // Opt-in custom events for audiences (positive value, the order's id): docs/decisions/035.
    orderCancelled: toggle(false),
    orderRefunded: toggle(false),
    // Value added after checkout (docs/decisions/037): a custom OrderEdited event, a Purchase
    // with the edit's own id (never the order's), or nothing.
    orderEdited: z
      .enum(["custom", "purchase", "off"], {
        error: "Choose how value added by an order edit reaches Meta: a custom event, a Purchase of its own, or not at all.",
      })
      .default("custom"),
    // Subscriptions (docs/decisions/038): a renewal as a custom RecurringPayment event (takes
    // the place of "send renewals as Purchase"), and Meta's Subscribe beside a first
    // subscription order's Purchase with the merchant's predicted lifetime value.
    recurringPayment: toggle(false),
    subscribe: toggle(false),
    subscribePredictedLtv: predictedLtv.nullable().default(null),
  })
  .superRefine((events, ctx) => {
    if (events.subscribe && events.subscribePredictedLtv === null)
      ctx.addIssue({
        code: "custom",
        path: ["subscribePredictedLtv"],
        message: "Enter what a new subscriber is worth to you over their lifetime, in your shop's currency, to send Subscribe events.",
      });
  });

const valueRuleSchema = z.object({
  includeShipping: toggle(false),
  includeTax: toggle(false),
  currency: z
    .enum(["presentment", "shop"], {
      error: "Choose whether values use the buyer's currency (presentment) or the shop's currency.",
    })
    .default("presentment"),
});

const catalogSchema = z.object({
  idRule: z
    .enum(["variant_id", "product_id", "sku", "shopify_feed"], {
      error: "Choose how products are identified: variant ID, product ID, SKU or the Shopify feed format.",
    })
    .default("variant_id"),
  feedCountry: countryCode.default("US"),
});

const matchKeysSchema = z.object(
  Object.fromEntries(MATCH_KEYS.map((key) => [key, toggle(true)])) as Record<MatchKey, ReturnType<typeof toggle>>,
);

const purchasePaymentStatesSchema = z
  .array(z.enum(FINANCIAL_STATUSES, { error: `Payment states are ${FINANCIAL_STATUSES.join(", ")}.` }))
  .min(1, { error: "Choose at least one payment state that counts as a purchase." })
  .refine((states) => !states.some((state) => NEVER_QUALIFYING.includes(state)), {
    error: "Pending and voided payments can never count as a purchase: the money may never arrive.",
  })
  .transform((states) => [...new Set(states)])
  .default((): FinancialStatus[] => ["paid", "partially_paid", "authorized"]);

const filtersSchema = z.object({
  testOrders: z
    .enum(["send_with_test_code", "skip"], {
      error: "Choose whether test orders go to Meta's Test Events tool or are skipped.",
    })
    .default("send_with_test_code"),
  includePosOrders: toggle(false),
  includeDraftOrders: toggle(false),
  // Renewals and orders made without a checkout have no browser: sent as system_generated when on.
  includeRenewalOrders: toggle(false),
  includeNoCheckoutOrders: toggle(false),
  excludedTags: z
    .array(
      z
        .string({ error: "Tags are text." })
        .trim()
        .min(1, { error: "A tag cannot be empty." })
        .max(255, { error: "A Shopify tag is at most 255 characters." }),
    )
    .max(100, { error: "Exclude at most 100 tags." })
    .default(() => []),
  skipZeroValue: toggle(true),
});

const consentSchema = z.object({
  mode: z.enum(["strict", "regional", "off"], { error: "Choose strict, regional or off." }).default("regional"),
  optInRegions: z
    .array(countryCode)
    .transform((codes) => [...new Set(codes)])
    .default(() => [...DEFAULT_OPT_IN_REGIONS]),
  graceMinutes: z
    .number({ error: "Enter a number of minutes." })
    .int({ error: "Enter whole minutes." })
    .min(0, { error: "The waiting time cannot be negative." })
    .max(MAX_GRACE_MINUTES, {
      error: `Wait at most ${MAX_GRACE_MINUTES} minutes: Meta wants events within the hour.`,
    })
    .default(10),
});

// Server copies of the storefront events the web pixel fires (docs/decisions/042). No
// default either way: the merchant decides at set-up, because the copies raise Meta's event
// coverage and matching but send one server request per product view or add to cart.
export const SERVER_COPY_CHOICES = ["undecided", "on", "off"] as const;
const serverCopy = z.enum(SERVER_COPY_CHOICES, { error: "Choose on or off." }).default("undecided");
const serverCopiesSchema = z.object({ addToCart: serverCopy, viewContent: serverCopy });
// The accuracy alert (docs/decisions/075): mail when a pixel's share of orders accepted by
// Meta falls below this percentage over the last 24 hours; 0 switches it off.
const alertsSchema = z.object({
  accuracyBelowPercent: z
    .number({ error: "Enter a percentage from 0 to 100 (0 switches the accuracy alert off)." })
    .int({ error: "Enter a whole percentage, such as 90." })
    .min(0, { error: "Enter a percentage from 0 to 100 (0 switches the accuracy alert off)." })
    .max(100, { error: "Enter a percentage from 0 to 100 (0 switches the accuracy alert off)." })
    .default(90),
});

// Array defaults are functions so no two parses share (and mutate) one array.
// prefault (not default) so an absent section is parsed and gets its fields' defaults.
export const shopSettingsSchema = z.object({
  events: eventsSchema.prefault({}),
  value: valueRuleSchema.prefault({}),
  catalog: catalogSchema.prefault({}),
  matchKeys: matchKeysSchema.prefault({}),
  purchasePaymentStates: purchasePaymentStatesSchema,
  filters: filtersSchema.prefault({}),
  consent: consentSchema.prefault({}),
  serverCopies: serverCopiesSchema.prefault({}),
  alerts: alertsSchema.prefault({}),
});

export type ShopSettings = z.infer<typeof shopSettingsSchema>;
export type ShopSettingsInput = z.input<typeof shopSettingsSchema>;

export const DEFAULT_SHOP_SETTINGS: ShopSettings = shopSettingsSchema.parse({});
