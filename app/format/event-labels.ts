import type { BadgeProps } from "@shopify/polaris";
import type { DecisionReason } from "../outbox/decide-row";
import type { OutboxStatus } from "../outbox/status";
import { pausedReasonInWords } from "./token-words";

/** How the admin names each outbox status, and the badge tone that goes with it. */
export const STATUS_LABELS: Record<OutboxStatus, { label: string; tone?: BadgeProps["tone"] }> = {
  delivered: { label: "Delivered", tone: "success" },
  pending: { label: "Queued", tone: "info" },
  in_flight: { label: "Sending", tone: "info" },
  retry: { label: "Retrying", tone: "attention" },
  waiting_consent: { label: "Waiting for consent", tone: "attention" },
  waiting_browser: { label: "Waiting for browser", tone: "attention" },
  paused: { label: "Paused: fix the token", tone: "critical" },
  failed: { label: "Failed", tone: "critical" },
  expired: { label: "Expired", tone: "warning" },
  blocked: { label: "Held back by consent" },
  skipped: { label: "Not sent" },
  cancelled: { label: "Cancelled" },
};

/** The reason of the row's decision (consent, or the browser's part), in words a merchant understands. */
export const CONSENT_REASONS: Record<DecisionReason, string> = {
  signal_allows_marketing: "The shopper allowed marketing.",
  signal_denies_marketing: "The shopper declined marketing: not sent.",
  sale_of_data_opt_out_ldu: "The shopper opted out of the sale of data: sent with Limited Data Use.",
  no_signal_opt_in_region: "No consent signal, and the buyer is in an opt-in region: not sent.",
  no_signal_unknown_region: "No consent signal and no known country: not sent.",
  no_signal_ldu_state: "No consent signal, buyer in a US state with privacy law: sent with Limited Data Use.",
  no_signal_outside_opt_in_regions: "No consent signal; the buyer is outside the opt-in regions: sent.",
  mode_off: "Consent mode is off: sent regardless (the merchant takes responsibility).",
  awaiting_signal: "Waiting for the shopper's consent signal from the storefront.",
  strict_no_signal: "Strict mode and no consent signal: not sent.",
  awaiting_browser: "Waiting for the shopper's browser (the web pixel) to report the user agent Meta requires.",
  no_browser_receipt:
    "The shopper's browser never reported this event (no web pixel receipt), so the user agent Meta requires is missing: not sent.",
  browser_sent_no_user_agent: "The browser's report carried no user agent (no marketing consent, or the match key is off): not sent.",
};

export const statusLabel = (status: string) => STATUS_LABELS[status as OutboxStatus] ?? { label: status };
/** Reasons outside the consent decision: a test event from Settings has no shopper to ask. */
const OTHER_REASONS: Record<string, string> = {
  merchant_test_event: "A test event sent from Settings: no shopper, so no consent question; Meta shows it only under Test events.",
};
export const consentReason = (reason: string) => (CONSENT_REASONS as Record<string, string>)[reason] ?? OTHER_REASONS[reason] ?? reason;

export type WhyRow = { status: string; consentReason: string; lastError: string | null; consentUntil?: Date | string | null };

/**
 * One line saying why a row is where it is, in words: consent codes and replay notes
 * stored in lastError are translated; waits say until when (the caller formats the time).
 */
export function whyInWords(row: WhyRow, time: (value: Date | string) => string): string {
  if (row.status === "blocked") return `Held back: never sent. ${consentReason(row.consentReason).replace(/: not sent\.$/, ".")}`;
  if (row.status === "waiting_consent" && row.consentUntil) {
    return `Waiting until ${time(row.consentUntil)} for the shopper's consent signal; if none arrives, decided by the consent mode.`;
  }
  if (row.status === "waiting_browser" && row.consentUntil) {
    return `Waiting until ${time(row.consentUntil)} for the browser's copy (it carries what Meta needs); if none arrives, not sent.`;
  }
  const error = row.lastError;
  if (!error) return consentReason(row.consentReason);
  const consent = /^Consent: (\w+)$/.exec(error);
  if (consent) return consentReason(consent[1]);
  const replayed = /^Replayed from (\w+) at /.exec(error);
  if (replayed) return `Queued again on request (it was ${statusLabel(replayed[1]).label.toLowerCase()}).`;
  if (error === "Resumed: due again." || error === "Destination resumed; due again.") return "The token was fixed: queued again.";
  const paused = /^(?:Destination paused|Paused): (.*)$/s.exec(error);
  if (paused) return `Held: sending to this pixel is paused. ${pausedReasonInWords(paused[1])} It goes out once a working token is saved.`;
  // Rows expired before the reason was worded for merchants carry the technical sentence.
  const expired = /^Too old for Meta: event_time \S+ is outside Meta's (\d+)-day window/.exec(error);
  if (expired) return `Never sent: Meta accepts events up to ${expired[1]} days old, and this one could not be sent in time.`;
  return error;
}
