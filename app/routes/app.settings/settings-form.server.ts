import { FINANCIAL_STATUSES, MATCH_KEYS, shopSettingsSchema, type ShopSettingsInput } from "../../capi";
import { destinationInputSchema, type DestinationInput } from "../../models/destinations.server";

// Form data -> the inputs of saveShopSettings and configureDestination. Parsing stays
// lenient (a value that is not what we expect is passed on as it is) so the domain's
// schema is the one judge and its merchant-readable message is the one shown.

export type FieldErrors = Record<string, string>;

export type DestinationChange =
  /** No pixel entered and none stored: nothing to do. */
  | { kind: "none" }
  /** Same pixel, no new token, same test code: nothing to do. */
  | { kind: "unchanged" }
  | { kind: "save"; input: DestinationInput };

export type ParsedSettingsForm =
  | { ok: true; settings: ShopSettingsInput; destination: DestinationChange }
  | { ok: false; errors: FieldErrors };

export type StoredDestination = { pixelId: string; testEventCode: string | null; accessToken: () => string } | null;

export function parseSettingsForm(form: FormData, stored: StoredDestination): ParsedSettingsForm {
  const settings = toSettingsInput(form);
  const errors: FieldErrors = {};
  const parsedSettings = shopSettingsSchema.safeParse(settings);
  if (!parsedSettings.success) {
    for (const issue of parsedSettings.error.issues) errors[fieldKey(issue.path)] ??= issue.message;
  }
  const destination = toDestinationChange(form, stored, errors);
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, settings, destination };
}

function toSettingsInput(form: FormData): ShopSettingsInput {
  return {
    events: { purchase: bool(form, "events.purchase"), initiateCheckout: bool(form, "events.initiateCheckout"), addPaymentInfo: bool(form, "events.addPaymentInfo") },
    value: { includeShipping: bool(form, "value.includeShipping"), includeTax: bool(form, "value.includeTax"), currency: text(form, "value.currency") as never },
    catalog: { idRule: text(form, "catalog.idRule") as never, feedCountry: text(form, "catalog.feedCountry") },
    matchKeys: Object.fromEntries(MATCH_KEYS.map((key) => [key, bool(form, `matchKeys.${key}`)])),
    purchasePaymentStates: states(form),
    filters: {
      testOrders: text(form, "filters.testOrders") as never,
      includePosOrders: bool(form, "filters.includePosOrders"),
      includeDraftOrders: bool(form, "filters.includeDraftOrders"),
      excludedTags: list(form, "filters.excludedTags", /,/),
      skipZeroValue: bool(form, "filters.skipZeroValue"),
    },
    consent: {
      mode: text(form, "consent.mode") as never,
      optInRegions: list(form, "consent.optInRegions", /[\s,]+/),
      graceMinutes: number(form, "consent.graceMinutes"),
    },
  } as ShopSettingsInput;
}

/**
 * The access token is write-only: the page never receives it, so an empty field means
 * "keep the stored one". A new pixel id needs a token of its own.
 */
function toDestinationChange(form: FormData, stored: StoredDestination, errors: FieldErrors): DestinationChange {
  const pixelId = text(form, "destination.pixelId")?.trim() ?? "";
  const token = text(form, "destination.accessToken")?.trim() ?? "";
  const testEventCode = text(form, "destination.testEventCode")?.trim() || null;
  if (!pixelId && !token && !stored) return { kind: "none" };
  const samePixel = stored !== null && stored.pixelId === pixelId;
  if (samePixel && !token && (stored.testEventCode ?? null) === testEventCode) return { kind: "unchanged" };
  if (!token && !samePixel) {
    if (!pixelId) errors["destination.pixelId"] = "Enter the Meta pixel (dataset) ID.";
    errors["destination.accessToken"] = "Enter a Conversions API access token for this pixel.";
    return { kind: "none" };
  }
  const input = { pixelId, accessToken: token || stored!.accessToken(), testEventCode };
  const parsed = destinationInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[`destination.${String(issue.path[0] ?? "pixelId")}`] ??= issue.message;
    return { kind: "none" };
  }
  return { kind: "save", input };
}

/** "consent.optInRegions.3" -> "consent.optInRegions": messages sit next to the whole field. */
function fieldKey(path: PropertyKey[]): string {
  return path.filter((part) => typeof part === "string").slice(0, 2).join(".") || "form";
}

/** The page always sends an empty entry too, so "none chosen" is refused rather than defaulted. */
function states(form: FormData): (typeof FINANCIAL_STATUSES)[number][] | undefined {
  const values = form.getAll("purchasePaymentStates").map(String);
  if (values.length === 0) return undefined;
  return values.filter((state) => state !== "") as (typeof FINANCIAL_STATUSES)[number][];
}

function text(form: FormData, name: string): string | undefined {
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
  return value.split(separator).map((item) => item.trim()).filter(Boolean);
}
