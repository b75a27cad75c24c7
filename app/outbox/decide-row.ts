import {
  applyConsentToEvent,
  checkFbc,
  checkFbp,
  checkIp,
  checkUserAgent,
  isIpv6,
  mergeNotes,
  type KeyNote,
  consentInputFor,
  decideConsent,
  latestSignal,
  type CapiEvent,
  type ConsentDecision,
  type ConsentFacts,
  type ConsentReason,
  type ConsentSignal,
  type ShopSettings,
} from "../capi";
import { OPEN_STATUSES, ORDER_CANCELLED_BEFORE_SENT, type OutboxStatus } from "./status";

// THE decision for an outbox row, made when something arrives: the webhook (a new row),
// a browser receipt (consent signal, user agent, IP, fbp/fbc) or the end of the row's
// wait. Ingest, receipt merge and the wait sweep all call this one pure function with
// the same inputs, so a row's fate does not depend on who decided it.

/** Waits that end without the browser: Meta requires the user agent of website events. */
export type OutboxReason = "awaiting_browser" | "no_browser_receipt" | "browser_sent_no_user_agent";
export type DecisionReason = ConsentReason | OutboxReason;

/**
 * How long a row lacking the browser waits for the web pixel's receipt at least (the
 * shop's consent grace period when that is longer). The pixel posts its receipt when the
 * checkout page loads, so minutes are plenty; the bound keeps the event inside Meta's
 * window and the merchant's log honest.
 */
export const MIN_BROWSER_WAIT_MS = 10 * 60_000;

/**
 * The browser identifiers a pixel receipt carries (stored PixelReceipt columns), and the
 * notes of what the receipt endpoint already left out (PixelReceipt.keyNotes, parsed).
 */
export type BrowserIds = {
  fbp: string | null;
  fbc: string | null;
  clientIp: string | null;
  userAgent: string | null;
  keyNotes?: KeyNote[];
};

export type DecideRowInput = {
  /** The stored (or freshly mapped) event; null when the stored payload is unreadable. */
  event: CapiEvent | null;
  facts: ConsentFacts;
  /** When the row's wait ends (OutboxEvent.consentUntil); null for a new row. */
  waitUntil: Date | null;
  /** A consent signal that just arrived (a receipt's); the later of it and the stored one counts. */
  signal?: ConsentSignal | null;
  /** The browser's receipt, when one arrived (before or after the webhook). */
  browser?: BrowserIds | null;
  settings: ShopSettings;
  now: Date;
};

export type RowDecision = {
  status: Extract<OutboxStatus, "pending" | "waiting_consent" | "waiting_browser" | "blocked" | "failed" | "skipped">;
  consentAction: ConsentDecision["action"];
  consentReason: DecisionReason;
  /** When the wait ends (waiting statuses only). */
  consentUntil: Date | null;
  consentFacts: ConsentFacts;
  /** The payload to store: the event with the browser's ids (and, when sendable, the consent applied). */
  event: CapiEvent | null;
  lastError: string | null;
  /** The browser's values left out of the event, with the reason (OutboxEvent.keyNotes adds them). */
  keyNotes: KeyNote[];
};

export function decideRow(input: DecideRowInput): RowDecision {
  const { settings, now } = input;
  // Only a shopper's browser brings a consent signal later. An order made without one
  // (system_generated: a draft, a renewal, an order created without a checkout) is decided
  // at once on what it carries, never left waiting for a signal that cannot come.
  const consentSettings = input.event?.action_source === "system_generated" ? { ...settings.consent, graceMinutes: 0 } : settings.consent;
  const graceMs = consentSettings.graceMinutes * 60_000;
  const facts: ConsentFacts = { ...input.facts, signal: latestSignal(input.facts.signal, input.signal) };
  const filled = input.event ? fillBrowserIds(input.event, input.browser ?? null, facts.signal, settings.matchKeys, now) : null;
  const event = filled?.event ?? null;
  const needsBrowser = event !== null && event.action_source === "website" && !event.user_data.client_user_agent;

  // One deadline per row: a new row's is set here, a stored row keeps the one it was given
  // (even if the shop's grace setting changed since). Consent is decided against it too.
  const waitUntil = input.waitUntil ?? new Date(now.getTime() + (needsBrowser ? Math.max(graceMs, MIN_BROWSER_WAIT_MS) : graceMs));
  const consent = decideConsent(consentInputFor(consentSettings, facts, { firstSeenAt: new Date(waitUntil.getTime() - graceMs), now }));
  const base = {
    consentAction: consent.action,
    consentReason: consent.reason as DecisionReason,
    consentFacts: facts,
    consentUntil: null,
    event,
    lastError: null,
    keyNotes: filled?.notes ?? [],
  };

  if (consent.action === "block") return { ...base, status: "blocked", lastError: `Consent: ${consent.reason}` };
  if (!event) return { ...base, status: "failed", lastError: "Stored payload is not a readable event; not sent." };
  if (needsBrowser) {
    // The receipt came but carried no user agent (no marketing consent in the browser, or
    // the shop switched that match key off): nothing more will come.
    if (input.browser) return { ...base, status: "skipped", consentReason: "browser_sent_no_user_agent" };
    if (now.getTime() < waitUntil.getTime())
      return {
        ...base,
        status: "waiting_browser",
        consentReason: consent.action === "wait" ? consent.reason : "awaiting_browser",
        consentUntil: waitUntil,
      };
    return { ...base, status: "skipped", consentReason: "no_browser_receipt" };
  }
  if (consent.action === "wait") return { ...base, status: "waiting_consent", consentUntil: consent.until };
  return { ...base, status: "pending", event: applyConsentToEvent(event, consent) };
}

