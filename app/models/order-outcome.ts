import { consentReason, whyInWords } from "../format/event-labels";
import { ORDER_CANCELLED_BEFORE_SENT, PIXEL_PAUSED_WHEN_RECEIVED } from "../outbox/status";
import { formatDateTime, formatTime, type ShopClock } from "./shop-time";

// What became of one received order or checkout, in words a merchant reads: the ingest
// outcome (skipped, before setup, refused) or, once queued, what each Meta pixel's
// outbox row says. Pure: the loader and the CLI share it.

export type OutcomeTone = "success" | "info" | "attention" | "warning" | "critical" | undefined;
export type Outcome = { key: string; tone: OutcomeTone; label: string; detail: string };

export type ReceivedRow = { outcome: string; reason: string | null; message: string | null; isTest: boolean };
export type OutboxFacts = {
  pixelId: string;
  status: string;
  lastError: string | null;
  consentReason: string;
  consentUntil: Date | string | null;
  nextAttemptAt: Date | string;
  deliveredAt: Date | string | null;
};

export function describeOutcome(row: ReceivedRow, events: OutboxFacts[], clock: ShopClock): Outcome {
  switch (row.outcome) {
    case "skipped":
      return {
        key: `filtered:${row.reason ?? "other"}`,
        tone: undefined,
        label: "Not sent (filtered)",
        detail: row.message ?? "A filter of this shop excluded it.",
      };
    case "not_configured":
      return {
        key: "before_setup",
        tone: "warning",
        label: "Received before setup",
        detail: "No Meta pixel was connected when it arrived, so nothing was sent.",
      };
    case "shop_uninstalled":
      return {
        key: "uninstalled",
        tone: undefined,
        label: "Received after uninstall",
        detail: "The app was uninstalled: nothing is sent for this shop.",
      };
    case "rejected":
      return { key: "rejected", tone: "critical", label: "Refused", detail: row.message ?? "Shopify's payload could not be read." };
  }
  if (events.length === 0)
    return { key: "queued", tone: "info", label: "Queued", detail: "Recorded; no Meta pixel row exists for it anymore." };
  const parts = events.map((event) => ({ event, words: eventWords(event, clock) }));
  // The least advanced state leads: a merchant wants to know what is not done yet.
  parts.sort((a, b) => RANK[a.words.key] - RANK[b.words.key]);
  const lead = parts[0].words;
  const detail = parts.length === 1 ? lead.detail : parts.map(({ event, words }) => `Pixel ${event.pixelId}: ${words.detail}`).join(" ");
  return { ...lead, detail };
}

const RANK: Record<string, number> = {
  failed: 0,
  paused: 1,
  expired: 2,
  retry: 3,
  held_consent: 4,
  waiting_consent: 5,
  waiting_browser: 6,
  sending: 7,
  not_sent: 8,
  pixel_paused: 8,
  cancelled: 9,
  withdrawn_cancelled: 9,
  delivered: 10,
};

