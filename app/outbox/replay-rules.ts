import { MAX_EVENT_AGE_SECONDS } from "../capi";
import { ORDER_CANCELLED_BEFORE_SENT } from "./decide-row";
import { oldestSendableEventTime } from "./expiry";

const DAY_SECONDS = 86_400;

// Who may send an event again, and why not. One rule for the admin and the CLI, so that
// neither can override a shopper's consent: an event that consent held back is never
// sent, whatever button or flag asks for it (a "Send again" button that replays every
// unsent status would send blocked events against the shopper's refusal).

/** Statuses a bulk replay takes: requests that failed, and events that ran out of time during an outage. */
export const BULK_REPLAY_STATUSES = ["failed", "expired"] as const;
export type BulkReplayStatus = (typeof BULK_REPLAY_STATUSES)[number];

export type ReplayCandidate = {
  status: string;
  consentAction: string;
  eventTime: number;
  /** The stored CAPI event (JSON); only its action_source matters here (POS events have a longer window). */
  payload?: string | null;
  /** Why the row stopped: a Purchase withdrawn because its order was cancelled says so. */
  lastError?: string | null;
  /** Shopify cancelled the row's order (a Purchase that failed or expired before the cancellation). */
  orderCancelled?: boolean;
};

export type ReplayVerdict =
  | { kind: "replay" }
  /** Held because Meta refused the token: fixing the token in the settings sends them all. */
  | { kind: "fix-token"; why: string }
  | { kind: "refuse"; why: string };

export const CONSENT_REFUSAL = "Held back by consent: the shopper's choice stands, so this event is never sent, not even on request.";

const REFUSALS: Record<string, string> = {
  blocked: CONSENT_REFUSAL,
  delivered: "Meta already received this event; sending it again would not count it twice, so there is nothing to replay.",
  pending: "Already queued to be sent.",
  retry: "Already queued: Tandem retries it on its own.",
  in_flight: "Being sent right now.",
  waiting_consent: "Waiting for the shopper's consent signal; it is decided when the signal arrives or the wait ends.",
  waiting_browser: "Waiting for the browser's copy; it is decided when it arrives or the wait ends.",
  skipped: "Not sent by rule (see the reason); sending it again would break that rule.",
  cancelled: "Cancelled (the pixel was replaced or the app uninstalled); it is not sent to another pixel.",
};

export const ORDER_CANCELLED_REFUSAL =
  "The order was cancelled in Shopify before this Purchase reached Meta, so Tandem withdrew it: sending it now would report a sale that did not happen.";

/** The one decision: may this row be made due again now? */
export function replayVerdict(row: ReplayCandidate, now: Date): ReplayVerdict {
  // Consent first: whatever status the row reached, a block decision is final.
  if (row.consentAction === "block" || row.status === "blocked") return { kind: "refuse", why: CONSENT_REFUSAL };
  // Then the order's own fate: a cancelled order's unsent Purchase stays unsent.
  if (row.orderCancelled || (row.status === "cancelled" && row.lastError === ORDER_CANCELLED_BEFORE_SENT))
    return { kind: "refuse", why: ORDER_CANCELLED_REFUSAL };
  if (row.status === "paused") {
    return { kind: "fix-token", why: "Meta refused the access token. Fix the token in the settings and every held event is sent." };
  }
  if (row.status === "failed") return { kind: "replay" };
  if (row.status === "expired") {
    if (row.eventTime >= oldestSendableEventTime(actionSourceOf(row.payload), now)) return { kind: "replay" };
    return {
      kind: "refuse",
      why: `Too old for Meta: Meta accepts events for ${MAX_EVENT_AGE_SECONDS.default / DAY_SECONDS} days only (${MAX_EVENT_AGE_SECONDS.physical_store / DAY_SECONDS} for point-of-sale orders), so it can no longer be sent.`,
    };
  }
  return { kind: "refuse", why: REFUSALS[row.status] ?? "This event cannot be sent again in its current state." };
}

function actionSourceOf(payload: string | null | undefined): unknown {
  if (!payload) return undefined;
  try {
    const parsed: unknown = JSON.parse(payload);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>).action_source : undefined;
  } catch {
    return undefined;
  }
}
