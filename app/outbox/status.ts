// The outbox row's statuses and the only moves between them (pg-boss style: a move that
// is not in the table throws instead of writing). Every module that changes a row's
// status asks `transition()` for the guard and the new value; none spells a status of
// its own. Pure and free of server imports, so the admin's labels can be typed by it.

export const OUTBOX_STATUSES = [
  // Waiting for something before it can be decided.
  "waiting_consent", // no consent signal yet; decided when one arrives or the grace period ends
  "waiting_browser", // the webhook lacks the browser (user agent, IP); the web pixel's receipt brings it
  // Due for a worker.
  "pending",
  "retry",
  "in_flight", // leased by a worker (leaseOwner, leaseUntil)
  "paused", // its destination's token was refused; resumes with a new token
  // Final (a merchant may replay some of them).
  "delivered",
  "failed",
  "expired",
  "blocked", // a consent decision against sending
  "skipped", // not sendable for a reason that is not consent (test order without a test code, no browser)
  "cancelled", // the destination was replaced or the app uninstalled
] as const;

export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** The reason a cancelled order's unsent Purchase carries (lastError); the admin reads it back. */
export const ORDER_CANCELLED_BEFORE_SENT = "Order cancelled before it was sent.";

/**
 * The stored reason (lastError) of a `skipped` row written for a pixel the merchant had
 * paused when the event arrived: the order is recorded for that pixel as not sent, so its
 * accuracy and the reconciliation say why, and resuming the pixel does not send it.
 */
export const PIXEL_PAUSED_WHEN_RECEIVED = "Not sent: this pixel was paused when the event arrived.";

/** Waiting for something (a consent signal, the browser's receipt) before they can be decided. */
export const WAITING_STATUSES = ["waiting_consent", "waiting_browser"] as const satisfies readonly OutboxStatus[];
/** Due for a worker now or at their next attempt time. */
export const DUE_STATUSES = ["pending", "retry"] as const satisfies readonly OutboxStatus[];
/** Not yet sent and not held by a worker: a receipt, a consent signal or a setting may still change them. */
export const OPEN_STATUSES = [
  "pending",
  "retry",
  "waiting_consent",
  "waiting_browser",
  "paused",
] as const satisfies readonly OutboxStatus[];
/** Everything that may still reach Meta, including rows a worker holds right now. */
export const UNSENT_STATUSES = [...OPEN_STATUSES, "in_flight"] as const satisfies readonly OutboxStatus[];
/** Statuses that change on their own soon (a worker or a wait moves them); pages showing them follow them. */
export const MOVING_STATUSES = [...DUE_STATUSES, "in_flight", ...WAITING_STATUSES] as const satisfies readonly OutboxStatus[];
/**
 * Settled: nothing in the pipeline moves them again (a merchant may still replay some).
 * Retention deletes these past RETENTION_DAYS; `cancelled` rows (a replaced destination, an
 * uninstall) are kept, so that what was withdrawn stays visible.
 */
export const SETTLED_STATUSES = ["delivered", "failed", "expired", "blocked", "skipped"] as const satisfies readonly OutboxStatus[];
/** What a worker claims (in_flight only once its lease has run out). */
export const CLAIMABLE_STATUSES = ["pending", "retry", "in_flight"] as const satisfies readonly OutboxStatus[];

/** What a new row may start as (the ingest's decision). */
export const INITIAL_STATUSES = [
  "pending",
  "waiting_consent",
  "waiting_browser",
  "blocked",
  "skipped",
] as const satisfies readonly OutboxStatus[];
export type InitialStatus = (typeof INITIAL_STATUSES)[number];

const DECIDED: readonly OutboxStatus[] = ["pending", "blocked", "failed", "skipped", "cancelled"];

/**
 * from -> the statuses it may move to. Read it as the row's life:
 * waits are decided (pending / blocked / skipped, or failed for an unreadable payload);
 * a worker claims due rows and settles them; a refused token pauses a destination's
 * rows until the merchant resumes it; a merchant may replay final rows, except blocked ones (consent is final).
 */
export const TRANSITIONS: Readonly<Record<OutboxStatus, readonly OutboxStatus[]>> = {
  waiting_consent: ["waiting_consent", ...DECIDED],
  // A receipt without a consent choice the shop can obey leaves the row waiting for consent.
  waiting_browser: ["waiting_browser", "waiting_consent", ...DECIDED],
  pending: ["pending", "in_flight", "paused", ...DECIDED],
  retry: ["retry", "in_flight", "paused", ...DECIDED],
  // A claim of a row whose lease ran out is in_flight -> in_flight; release is -> pending.
  in_flight: ["in_flight", "delivered", "retry", "failed", "expired", "paused", "skipped", "pending", "cancelled"],
  paused: ["paused", ...DECIDED],
  // Only a forced replay: Meta already counted it, so it is never moved back by the pipeline.
  delivered: ["pending"],
  failed: ["pending"],
  expired: ["pending"],
  // Final: the shopper's choice stands; no replay, receipt or setting may send it.
  blocked: [],
  skipped: ["pending"],
  cancelled: ["pending"],
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`Outbox row may not move from ${from} to ${to}`);
    this.name = "IllegalTransitionError";
  }
}

export function isOutboxStatus(value: unknown): value is OutboxStatus {
  return typeof value === "string" && (OUTBOX_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: OutboxStatus, to: OutboxStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws IllegalTransitionError when the table does not allow from -> to. */
export function assertTransition(from: string, to: string): asserts to is OutboxStatus {
  if (!isOutboxStatus(from) || !isOutboxStatus(to) || !canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

/**
 * The guard and the value of a status change, for a Prisma `updateMany`:
 * `where: { id, ...move.where }, data: { ...move.data, ... }`. The guard is what makes
 * concurrent writers safe: a row that left `from` meanwhile is not touched (count 0).
 */
export function transition<To extends OutboxStatus>(from: OutboxStatus | readonly OutboxStatus[], to: To) {
  const sources: OutboxStatus[] = typeof from === "string" ? [from] : [...from];
  if (sources.length === 0) throw new IllegalTransitionError("(nothing)", to);
  for (const source of sources) assertTransition(source, to);
  return {
    where: { status: sources.length === 1 ? sources[0] : { in: sources } },
    data: { status: to },
  };
}

/** The status a new row starts in; checked like a transition so the table stays the one rule. */
export function initialStatus<S extends InitialStatus>(status: S): S {
  if (!(INITIAL_STATUSES as readonly string[]).includes(status)) throw new IllegalTransitionError("(new)", status);
  return status;
}
