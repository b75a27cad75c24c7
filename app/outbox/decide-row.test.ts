import { describe, expect, it } from "vitest";
import {
  checkoutPayloadSchema,
  mapCheckoutToInitiateCheckout,
  shopSettingsSchema,
  type CapiEvent,
  type ConsentFacts,
  type ShopSettingsInput,
} from "../capi";
import { loadFixture, testContext, TEST_NOW } from "../capi/test-fixtures";
import { decideRow, MIN_BROWSER_WAIT_MS, type DecideRowInput } from "./decide-row";
import { parseConsentFacts, parseStoredPayload, readShopSettings, UNREADABLE_SETTINGS } from "./stored-row";
import { canTransition, INITIAL_STATUSES } from "./status";

// The one decision for an outbox row (ingest, receipt merge, wait sweep). GIVEN / WHEN / THEN
// on the real checkouts/create shape: Shopify sends no user agent or IP with a checkout.

const now = TEST_NOW;
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
const settings = (input: ShopSettingsInput = {}) => shopSettingsSchema.parse(input);

function checkoutEvent(): { event: CapiEvent; facts: ConsentFacts } {
  const result = mapCheckoutToInitiateCheckout(checkoutPayloadSchema.parse(loadFixture("checkouts/checkout-create.json")), testContext());
  if (result.kind !== "event") throw new Error(`expected an event, got ${result.reason}`);
  return { event: result.event, facts: result.consentFacts };
}

const ALLOW = { marketing: true, analytics: true, saleOfData: true, source: "pixel_receipt" as const, capturedAt: now.getTime() };
const BROWSER = { fbp: "fb.1.1795657700000.1", fbc: null, clientIp: "1.1.1.1", userAgent: "Receipt UA" };
const noSignal = (facts: ConsentFacts): ConsentFacts => ({ ...facts, signal: null });

function decide(overrides: Partial<DecideRowInput>) {
  const { event, facts } = checkoutEvent();
  return decideRow({ event, facts, waitUntil: null, settings: settings(), now, ...overrides });
}

describe("decideRow: a checkout without the browser", () => {
  it("GIVEN the webhook first (no user agent) THEN it waits for the browser, at least MIN_BROWSER_WAIT_MS, even with a consent signal", () => {
    const decision = decide({ settings: settings({ consent: { graceMinutes: 0 } }) });
    expect(decision).toMatchObject({ status: "waiting_browser", consentReason: "awaiting_browser", consentAction: "send" });
    expect(decision.consentUntil).toEqual(new Date(now.getTime() + MIN_BROWSER_WAIT_MS));
  });

  it("GIVEN no consent signal either THEN it waits for the browser and says consent is pending too", () => {
    const { facts } = checkoutEvent();
    const decision = decide({ facts: noSignal(facts), settings: settings({ consent: { graceMinutes: 30 } }) });
    expect(decision).toMatchObject({ status: "waiting_browser", consentAction: "wait", consentReason: "awaiting_signal" });
    expect(decision.consentUntil).toEqual(minutes(30));
  });

  it("GIVEN the receipt (before or after) THEN sendable now, with the receipt's user agent, IP and fbp, consent applied", () => {
    const decision = decide({ signal: ALLOW, browser: BROWSER, waitUntil: minutes(10) });
    expect(decision).toMatchObject({ status: "pending", consentAction: "send", lastError: null, consentUntil: null });
    expect(decision.event?.user_data).toMatchObject({ client_user_agent: "Receipt UA", client_ip_address: "1.1.1.1" });
    // The cart's own fbp (the checkout's note attribute) is kept: the receipt only fills gaps.
    expect(decision.event?.user_data.fbp).toBe("fb.1.1795657700000.5566778899");
    expect(decision.event?.data_processing_options).toEqual([]);
  });

  it("GIVEN the wait ends without a receipt THEN skipped with a reason the admin shows", () => {
    expect(decide({ waitUntil: minutes(10), now: minutes(10) })).toMatchObject({ status: "skipped", consentReason: "no_browser_receipt" });
  });

  it("GIVEN a receipt that refuses marketing THEN blocked by consent (not merely skipped)", () => {
    const decision = decide({
      signal: { ...ALLOW, marketing: false },
      browser: { fbp: null, fbc: null, clientIp: null, userAgent: null },
      waitUntil: minutes(10),
    });
    expect(decision).toMatchObject({ status: "blocked", consentReason: "signal_denies_marketing" });
  });

  it("GIVEN consent mode off and a receipt without a user agent THEN skipped at once: nothing more will come", () => {
    const decision = decide({
      settings: settings({ consent: { mode: "off" } }),
      signal: { ...ALLOW, marketing: false },
      browser: { fbp: null, fbc: null, clientIp: null, userAgent: null },
      waitUntil: minutes(10),
    });
    expect(decision).toMatchObject({ status: "skipped", consentReason: "browser_sent_no_user_agent" });
  });

  it("GIVEN the user-agent match key switched off THEN the receipt's user agent is not used", () => {
    const decision = decide({
      settings: settings({ matchKeys: { client_user_agent: false } }),
      signal: ALLOW,
      browser: BROWSER,
      waitUntil: minutes(10),
    });
    expect(decision.event?.user_data.client_user_agent).toBeUndefined();
  });
});

