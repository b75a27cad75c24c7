import { z } from "zod";
import { shopSettingsSchema, type CapiEvent, type ConsentFacts, type ShopSettings } from "../capi";

// What an outbox row stores as JSON text, and the ONE reader of each. Parsed on every
// read: a row edited by hand or written by an older version must not be trusted blindly.
// Lenient on purpose where a fact is missing: an unreadable consent fact becomes
// "unknown", which the decision treats conservatively (no signal, unknown region),
// never as permission.

const signalSchema = z.looseObject({
  marketing: z.boolean(),
  analytics: z.boolean().catch(false),
  saleOfData: z.boolean(),
  capturedAt: z.number().optional().catch(undefined),
  source: z.enum(["cart_attribute", "pixel_receipt"]).catch("cart_attribute"),
});

export const consentFactsSchema = z.object({
  signal: signalSchema.nullable().catch(null).default(null),
  countries: z.array(z.string()).catch([]).default([]),
  usStates: z.array(z.string()).catch([]).default([]),
});

/** The consent facts column (OutboxEvent.consentFacts). Never throws. */
export function parseConsentFacts(text: string | null | undefined): ConsentFacts {
  const parsed = consentFactsSchema.safeParse(safeJson(text) ?? {});
  const facts = parsed.success ? parsed.data : consentFactsSchema.parse({});
  return { countries: facts.countries, usStates: facts.usStates, signal: facts.signal };
}

export function formatConsentFacts(facts: ConsentFacts): string {
  return JSON.stringify({ countries: facts.countries, usStates: facts.usStates, signal: facts.signal });
}

/**
 * The stored CAPI event (OutboxEvent.payload): our own output, hashed user data. Checked
 * for the keys the pipeline relies on; Meta's full rules are checked before sending
 * (app/capi/validate). Null when it is not an event at all.
 */
export const storedPayloadSchema = z.looseObject({
  event_name: z.string(),
  event_time: z.number(),
  event_id: z.string(),
  action_source: z.string(),
  user_data: z.looseObject({}),
});

export function parseStoredPayload(text: string | null | undefined): CapiEvent | null {
  const parsed = storedPayloadSchema.safeParse(safeJson(text));
  return parsed.success ? (parsed.data as unknown as CapiEvent) : null;
}

/**
 * Used when a shop's stored settings cannot be read: consent is a legal matter, so the
 * outbox fails closed (strict: nothing is sent without a recorded signal). Every other
 * setting takes its default. The save path is where invalid input is refused.
 */
export const UNREADABLE_SETTINGS: ShopSettings = (() => {
  const defaults = shopSettingsSchema.parse({});
  return { ...defaults, consent: { ...defaults.consent, mode: "strict" } };
})();

/** The shop's settings as every decision reads them (ingest, waits, receipts): one fallback. */
export function readShopSettings(stored: string | null | undefined): ShopSettings {
  const raw = safeJson(stored || "{}");
  if (raw === null) return UNREADABLE_SETTINGS;
  const parsed = shopSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : UNREADABLE_SETTINGS;
}

function safeJson(text: string | null | undefined): unknown {
  if (text == null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