function eventWords(event: OutboxFacts, clock: ShopClock): Outcome {
  switch (event.status) {
    case "delivered":
      return {
        key: "delivered",
        tone: "success",
        label: "Sent and accepted",
        detail: `Meta accepted it${event.deliveredAt ? ` on ${formatDateTime(event.deliveredAt, clock)}` : ""}.`,
      };
    case "pending":
    case "in_flight":
      return { key: "sending", tone: "info", label: "Sending", detail: "Queued for Meta: it goes out within seconds." };
    case "retry":
      return {
        key: "retry",
        tone: "attention",
        label: `Retrying at ${formatTime(event.nextAttemptAt, clock)}`,
        detail: `Meta did not take it yet${event.lastError ? ` (${event.lastError})` : ""}; next try at ${formatTime(event.nextAttemptAt, clock)}.`,
      };
    case "waiting_consent": {
      const until = event.consentUntil ? formatTime(event.consentUntil, clock) : null;
      return {
        key: "waiting_consent",
        tone: "attention",
        label: until ? `Waiting until ${until}` : "Waiting for consent",
        detail: `Waiting for the shopper's consent signal${until ? ` until ${until}` : ""}; then the shop's consent mode decides.`,
      };
    }
    case "waiting_browser": {
      const until = event.consentUntil ? formatTime(event.consentUntil, clock) : null;
      return {
        key: "waiting_browser",
        tone: "attention",
        label: until ? `Waiting until ${until}` : "Waiting for the browser",
        detail: `Waiting for the shopper's browser data${until ? ` until ${until}` : ""}.`,
      };
    }
    case "blocked":
      return {
        key: "held_consent",
        tone: undefined,
        label: "Held back by consent",
        detail: `Never sent: ${consentReason(event.consentReason)}`,
      };
    case "paused":
      return {
        key: "paused",
        tone: "critical",
        label: "Waiting: token needs fixing",
        detail: "Meta refused the access token; it goes out once the token is fixed in Settings.",
      };
    case "failed":
      return { key: "failed", tone: "critical", label: "Failed", detail: `Meta refused it: ${event.lastError ?? "no reason given"}.` };
    case "expired":
      return {
        key: "expired",
        tone: "warning",
        label: "Expired",
        detail: "Too old for Meta by the time it could be sent (Meta takes events up to 7 days old).",
      };
    case "cancelled":
      if (event.lastError === ORDER_CANCELLED_BEFORE_SENT) {
        return {
          key: "withdrawn_cancelled",
          tone: undefined,
          label: "Withdrawn: order cancelled",
          detail: "The order was cancelled before its Purchase was sent, so Meta never received it.",
        };
      }
      return { key: "cancelled", tone: undefined, label: "Cancelled", detail: event.lastError ?? "Cancelled." };
    case "skipped":
      if (event.lastError === PIXEL_PAUSED_WHEN_RECEIVED) {
        return {
          key: "pixel_paused",
          tone: "warning",
          label: "Not sent: pixel paused",
          detail: "This pixel was paused in Settings when the order arrived, so it was not sent to it.",
        };
      }
      return { key: "not_sent", tone: undefined, label: "Not sent", detail: whyInWords(event, (at) => formatTime(at, clock)) };
    default:
      // The stored reason in words: a checkout whose browser never reported says so, not a bare "Not sent".
      return { key: "not_sent", tone: undefined, label: "Not sent", detail: whyInWords(event, (at) => formatTime(at, clock)) };
  }
}

/** Short reason words for a difference between received orders and accepted purchases. */
export const GAP_REASONS: Record<string, string> = {
  delivered: "accepted by Meta",
  sending: "being sent",
  retry: "retrying after a Meta error",
  waiting_consent: "waiting for the shopper's consent",
  waiting_browser: "waiting for the shopper's browser",
  held_consent: "held back by consent",
  paused: "waiting for a fixed Meta token",
  failed: "refused by Meta",
  expired: "expired before it could be sent",
  cancelled: "cancelled at uninstall",
  withdrawn_cancelled: "withdrawn: the order was cancelled before it was sent",
  no_browser: "no browser data (the web pixel never reported it)",
  skipped: "not sent by rule",
  pixel_paused: "not sent: pixel paused",
  sent: "accepted by Meta",
  in_progress: "in progress",
  not_sent: "not sent",
  before_setup: "received before setup",
  uninstalled: "received after uninstall",
  rejected: "refused as unreadable",
  queued: "recorded",
};

export function gapReason(key: string): string {
  if (key.startsWith("filtered:")) return `filtered (${FILTER_WORDS[key.slice(9)] ?? key.slice(9).replaceAll("_", " ")})`;
  return GAP_REASONS[key] ?? key;
}

const FILTER_WORDS: Record<string, string> = {
  event_disabled: "Purchase events switched off",
  test_order: "test order",
  pos_order: "point-of-sale order",
  draft_order: "draft order",
  subscription_renewal: "subscription renewal",
  no_checkout_order: "created without a checkout (app, API, import)",
  order_cancelled: "cancelled order",
  payment_state_not_qualifying: "not paid yet",
  excluded_tag: "excluded tag",
  missing_currency: "no currency",
  zero_value: "zero value",
  event_too_old: "too old",
  missing_user_agent: "no browser data",
  no_customer_data: "no customer data",
  no_event_id: "no order id",
};
