import type { OutboxStatus } from "../outbox/status";

// Whether an event's data left the store, and the words for each part of its page that
// would otherwise claim it did: a held-back order's page said "Customer information
// sent", "Queued for Meta" and made a deduplication claim about a copy never sent.

/** accepted: Meta took it; tried: requests carried it, Meta has not taken it; never: it never left the store (yet). */
export type SendingState = "accepted" | "tried" | "never";

export function sendingState(status: string, attempts: number): SendingState {
  if (status === "delivered") return "accepted";
  return attempts > 0 ? "tried" : "never";
}

export function customerInfoTitle(state: SendingState): string {
  return state === "accepted"
    ? "Customer information sent"
    : state === "tried"
      ? "Customer information in the requests to Meta"
      : "Customer information (not sent)";
}

/** Why nothing was sent, for a page with no request to show: each status in its own words. */
const NEVER: Partial<Record<OutboxStatus, string>> = {
  blocked: "Never sent: the shopper's consent choice held it back, and it stays unsent.",
  expired: "Never sent: Meta accepts events up to 7 days old, and this one could not be sent in time.",
  skipped: "Never sent: a rule of this shop or what Meta requires left it out (see above).",
  cancelled: "Never sent: sending stopped for this shop.",
  waiting_consent: "Not sent yet: it waits for the shopper's consent choice.",
  waiting_browser: "Not sent yet: it waits for the shopper's browser to report.",
  pending: "Not sent yet: it goes out within a minute.",
  in_flight: "Being sent now.",
  paused: "Not sent yet: it waits for a working access token.",
  failed: "Never accepted by Meta.",
  retry: "Not sent yet: Meta was unavailable; it is tried again.",
};

export function noRequestWords(status: string): string {
  return NEVER[status as OutboxStatus] ?? "Not sent to Meta.";
}

/** The note above the customer-information checklist. */
export function customerInfoNote(state: SendingState, status: string): string {
  if (state === "accepted")
    return "Meta matches the event to a person with these. Personal data is hashed (SHA-256) before it leaves your store.";
  if (state === "tried") return "The requests to Meta carried these, hashed (SHA-256); Meta has not accepted the event.";
  return status === "blocked"
    ? "None of this was sent: consent held the event back. This is what the event holds, hashed (SHA-256), and it stays in your store."
    : "None of this has been sent to Meta. This is what the event holds, hashed (SHA-256).";
}

/**
 * The deduplication card: a claim about two copies only when the server copy went out, and
 * none at all for an event no browser sends (`serverOnly`: a renewal, a Subscribe, a
 * cancellation or refund event, an order made without a checkout).
 */
export function dedupWords(state: SendingState, browserCopyAt: string | null, serverOnly = false): string {
  if (state === "accepted" && serverOnly && !browserCopyAt) {
    return "Sent from the server only: no shopper's browser sends a copy of this event, so Meta has nothing to deduplicate.";
  }
  const browser = browserCopyAt ? ` The shopper's browser reported its copy at ${browserCopyAt}.` : "";
  if (state === "tried") return `Meta has not accepted the server copy, so there is nothing to deduplicate yet.${browser}`;
  if (state === "never") {
    return `Tandem has sent no server copy of this event, so Meta has nothing to deduplicate.${browser}`;
  }
  return browserCopyAt
    ? `The browser sent its copy at ${browserCopyAt}. Meta keeps one of the two.`
    : "No browser copy reported: Meta counts the server copy alone.";
}
