import { describe, expect, it } from "vitest";
import { whyInWords } from "./event-labels";
import { customerInfoNote, customerInfoTitle, dedupWords, noRequestWords, sendingState } from "./unsent-words";

const NEVER_SENT = ["blocked", "expired", "skipped", "cancelled", "waiting_consent", "waiting_browser", "pending", "paused"];

describe("an event that was never sent never reads as sent", () => {
  it("GIVEN a held-back, expired, skipped or waiting event with no request THEN no part of its page says sent, queued or deduplicated", () => {
    for (const status of NEVER_SENT) {
      const state = sendingState(status, 0);
      expect(state).toBe("never");
      const words = [
        customerInfoTitle(state),
        customerInfoNote(state, status),
        noRequestWords(status),
        dedupWords(state, "6 Dec 2026, 10:00"),
      ];
      for (const text of words) expect(text).not.toMatch(/information sent|Queued for Meta|Meta keeps one|: sent\b/);
      expect(customerInfoTitle(state)).toBe("Customer information (not sent)");
    }
    expect(noRequestWords("blocked")).toBe("Never sent: the shopper's consent choice held it back, and it stays unsent.");
    expect(dedupWords("never", null)).toBe("Tandem has sent no server copy of this event, so Meta has nothing to deduplicate.");
  });

  it("GIVEN a delivered event THEN its data reads as sent and its two copies as deduplicated", () => {
    expect(customerInfoTitle(sendingState("delivered", 1))).toBe("Customer information sent");
    expect(dedupWords("accepted", "6 Dec 2026, 10:00")).toBe("The browser sent its copy at 6 Dec 2026, 10:00. Meta keeps one of the two.");
  });

  it("GIVEN a delivered event no browser sends (a renewal, a Subscribe, a POS order) THEN no browser copy is expected of it", () => {
    const words = dedupWords("accepted", null, true);
    expect(words).toBe("Sent from the server only: no shopper's browser sends a copy of this event, so Meta has nothing to deduplicate.");
    expect(words).not.toMatch(/No browser copy reported/);
    expect(dedupWords("accepted", null, false)).toBe("No browser copy reported: Meta counts the server copy alone.");
  });

  it("GIVEN an expired row stored with the technical sentence THEN the merchant reads it in words", () => {
    const row = {
      status: "expired",
      consentReason: "signal_allows_marketing",
      lastError: "Too old for Meta: event_time 2026-11-29T06:18:31.000Z is outside Meta's 7-day window (less a 1-hour margin); never sent.",
    };
    expect(whyInWords(row, String)).toBe("Never sent: Meta accepts events up to 7 days old, and this one could not be sent in time.");
  });
});