describe("decideRow: consent waits (the same function)", () => {
  it("GIVEN an order with its user agent and no signal THEN it waits for consent until the grace period ends, then regional rules decide", () => {
    const { event, facts } = checkoutEvent();
    const withUa = { ...event, user_data: { ...event.user_data, client_user_agent: "Order UA" } };
    const waiting = decideRow({ event: withUa, facts: noSignal(facts), waitUntil: null, settings: settings(), now });
    expect(waiting).toMatchObject({ status: "waiting_consent", consentReason: "awaiting_signal", consentUntil: minutes(10) });
    const decided = decideRow({ event: withUa, facts: noSignal(facts), waitUntil: minutes(10), settings: settings(), now: minutes(10) });
    // A New York buyer, outside the opt-in regions and the LDU states.
    expect(decided).toMatchObject({ status: "pending", consentReason: "no_signal_outside_opt_in_regions" });
  });

  it("GIVEN an unreadable stored payload THEN failed, never sent", () => {
    expect(decide({ event: null, signal: ALLOW })).toMatchObject({ status: "failed" });
  });

  it("GIVEN any decision for a new row THEN the transition table allows it as a start (failed excepted: a new row always has its event)", () => {
    for (const status of ["pending", "waiting_consent", "waiting_browser", "blocked", "skipped"] as const)
      expect(INITIAL_STATUSES).toContain(status);
    for (const from of ["waiting_consent", "waiting_browser"] as const) {
      for (const to of ["pending", "blocked", "skipped", "failed"] as const) expect(canTransition(from, to)).toBe(true);
    }
  });
});

describe("the stored row's readers", () => {
  it("GIVEN shop settings that cannot be read THEN every decision reads strict consent (fail closed), other settings default", () => {
    for (const stored of ["not json", JSON.stringify({ consent: { mode: "sometimes" } }), "[]"]) {
      expect(readShopSettings(stored)).toEqual(UNREADABLE_SETTINGS);
    }
    expect(UNREADABLE_SETTINGS.consent.mode).toBe("strict");
    expect(readShopSettings(null).consent.mode).toBe("regional");
    const { event, facts } = checkoutEvent();
    const withUa = { ...event, user_data: { ...event.user_data, client_user_agent: "UA" } };
    const decision = decideRow({ event: withUa, facts: noSignal(facts), waitUntil: now, settings: readShopSettings("not json"), now });
    expect(decision).toMatchObject({ status: "blocked", consentReason: "strict_no_signal" });
  });

  it("GIVEN unreadable consent facts THEN nothing is known (never permission)", () => {
    expect(parseConsentFacts("not json")).toEqual({ signal: null, countries: [], usStates: [] });
    expect(parseConsentFacts(JSON.stringify({ signal: { marketing: "yes" }, countries: "DE" }))).toEqual({
      signal: null,
      countries: [],
      usStates: [],
    });
    expect(parseConsentFacts(JSON.stringify({ signal: { marketing: true, saleOfData: true }, countries: ["DE"] })).signal).toMatchObject({
      marketing: true,
      analytics: false,
      source: "cart_attribute",
    });
  });

  it("GIVEN a stored payload that is not an event THEN null", () => {
    expect(parseStoredPayload("{")).toBeNull();
    expect(parseStoredPayload(JSON.stringify({ event_name: "Purchase" }))).toBeNull();
    expect(parseStoredPayload(JSON.stringify(checkoutEvent().event))).toMatchObject({ event_name: "InitiateCheckout" });
  });
});
