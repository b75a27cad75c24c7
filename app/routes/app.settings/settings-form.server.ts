import { FINANCIAL_STATUSES, MATCH_KEYS, shopSettingsSchema, type ShopSettingsInput } from "../../capi";
import { invalidAlertEmails } from "../../shopify/shop-profile.server";

// Form data -> the inputs of saveShopSettings and saveAlertEmails. Parsing stays lenient
// (a value that is not what we expect is passed on as it is) so the domain's schema is
// the one judge and its merchant-readable message is the one shown. Pixels are managed
// by their own forms (destination-form.server.ts), not by this one.

export type FieldErrors = Record<string, string>;

export type ParsedSettingsForm = { ok: true; settings: ShopSettingsInput; alertEmails: string | null } | { ok: false; errors: FieldErrors };

export function parseSettingsForm(form: FormData): ParsedSettingsForm {
  const settings = toSettingsInput(form);
  const errors: FieldErrors = {};
  const parsedSettings = shopSettingsSchema.safeParse(settings);
  if (!parsedSettings.success) {
    for (const issue of parsedSettings.error.issues) errors[fieldKey(issue.path)] ??= issue.message;
  }
  // Absent (an older page) means "leave them as they are".
  const alertEmails = text(form, "alerts.emails") ?? null;
  const invalid = alertEmails === null ? [] : invalidAlertEmails(alertEmails);
  if (invalid.length > 0) {
    errors["alerts.emails"] =
      `${invalid.length === 1 ? "This is not an email address" : "These are not email addresses"}: ${invalid.slice(0, 3).join(", ")}. Separate several addresses with commas.`;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, settings, alertEmails };
}

function toSettingsInput(form: FormData): ShopSettingsInput {
  return {
    events: {
      purchase: bool(form, "events.purchase"),
      initiateCheckout: bool(form, "events.initiateCheckout"),
      addPaymentInfo: bool(form, "events.addPaymentInfo"),
      orderCancelled: bool(form, "events.orderCancelled"),
      orderRefunded: bool(form, "events.orderRefunded"),
      orderEdited: (text(form, "events.orderEdited") ?? undefined) as never,
      recurringPayment: bool(form, "events.recurringPayment"),
      subscribe: bool(form, "events.subscribe"),
      subscribePredictedLtv: number(form, "events.subscribePredictedLtv"),
    },
    value: {
      includeShipping: bool(form, "value.includeShipping"),
      includeTax: bool(form, "value.includeTax"),
      currency: text(form, "value.currency") as never,
    },
    catalog: { idRule: text(form, "catalog.idRule") as never, feedCountry: text(form, "catalog.feedCountry") },
    matchKeys: Object.fromEntries(MATCH_KEYS.map((key) => [key, bool(form, `matchKeys.${key}`)])),
    purchasePaymentStates: states(form),
    filters: {
      testOrders: text(form, "filters.testOrders") as never,
      includePosOrders: bool(form, "filters.includePosOrders"),
      includeDraftOrders: bool(form, "filters.includeDraftOrders"),
      includeRenewalOrders: bool(form, "filters.includeRenewalOrders"),
      includeNoCheckoutOrders: bool(form, "filters.includeNoCheckoutOrders"),
      excludedTags: list(form, "filters.excludedTags", /,/),
      skipZeroValue: bool(form, "filters.skipZeroValue"),
    },
    consent: {
      mode: text(form, "consent.mode") as never,
      optInRegions: list(form, "consent.optInRegions", /[\s,]+/),
      graceMinutes: number(form, "consent.graceMinutes"),
    },
    serverCopies: {
      addToCart: text(form, "serverCopies.addToCart") as never,
      viewContent: text(form, "serverCopies.viewContent") as never,
    },
    alerts: { accuracyBelowPercent: number(form, "alerts.accuracyBelowPercent") },
  } as ShopSettingsInput;
}

/** "consent.optInRegions.3" -> "consent.optInRegions": messages sit next to the whole field. */
function fieldKey(path: PropertyKey[]): string {
  return (
    path
      .filter((part) => typeof part === "string")
      .slice(0, 2)
      .join(".") || "form"
  );
}

/** The page always sends an empty entry too, so "none chosen" is refused rather than defaulted. */
function states(form: FormData): (typeof FINANCIAL_STATUSES)[number][] | undefined {
  const values = form.getAll("purchasePaymentStates").map(String);
  if (values.length === 0) return undefined;
  return values.filter((state) => state !== "") as (typeof FINANCIAL_STATUSES)[number][];
}

export function text(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
}

/** "true"/"false" become booleans; anything else goes to the schema, which says "Choose on or off." */
function bool(form: FormData, name: string): boolean | string | undefined {
  const value = text(form, name);
  if (value === undefined) return undefined;
  return value === "true" ? true : value === "false" ? false : value;
}

function number(form: FormData, name: string): number | string | undefined {
  const value = text(form, name)?.trim();
  if (value === undefined || value === "") return undefined;
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

function list(form: FormData, name: string, separator: RegExp): string[] | undefined {
  const value = text(form, name);
  if (value === undefined) return undefined;
  return value
    .split(separator)
    .map((item) => item.trim())
    .filter(Boolean);
}
