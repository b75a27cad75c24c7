// When a failed request's events are tried again. Pure: the caller supplies the attempt
// number and the random source, so tests can pin both.
//
// Formula ("equal jitter" with a floor, per schedule):
//   ceiling(n) = min(cap, base * 2^(n-1))
//   delay(n)   = max(base, ceiling(n) * (1 - random / 2))
// so every delay lies in [max(base, ceiling/2), ceiling]: never sooner than the base
// (a throttled destination is never hit again early), never later than the cap, and
// spread over up to half the ceiling so requests that failed together during an outage
// do not all come back in the same second.
//
// There is no maximum attempt count on purpose: an event stops being retried when it
// becomes too old for Meta (the worker marks it `expired` before sending it), which is
// the one deadline that matters and keeps every event visible until then.

export type RetryKind = "transient" | "throttled" | "blocked";

export type BackoffSchedule = { baseMs: number; capMs: number };

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const BACKOFF: Readonly<Record<RetryKind, BackoffSchedule>> = {
  // Network errors, timeouts, 5xx, Graph codes 1 and 2: usually over within seconds.
  transient: { baseMs: 5 * SECOND, capMs: 30 * MINUTE },
  // Graph codes 4, 17, 341, 613: Meta asks us to slow down; coming back in seconds
  // would extend the throttle, so start at a minute.
  throttled: { baseMs: 60 * SECOND, capMs: HOUR },
  // Code 368 (temporarily blocked as abusive): hours, not minutes; retrying fast makes it worse.
  blocked: { baseMs: 15 * MINUTE, capMs: 6 * HOUR },
};

/** Delay before the next try after failed attempt number `attempt` (1 = the first try). */
export function backoffDelayMs(kind: RetryKind, attempt: number, random: () => number = Math.random): number {
  const { baseMs, capMs } = BACKOFF[kind];
  const n = Math.max(1, Math.floor(attempt));
  // 2^(n-1) overflows to Infinity for large n, which min() turns into the cap.
  const ceiling = Math.min(capMs, baseMs * 2 ** (n - 1));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(Math.max(baseMs, ceiling * (1 - r / 2)));
}

/** The moment of the next try, from `now`. */
export function nextAttemptAt(kind: RetryKind, attempt: number, now: Date, random: () => number = Math.random): Date {
  return new Date(now.getTime() + backoffDelayMs(kind, attempt, random));
}
