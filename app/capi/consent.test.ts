import { describe, expect, it } from "vitest";
import {
  applyConsentToEvent,
  consentInputFor,
  decideConsent,
  latestSignal,
  LDU_US_STATES,
  type ConsentDecision,
  type ConsentMode,
} from "./consent";
import type { ConsentSignal } from "./consent-snapshot";
import type { CapiEvent } from "./capi-event";
import { DEFAULT_OPT_IN_REGIONS, DEFAULT_SHOP_SETTINGS } from "./settings";

const FIRST_SEEN = new Date("2026-11-26T12:00:00Z");
const GRACE_MS = 10 * 60_000;
const NOW = { before: new Date("2026-11-26T12:09:59Z"), after: new Date("2026-11-26T12:10:00Z") };

const SIGNALS: Record<string, ConsentSignal | null> = {
  none: null,
  allows: { marketing: true, analytics: true, saleOfData: true, source: "cart_attribute" },
  denies: { marketing: false, analytics: true, saleOfData: true, source: "pixel_receipt" },
  saleOptOut: { marketing: true, analytics: true, saleOfData: false, source: "cart_attribute" },
};
const REGIONS = {
  optIn: { countries: ["DE"], usStates: [] },
  lduState: { countries: ["US"], usStates: ["CA"] },
  otherUsState: { countries: ["US"], usStates: ["NY"] },
  otherCountry: { countries: ["BR"], usStates: [] },
};

// The full table, written out by hand from the consent rules (not derived from the
// code). Cells per row: optIn, lduState, otherUsState, otherCountry; each "before|after"
// the grace deadline. "ldu:R:c/s" = send_ldu with reason R, country c, state s.
const W = "wait:awaiting_signal";
const TABLE: Record<ConsentMode, Record<string, string[]>> = {
  off: {
    none: ["send:mode_off|send:mode_off", "send:mode_off|send:mode_off", "send:mode_off|send:mode_off", "send:mode_off|send:mode_off"],
    allows: ["send:mode_off|send:mode_off", "send:mode_off|send:mode_off", "send:mode_off|send:mode_off", "send:mode_off|send:mode_off"],
    denies: ["send:mode_off|send:mode_off", "send:mode_off|send:mode_off", "send:mode_off|send:mode_off", "send:mode_off|send:mode_off"],
    saleOptOut: [
      "ldu:sale_of_data_opt_out_ldu:0/0|ldu:sale_of_data_opt_out_ldu:0/0",
      "ldu:sale_of_data_opt_out_ldu:1/1000|ldu:sale_of_data_opt_out_ldu:1/1000",
      "ldu:sale_of_data_opt_out_ldu:0/0|ldu:sale_of_data_opt_out_ldu:0/0",
      "ldu:sale_of_data_opt_out_ldu:0/0|ldu:sale_of_data_opt_out_ldu:0/0",
    ],
  },
  strict: {
    none: [`${W}|block:strict_no_signal`, `${W}|block:strict_no_signal`, `${W}|block:strict_no_signal`, `${W}|block:strict_no_signal`],
    allows: [
      "send:signal_allows_marketing|send:signal_allows_marketing",
      "send:signal_allows_marketing|send:signal_allows_marketing",
      "send:signal_allows_marketing|send:signal_allows_marketing",
      "send:signal_allows_marketing|send:signal_allows_marketing",
    ],
    denies: [
      "block:signal_denies_marketing|block:signal_denies_marketing",
      "block:signal_denies_marketing|block:signal_denies_marketing",
      "block:signal_denies_marketing|block:signal_denies_marketing",
      "block:signal_denies_marketing|block:signal_denies_marketing",
    ],
    saleOptOut: [
      "ldu:sale_of_data_opt_out_ldu:0/0|ldu:sale_of_data_opt_out_ldu:0/0",
      "ldu:sale_of_data_opt_out_ldu:1/1000|ldu:sale_of_data_opt_out_ldu:1/1000",
      "ldu:sale_of_data_opt_out_ldu:0/0|ldu:sale_of_data_opt_out_ldu:0/0",
      "ldu:sale_of_data_opt_out_ldu:0/0|ldu:sale_of_data_opt_out_ldu:0/0",
    ],
  },
  regional: {
    none: [
      `${W}|block:no_signal_opt_in_region`,
      `${W}|ldu:no_signal_ldu_state:1/1000`,
      `${W}|send:no_signal_outside_opt_in_regions`,
      `${W}|send:no_signal_outside_opt_in_regions`,
    ],
    allows: [
      "send:signal_allows_marketing|send:signal_allows_marketing",
      "send:signal_allows_marketing|send:signal_allows_marketing",
      "send:signal_allows_marketing|send:signal_allows_marketing",
      "send:signal_allows_marketing|send:signal_allows_marketing",
    ],
    denies: [
      "block:signal_denies_marketing|block:signal_denies_marketing",
      "block:signal_denies_marketing|block:signal_denies_marketing",
      "block:signal_denies_marketing|block:signal_denies_marketing",
      "block:signal_denies_marketing|block:signal_denies_marketing",
    ],
    saleOptOut: [
      "ldu:sale_of_data_opt_out_ldu:0/0|ldu:sale_of_data_opt_out_ldu:0/0",
      "ldu:sale_of_data_opt_out_ldu:1/1000|ldu:sale_of_data_opt_out_ldu:1/1000",
      "ldu:sale_of_data_opt_out_ldu:0/0|ldu:sale_of_data_opt_out_ldu:0/0",
      "ldu:sale_of_data_opt_out_ldu:0/0|ldu:sale_of_data_opt_out_ldu:0/0",
    ],
  },
};

