import { maxEventAgeSeconds } from "../capi";

const HOUR_S = 3_600;
/**
 * Meta refuses a whole request for one event older than its window, so an event is
 * retired an hour before the window ends: that hour covers clock skew and the time the
 * request may spend waiting, retrying, or being split.
 */
export const EXPIRY_MARGIN_S = HOUR_S;

/** Latest event_time (Unix s) that may still be sent now for this action source. */
export function oldestSendableEventTime(actionSource: unknown, now: Date): number {
  return Math.floor(now.getTime() / 1000) - maxEventAgeSeconds(actionSource) + EXPIRY_MARGIN_S;
}
