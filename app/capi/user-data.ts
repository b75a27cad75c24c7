import type { UserData } from "./capi-event";
import { addNote, checkFbc, checkFbp, checkIp, checkUserAgent, type KeyNote, type ValueSource } from "./browser-values";
import { hashMatchKey } from "./hash";
import {
  normalizeCity,
  normalizeCountry,
  normalizeEmail,
  normalizeExternalId,
  normalizeName,
  normalizePhone,
  normalizeState,
  normalizeZip,
} from "./normalize";
import type { MatchKey } from "./settings";
import type { ShopifyAddress } from "./shopify-payloads";

/** The buyer-identifying parts shared by order and checkout payloads. */
export type BuyerFields = {
  email?: string | null;
  contact_email?: string | null;
  phone?: string | null;
  browser_ip?: string | null;
  client_details?: { browser_ip?: string | null; user_agent?: string | null } | null;
  customer?: {
    id?: string | number | null;
    email?: string | null;
    phone?: string | null;
    first_name?: string | null;
    last_name?: string | null;
    default_address?: ShopifyAddress | null;
  } | null;
  billing_address?: ShopifyAddress | null;
  shipping_address?: ShopifyAddress | null;
};

export type BrowserIds = { fbp: string | null; fbc: string | null };

/**
 * The buyer's own address: billing, else shipping, else the customer's default. Only one,
 * because a shipping address that differs from billing is often a gift recipient, who
 * bought nothing and whose data has no business reaching Meta.
 */
export function buyerAddress(buyer: BuyerFields): ShopifyAddress | null {
  return buyer.billing_address ?? buyer.shipping_address ?? buyer.customer?.default_address ?? null;
}

function hashAll(values: Array<string | null | undefined>, normalize: (v: string) => string[]) {
  // The same text often comes two or three times (the order's, the customer's and the
  // address's phone; the email and contact_email): it is normalized and hashed once.
  // libphonenumber's parse was 7% of a webhook's CPU in the profile (docs/benchmarks.md).
  const hashes = new Set<string>();
  const seen = new Set<string>();
  for (const value of values) {
    if (value == null || seen.has(value)) continue;
    seen.add(value);
    for (const hash of hashMatchKey(value, normalize)) hashes.add(hash);
  }
  return hashes.size > 0 ? [...hashes] : undefined;
}

function customerIdText(id: string | number | null | undefined): string | null {
  if (typeof id === "number") return Number.isSafeInteger(id) && id > 0 ? String(id) : null;
  if (typeof id !== "string") return null;
  const digits = id.trim().replace(/^gid:\/\/shopify\/Customer\//, "");
  return /^\d+$/.test(digits) ? digits : null;
}

/** Where the browser's values came from and when the event is built (cookie creation times are checked against it). */
export type BrowserContext = { from: ValueSource; cookiesFrom: ValueSource; now: Date };

/** Builds hashed user_data; keys switched off by the merchant are never computed. */
export function buildUserData(
  buyer: BuyerFields,
  browser: BrowserIds,
  keys: Record<MatchKey, boolean>,
  context: BrowserContext = { from: "order", cookiesFrom: "cart", now: new Date() },
): UserData {
  return buildUserDataNoted(buyer, browser, keys, context).userData;
}

/**
 * user_data and the notes of the browser values left out of it (malformed, too long, a
 * private address...): each is dropped alone, the event still goes out (browser-values.ts).
 */
export function buildUserDataNoted(
  buyer: BuyerFields,
  browser: BrowserIds,
  keys: Record<MatchKey, boolean>,
  context: BrowserContext,
): { userData: UserData; notes: KeyNote[] } {
  let notes: KeyNote[] = [];
  const nowMs = context.now.getTime();
  const checked = (key: KeyNote["key"], from: ValueSource, result: ReturnType<typeof checkIp>): string | undefined => {
    if (result.ok) return result.value;
    notes = addNote(notes, { key, from, reason: result.reason });
    return undefined;
  };
  const present = (value: string | null | undefined): value is string => value != null && value.trim() !== "";
  // The order's own address, then the one in client_details: the first public one counts.
  const clientIp = (): string | undefined => {
    for (const value of [buyer.browser_ip, buyer.client_details?.browser_ip].filter(present)) {
      const ip = checked("client_ip_address", context.from, checkIp(value));
      if (ip) return ip;
    }
    return undefined;
  };
  const cookie = (key: "fbp" | "fbc", value: string | null, check: typeof checkFbp) =>
    present(value) ? checked(key, context.cookiesFrom, check(value, nowMs)) : undefined;
  const address = buyerAddress(buyer);
  const country = address?.country_code ?? null;
  const customer = buyer.customer ?? null;
  const names = [customer, address];
  // In Meta's key order; a key the merchant switched off is never computed.
  const candidate: { [K in MatchKey]: () => UserData[K] } = {
    em: () => hashAll([buyer.email, buyer.contact_email, customer?.email], normalizeEmail),
    ph: () => hashAll([buyer.phone, customer?.phone, address?.phone], (v) => normalizePhone(v, country)),
    fn: () =>
      hashAll(
        names.map((n) => n?.first_name),
        normalizeName,
      ),
    ln: () =>
      hashAll(
        names.map((n) => n?.last_name),
        normalizeName,
      ),
    ct: () => hashAll([address?.city], normalizeCity),
    st: () => hashAll([address?.province_code], normalizeState),
    zp: () => hashAll([address?.zip], (v) => normalizeZip(v, country)),
    country: () => hashAll([country], normalizeCountry),
    external_id: () => hashAll([customerIdText(customer?.id)], normalizeExternalId),
    client_ip_address: clientIp,
    client_user_agent: () => {
      const agent = buyer.client_details?.user_agent;
      return present(agent) ? checked("client_user_agent", context.from, checkUserAgent(agent)) : undefined;
    },
    fbp: () => cookie("fbp", browser.fbp, checkFbp),
    fbc: () => cookie("fbc", browser.fbc, checkFbc),
  };
  const userData: UserData = {};
  for (const key of Object.keys(candidate) as MatchKey[]) {
    if (!keys[key]) continue;
    const value = candidate[key]();
    if (value !== undefined) (userData as Record<string, unknown>)[key] = value;
  }
  return { userData, notes };
}