function summarize(decision: ConsentDecision): string {
  switch (decision.action) {
    case "send_ldu":
      return `ldu:${decision.reason}:${decision.country}/${decision.state}`;
    case "wait":
      expect(decision.until).toEqual(new Date(FIRST_SEEN.getTime() + GRACE_MS));
      return `wait:${decision.reason}`;
    default:
      return `${decision.action}:${decision.reason}`;
  }
}

const decide = (
  mode: ConsentMode,
  signal: ConsentSignal | null,
  buyer: { countries: string[]; usStates: string[] },
  now: Date,
  graceMs = GRACE_MS,
) => decideConsent({ mode, optInRegions: DEFAULT_OPT_IN_REGIONS, signal, buyer, firstSeenAt: FIRST_SEEN, now, graceMs });

describe("decideConsent: every mode x signal x region x grace", () => {
  const regionNames = Object.keys(REGIONS) as Array<keyof typeof REGIONS>;
  for (const mode of Object.keys(TABLE) as ConsentMode[]) {
    for (const [signalName, cells] of Object.entries(TABLE[mode])) {
      regionNames.forEach((regionName, column) => {
        const [before, after] = cells[column].split("|");
        for (const [grace, expected] of [
          ["before", before],
          ["after", after],
        ] as const) {
          it(`GIVEN mode ${mode}, signal ${signalName}, buyer ${regionName}, ${grace} the deadline THEN ${expected}`, () => {
            expect(summarize(decide(mode, SIGNALS[signalName], REGIONS[regionName], NOW[grace]))).toBe(expected);
          });
        }
      });
    }
  }
});

describe("decideConsent: edges the table does not show", () => {
  const after = NOW.after;
  it("GIVEN a Texas buyer without signal (regional, after grace) THEN LDU with geolocation 0/0", () => {
    expect(summarize(decide("regional", null, { countries: ["US"], usStates: ["TX"] }, after))).toBe("ldu:no_signal_ldu_state:0/0");
  });

  it("GIVEN no known address (regional, after grace) THEN blocked: the buyer may be in an opt-in region", () => {
    expect(summarize(decide("regional", null, { countries: [], usStates: [] }, after))).toBe("block:no_signal_unknown_region");
  });

  it("GIVEN a US billing and a French shipping address (regional, after grace) THEN blocked", () => {
    expect(summarize(decide("regional", null, { countries: ["US", "FR"], usStates: ["NY"] }, after))).toBe("block:no_signal_opt_in_region");
  });

  it("GIVEN a merchant region list with lowercase codes THEN they still match", () => {
    const decision = decideConsent({
      mode: "regional",
      optInRegions: ["br"],
      signal: null,
      buyer: REGIONS.otherCountry,
      firstSeenAt: FIRST_SEEN,
      now: after,
      graceMs: GRACE_MS,
    });
    expect(decision.reason).toBe("no_signal_opt_in_region");
  });

  it("GIVEN a grace of zero THEN no wait at all", () => {
    expect(summarize(decide("regional", null, REGIONS.otherCountry, FIRST_SEEN, 0))).toBe("send:no_signal_outside_opt_in_regions");
  });

  it("GIVEN the LDU state list THEN it holds the states Meta's Data Processing Options page lists", () => {
    expect([...LDU_US_STATES].sort()).toEqual(["CA", "CO", "CT", "FL", "MT", "OR", "TX"]);
  });
});

