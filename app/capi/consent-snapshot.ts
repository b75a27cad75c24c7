// The consent snapshot the theme embed writes into the cart attribute `_tandem_consent`
// (it reaches orders and checkouts as note_attributes). Compact on purpose: cart
// attributes are visible to the merchant and travel in every order payload.
// Format: m<0|1>a<0|1>s<0|1>[.<unix seconds>], e.g. "m1a1s0.1764140000".

export type ConsentSignal = {
  marketing: boolean;
  analytics: boolean;
  saleOfData: boolean;
  /** When the shopper's choice was captured, Unix milliseconds. */
  capturedAt?: number;
  source: "cart_attribute" | "pixel_receipt";
};

export const CONSENT_ATTRIBUTE = "_tandem_consent";
export const FBP_ATTRIBUTE = "_fbp";
export const FBC_ATTRIBUTE = "_fbc";

const SNAPSHOT = /^m([01])a([01])s([01])(?:\.(\d{1,11}))?$/;

/** Lenient: anything that is not exactly a snapshot is "no signal", never an error. */
export function parseConsentSnapshot(value: unknown): ConsentSignal | null {
  if (typeof value !== "string") return null;
  const match = SNAPSHOT.exec(value.trim());
  if (!match) return null;
  const [, m, a, s, seconds] = match;
  const signal: ConsentSignal = {
    marketing: m === "1",
    analytics: a === "1",
    saleOfData: s === "1",
    source: "cart_attribute",
  };
  if (seconds !== undefined) signal.capturedAt = Number(seconds) * 1000;
  return signal;
}

export function formatConsentSnapshot(signal: Pick<ConsentSignal, "marketing" | "analytics" | "saleOfData" | "capturedAt">): string {
  const bit = (allowed: boolean) => (allowed ? "1" : "0");
  const base = `m${bit(signal.marketing)}a${bit(signal.analytics)}s${bit(signal.saleOfData)}`;
  return signal.capturedAt === undefined ? base : `${base}.${Math.floor(signal.capturedAt / 1000)}`;
}

/** A Meta cookie value: fb.<subdomain index>.<ms>.<payload>[.<suffix>]. */
const META_COOKIE = /^fb\.\d{1,2}\.\d{10,13}\.[^\s.]{1,400}(?:\.[^\s.]{1,64})?$/;

export function isMetaCookieValue(value: unknown): value is string {
  return typeof value === "string" && value.length <= 512 && META_COOKIE.test(value);
}

/**
 * The _fbp and _fbc attributes as the cart holds them (trimmed text, or null), for the
 * mapper to check with a reason (browser-values.ts) instead of dropping them unseen.
 */
export function readCartCookies(attributes: NoteAttributes): { fbp: string | null; fbc: string | null } {
  const lookup = attributeLookup(attributes);
  const text = (name: string) => {
    const value = lookup.get(name);
    return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
  };
  return { fbp: text(FBP_ATTRIBUTE), fbc: text(FBC_ATTRIBUTE) };
}

function attributeLookup(attributes: NoteAttributes): Map<string, unknown> {
  const lookup = new Map<string, unknown>();
  if (Array.isArray(attributes)) {
    for (const entry of attributes) {
      if (entry && typeof entry.name === "string") lookup.set(entry.name, entry.value);
    }
  } else if (attributes && typeof attributes === "object") {
    for (const [name, value] of Object.entries(attributes)) lookup.set(name, value);
  }
  return lookup;
}

export type CartAttributes = {
  consent: ConsentSignal | null;
  fbp: string | null;
  fbc: string | null;
};

export type NoteAttributes =
  ReadonlyArray<{ name?: unknown; value?: unknown } | null | undefined> | Record<string, unknown> | null | undefined;

/**
 * Reads Tandem's attributes from note_attributes, which Shopify sends as
 * [{name, value}] (orders, checkouts) and the pixel sees as a plain map.
 * Malformed cookie values are dropped: forwarding garbage as fbc hurts matching.
 */
export function readCartAttributes(attributes: NoteAttributes): CartAttributes {
  const lookup = attributeLookup(attributes);
  const cookie = (name: string) => {
    const value = lookup.get(name);
    const trimmed = typeof value === "string" ? value.trim() : value;
    return isMetaCookieValue(trimmed) ? trimmed : null;
  };
  return {
    consent: parseConsentSnapshot(lookup.get(CONSENT_ATTRIBUTE)),
    fbp: cookie(FBP_ATTRIBUTE),
    fbc: cookie(FBC_ATTRIBUTE),
  };
}