/**
 * Fills the browser identifiers the webhook lacked (fbp, fbc, IP, user agent) from the
 * shopper's own receipt, for the match keys the shop allows. Never overwrites what the
 * order already carried (the checkout's own values), with one exception: a public IPv6
 * address from the receipt replaces the order's IPv4, because Meta matches IPv6 better
 * and the receipt comes from this checkout's own browser (docs/decisions/040). Every
 * value is checked again (browser-values.ts): a receipt stored before these rules may
 * hold anything. Nothing is taken from a browser whose latest choice refuses marketing.
 */
export function fillBrowserIds(
  event: CapiEvent,
  browser: BrowserIds | null,
  signal: ConsentSignal | null,
  matchKeys: ShopSettings["matchKeys"],
  now: Date,
): { event: CapiEvent; notes: KeyNote[] } {
  if (!browser || (signal && !signal.marketing)) return { event, notes: [] };
  const notes: KeyNote[] = [];
  const userData = { ...event.user_data };
  const checked = (key: KeyNote["key"], value: string | null, check: (value: string) => ReturnType<typeof checkIp>): string | null => {
    if (value === null || value === "") return null;
    const result = check(value);
    if (result.ok) return result.value;
    notes.push({ key, from: "browser", reason: result.reason });
    return null;
  };
  const fill = (key: "fbp" | "fbc" | "client_user_agent", value: string | null) => {
    if (value && matchKeys[key] && !userData[key]) userData[key] = value;
  };
  fill(
    "fbp",
    checked("fbp", browser.fbp, (v) => checkFbp(v, now.getTime())),
  );
  fill(
    "fbc",
    checked("fbc", browser.fbc, (v) => checkFbc(v, now.getTime())),
  );
  fill("client_user_agent", checked("client_user_agent", browser.userAgent, checkUserAgent));
  const ip = checked("client_ip_address", browser.clientIp, checkIp);
  const current = userData.client_ip_address;
  if (ip && matchKeys.client_ip_address && (!current || (isIpv6(ip) && !isIpv6(current)))) userData.client_ip_address = ip;
  return { event: { ...event, user_data: userData }, notes: mergeNotes(browser.keyNotes, notes) };
}

/** fillBrowserIds' event alone. */
export function withBrowserIds(
  event: CapiEvent,
  browser: BrowserIds | null,
  signal: ConsentSignal | null,
  matchKeys: ShopSettings["matchKeys"],
  now = new Date(),
): CapiEvent {
  return fillBrowserIds(event, browser, signal, matchKeys, now).event;
}

// Kept in ./status (no schema library), which the admin's browser bundle may import.
export { ORDER_CANCELLED_BEFORE_SENT };

/**
 * The order was cancelled in Shopify. A Purchase not yet sent (waiting for consent or the
 * browser, queued, retrying, paused) is withdrawn; one a worker is sending right now, or
 * that Meta already has, stays as it is: Meta has no way to take a Purchase back.
 */
export function decideOrderCancelled(status: OutboxStatus): { status: "cancelled"; lastError: string } | null {
  return (OPEN_STATUSES as readonly OutboxStatus[]).includes(status)
    ? { status: "cancelled", lastError: ORDER_CANCELLED_BEFORE_SENT }
    : null;
}