describe("applyConsentToEvent", () => {
  const event: CapiEvent = {
    event_name: "Purchase",
    event_time: 1795694292,
    event_id: "purchase_1",
    action_source: "website",
    event_source_url: "https://shop.example/",
    user_data: { client_user_agent: "UA" },
    custom_data: { value: 1, currency: "USD" },
  };

  it("GIVEN send THEN LDU is explicitly off", () => {
    expect(applyConsentToEvent(event, { action: "send", reason: "mode_off" })).toEqual({ ...event, data_processing_options: [] });
  });

  it("GIVEN send_ldu THEN options, country and state are set", () => {
    const decision = decide("regional", null, REGIONS.lduState, NOW.after);
    expect(applyConsentToEvent(event, decision)).toEqual({
      ...event,
      data_processing_options: ["LDU"],
      data_processing_options_country: 1,
      data_processing_options_state: 1000,
    });
  });

  it("GIVEN an event that carried LDU WHEN re-decided as send THEN the old country and state are removed", () => {
    const withLdu = {
      ...event,
      data_processing_options: ["LDU"] as ["LDU"],
      data_processing_options_country: 1,
      data_processing_options_state: 1000,
    };
    expect(applyConsentToEvent(withLdu, { action: "send", reason: "signal_allows_marketing" })).toStrictEqual({
      ...event,
      data_processing_options: [],
    });
  });

  it("GIVEN wait or block THEN nothing may be sent", () => {
    expect(applyConsentToEvent(event, { action: "block", reason: "signal_denies_marketing" })).toBeNull();
    expect(applyConsentToEvent(event, { action: "wait", reason: "awaiting_signal", until: NOW.after })).toBeNull();
  });
});

describe("latestSignal and consentInputFor", () => {
  const cart = { marketing: true, analytics: true, saleOfData: true, capturedAt: 1_000, source: "cart_attribute" as const };
  const receipt = { marketing: false, analytics: false, saleOfData: false, capturedAt: 2_000, source: "pixel_receipt" as const };

  it("GIVEN a cart signal and a later receipt THEN the later choice wins, whatever the argument order", () => {
    expect(latestSignal(cart, receipt)).toBe(receipt);
    expect(latestSignal(receipt, cart)).toBe(receipt);
  });

  it("GIVEN signals without capture times THEN the pixel receipt wins; GIVEN none THEN null", () => {
    const { capturedAt: _a, ...cartNoTime } = cart;
    const { capturedAt: _b, ...receiptNoTime } = receipt;
    expect(latestSignal(receiptNoTime, cartNoTime)).toBe(receiptNoTime);
    expect(latestSignal(null, undefined)).toBeNull();
  });

  it("GIVEN default settings and mapper facts THEN the input carries mode, regions and grace in ms", () => {
    const input = consentInputFor(
      DEFAULT_SHOP_SETTINGS.consent,
      { signal: cart, countries: ["US"], usStates: ["CA"] },
      { firstSeenAt: FIRST_SEEN, now: NOW.after },
    );
    expect(input).toEqual({
      mode: "regional",
      optInRegions: DEFAULT_OPT_IN_REGIONS,
      signal: cart,
      buyer: { countries: ["US"], usStates: ["CA"] },
      firstSeenAt: FIRST_SEEN,
      now: NOW.after,
      graceMs: 600_000,
    });
  });
});
