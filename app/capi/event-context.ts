import type { ShopifyAddress } from "./shopify-payloads";
import type { ConsentFacts } from "./map-result";
import type { ConsentSignal } from "./consent-snapshot";
import { isSaneTimeMs } from "./date-range";
import type { DropReason } from "./browser-values";

// Pieces of a server event that come from "where and when", shared by both mappers.

export { MAX_EVENT_AGE_SECONDS } from "./meta-limits";

/** Unix seconds of the first usable timestamp, clamped to now (Meta refuses future times). */
export function eventTimeSeconds(now: Date, ...timestamps: Array<string | null | undefined>): number {
  return eventTimeOf(now, ...timestamps).seconds;
}

/**
 * The first timestamp inside the sane range (date-range.ts), clamped to now; else now, the
 * time the webhook arrived. `outOfRange` says a timestamp was there but unbelievable (the
 * year 9999, 1970), so the event can say why its time is the arrival time.
 */
export function eventTimeOf(now: Date, ...timestamps: Array<string | null | undefined>): { seconds: number; outOfRange: boolean } {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  let outOfRange = false;
  for (const timestamp of timestamps) {
    const ms = timestamp ? Date.parse(timestamp) : Number.NaN;
    if (!Number.isFinite(ms)) continue;
    if (isSaneTimeMs(ms, now.getTime())) return { seconds: Math.min(Math.floor(ms / 1000), nowSeconds), outOfRange };
    outOfRange = true;
  }
  return { seconds: nowSeconds, outOfRange };
}

/** BuildInput's time fields from eventTimeOf. */
export const eventTimeFields = (time: { seconds: number; outOfRange: boolean }) => ({
  eventTime: time.seconds,
  timeOutOfRange: time.outOfRange,
});

/** Query parameters worth keeping: campaign attribution, never anything identifying. */
const KEPT_QUERY = /^(utm_[a-z]+|fbclid|gclid)$/i;
const MAX_URL_LENGTH = 2048;

// A webhook asks for its shop's base URL up to four times, each a URL parse of the same
// strings: the answers are kept per shop (bounded; a function of the strings alone).
const baseUrls = new Map<string, string>();

export function shopBaseUrl(shop: { domain: string; primaryUrl?: string }): string {
  const key = `${shop.primaryUrl ?? ""}\n${shop.domain}`;
  let base = baseUrls.get(key);
  if (base === undefined) {
    base = baseUrlOf(shop);
    if (baseUrls.size >= 1000) baseUrls.clear();
    baseUrls.set(key, base);
  }
  return base;
}

function baseUrlOf(shop: { domain: string; primaryUrl?: string }): string {
  for (const candidate of [shop.primaryUrl, `https://${shop.domain}`]) {
    const url = candidate ? safeUrl(candidate) : null;
    if (url) return `${url.origin}/`;
  }
  return "https://shopify.com/";
}

function safeUrl(value: string, base?: string): URL | null {
  try {
    const url = new URL(value, base);
    return url.protocol === "https:" || url.protocol === "http:" ? url : null;
  } catch {
    return null;
  }
}

/**
 * landing_site resolved against the storefront. Query parameters other than campaign
 * ones are dropped: landing URLs from email campaigns often carry the shopper's email.
 */
export function eventSourceUrl(landingSite: string | null | undefined, shop: { domain: string; primaryUrl?: string }): string {
  const base = shopBaseUrl(shop);
  const url = landingSite ? safeUrl(landingSite.trim(), base) : null;
  if (!url) return base;
  const kept = new URLSearchParams();
  for (const [key, value] of url.searchParams) if (KEPT_QUERY.test(key)) kept.append(key, value);
  url.search = kept.toString();
  url.hash = "";
  url.username = "";
  url.password = "";
  const text = url.toString();
  return text.length <= MAX_URL_LENGTH ? text : base;
}

/** Why landing_site could not be the event's page (the storefront's address is sent instead), or null. */
export function landingSiteProblem(
  landingSite: string | null | undefined,
  shop: { domain: string; primaryUrl?: string },
): DropReason | null {
  const trimmed = landingSite?.trim();
  if (!trimmed) return null;
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return "control_characters";
  if (!safeUrl(trimmed, shopBaseUrl(shop))) return "not_http_url";
  // The length first: only an over-long page needs the second parse that tells.
  return trimmed.length > MAX_URL_LENGTH && eventSourceUrl(trimmed, shop) === shopBaseUrl(shop) ? "too_long" : null;
}

const FBCLID = /^[A-Za-z0-9_-]{1,500}$/;

/** fbc built on the server from an fbclid in landing_site: fb.1.<ms>.<fbclid>. */
export function fbcFromLandingSite(landingSite: string | null | undefined, clickTimeMs: number): string | null {
  // Without "fbclid" or a percent escape (which could spell it) no query names it: no parse.
  if (!landingSite || (!landingSite.includes("fbclid") && !landingSite.includes("%"))) return null;
  const url = safeUrl(landingSite.trim(), "https://placeholder.invalid/");
  const fbclid = url?.searchParams.get("fbclid");
  return fbclid && FBCLID.test(fbclid) ? `fb.1.${clickTimeMs}.${fbclid}` : null;
}

export function consentFactsFrom(signal: ConsentSignal | null, addresses: Array<ShopifyAddress | null | undefined>): ConsentFacts {
  const countries = new Set<string>();
  const usStates = new Set<string>();
  for (const address of addresses) {
    const country = address?.country_code?.trim().toUpperCase();
    if (!country || !/^[A-Z]{2}$/.test(country)) continue;
    countries.add(country);
    const state = address?.province_code?.trim().toUpperCase().replace(/^US-/, "");
    if (country === "US" && state && /^[A-Z]{2}$/.test(state)) usStates.add(state);
  }
  return { signal, countries: [...countries], usStates: [...usStates] };
}
