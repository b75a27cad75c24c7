import type { CapiEvent } from "./capi-event";
import type { ConsentSignal } from "./consent-snapshot";
import type { ConsentFacts } from "./map-result";
import type { ShopSettings } from "./settings";

// The consent decision. Pure: the caller supplies the clock, the
// signal it has (cart attribute or pixel receipt) and when it first saw the event.

/**
 * US states where Meta applies Limited Data Use, from Meta's "Data Processing Options
 * for US Users" page (Aug 2024: CA, CO, CT, FL, TX, OR, MT). State privacy laws keep
 * arriving and Meta's list lags them; re-check that page when a new law takes effect.
 */
export const LDU_US_STATES: readonly string[] = ["CA", "CO", "CT", "FL", "MT", "OR", "TX"];

/** Meta's codes: country 1 = US, state 1000 = California; 0 = let Meta geolocate. */
const LDU_US = 1;
const LDU_CALIFORNIA = 1000;
const LDU_GEOLOCATE = 0;

export type ConsentMode = "strict" | "regional" | "off";

export type ConsentReason =
  | "signal_allows_marketing"
  | "signal_denies_marketing"
  | "sale_of_data_opt_out_ldu"
  | "no_signal_opt_in_region"
  | "no_signal_unknown_region"
  | "no_signal_ldu_state"
  | "no_signal_outside_opt_in_regions"
  | "mode_off"
  | "awaiting_signal"
  | "strict_no_signal";

export type ConsentDecision =
  | { action: "send"; reason: ConsentReason }
  | {
      action: "send_ldu";
      reason: ConsentReason;
      dataProcessingOptions: ["LDU"];
      country: number;
      state: number;
    }
  | { action: "wait"; reason: ConsentReason; until: Date }
  | { action: "block"; reason: ConsentReason };

export type ConsentInput = {
  mode: ConsentMode;
  optInRegions: readonly string[];
  signal: ConsentSignal | null;
  buyer: { countries: readonly string[]; usStates: readonly string[] };
  firstSeenAt: Date;
  now: Date;
  graceMs: number;
};

function ldu(reason: ConsentReason, buyer: ConsentInput["buyer"]): ConsentDecision {
  // Naming California lets Meta apply LDU without guessing; other states it geolocates.
  const california = buyer.usStates.some((state) => state.toUpperCase() === "CA");
  return {
    action: "send_ldu",
    reason,
    dataProcessingOptions: ["LDU"],
    country: california ? LDU_US : LDU_GEOLOCATE,
    state: california ? LDU_CALIFORNIA : LDU_GEOLOCATE,
  };
}

function obeySignal(signal: ConsentSignal, buyer: ConsentInput["buyer"]): ConsentDecision {
  if (!signal.marketing) return { action: "block", reason: "signal_denies_marketing" };
  if (!signal.saleOfData) return ldu("sale_of_data_opt_out_ldu", buyer);
  return { action: "send", reason: "signal_allows_marketing" };
}

export function decideConsent(input: ConsentInput): ConsentDecision {
  const { mode, signal, buyer } = input;
  if (mode === "off") {
    // "off" stops Tandem from holding events back; an explicit sale-of-data opt-out is
    // still honoured because LDU costs no delivery and the opt-out is the shopper's right.
    if (signal && !signal.saleOfData) return ldu("sale_of_data_opt_out_ldu", buyer);
    return { action: "send", reason: "mode_off" };
  }
  if (signal) return obeySignal(signal, buyer);

  // No signal yet: the webhook often beats the browser's receipt, so wait (in both
  // modes) until the grace deadline; a signal arriving by then may change the outcome.
  const until = new Date(input.firstSeenAt.getTime() + Math.max(0, input.graceMs));
  if (input.now.getTime() < until.getTime()) return { action: "wait", reason: "awaiting_signal", until };

  if (mode === "strict") return { action: "block", reason: "strict_no_signal" };

  const regions = new Set(input.optInRegions.map((code) => code.toUpperCase()));
  const countries = buyer.countries.map((code) => code.toUpperCase());
  // Any address in an opt-in region is enough: the buyer may well live there.
  if (countries.some((code) => regions.has(code))) return { action: "block", reason: "no_signal_opt_in_region" };
  // No address at all: we cannot show the buyer is outside the opt-in regions.
  if (countries.length === 0) return { action: "block", reason: "no_signal_unknown_region" };
  const lduStates = new Set(LDU_US_STATES);
  if (buyer.usStates.some((state) => lduStates.has(state.toUpperCase()))) return ldu("no_signal_ldu_state", buyer);
  return { action: "send", reason: "no_signal_outside_opt_in_regions" };
}

/**
 * The signal to obey when several arrived (cart attribute, pixel receipts): the most
 * recently captured, because a shopper who changed their mind meant the later choice.
 * Without capture times a pixel receipt wins: it is captured at checkout, nearer the act.
 */
export function latestSignal(...signals: Array<ConsentSignal | null | undefined>): ConsentSignal | null {
  const present = signals.filter((signal): signal is ConsentSignal => signal != null);
  const rank = (signal: ConsentSignal) => signal.capturedAt ?? (signal.source === "pixel_receipt" ? 1 : 0);
  return present.reduce<ConsentSignal | null>((best, signal) => (best === null || rank(signal) >= rank(best) ? signal : best), null);
}

/** Assembles decideConsent's input from the shop's settings and what the mapper found. */
export function consentInputFor(
  consent: ShopSettings["consent"],
  facts: ConsentFacts,
  at: { firstSeenAt: Date; now: Date },
  signal: ConsentSignal | null = facts.signal,
): ConsentInput {
  return {
    mode: consent.mode,
    optInRegions: consent.optInRegions,
    signal,
    buyer: { countries: facts.countries, usStates: facts.usStates },
    firstSeenAt: at.firstSeenAt,
    now: at.now,
    graceMs: consent.graceMinutes * 60_000,
  };
}

/**
 * The event as it may be sent under the decision, or null when it must not be sent
 * (wait or block). "send" states LDU off explicitly with an empty list.
 */
export function applyConsentToEvent(event: CapiEvent, decision: ConsentDecision): CapiEvent | null {
  const { data_processing_options: _o, data_processing_options_country: _c, data_processing_options_state: _s, ...rest } = event;
  switch (decision.action) {
    case "send":
      return { ...rest, data_processing_options: [] };
    case "send_ldu":
      return {
        ...rest,
        data_processing_options: ["LDU"],
        data_processing_options_country: decision.country,
        data_processing_options_state: decision.state,
      };
    case "wait":
    case "block":
      return null;
  }
}
