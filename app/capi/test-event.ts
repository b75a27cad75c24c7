import type { CapiEvent } from "./capi-event";
import { sha256Hex } from "./hash";

// The event behind Settings' "Send test event": a Purchase worth 1.00 that exists only
// to be shown in Events Manager > Test events. It travels the pipeline like any event
// (outbox row, worker, Graph request) but only ever with the pixel's test event code,
// and its id cannot collide with a real order's.

export const TEST_EVENT_ID_PREFIX = "tandem_test_";
/** Hashed so Meta's checks see a matching key; it is nobody's identifier. */
export const TEST_EVENT_EXTERNAL_ID = "tandem-test-event";
export const TEST_EVENT_CONTENT_ID = "tandem-test-product";

export type TestEventInput = {
  /** Unique per press of the button (TEST_EVENT_ID_PREFIX + random). */
  eventId: string;
  now: Date;
  /** The storefront's URL: website events need event_source_url. */
  sourceUrl: string;
  /** The merchant's own browser (website events need a user agent); never a shopper's. */
  userAgent: string;
  currency: string;
};

export function buildTestEvent(input: TestEventInput): CapiEvent {
  return {
    event_name: "Purchase",
    event_time: Math.floor(input.now.getTime() / 1000),
    event_id: input.eventId,
    action_source: "website",
    event_source_url: input.sourceUrl,
    user_data: { external_id: [sha256Hex(TEST_EVENT_EXTERNAL_ID)], client_user_agent: input.userAgent },
    custom_data: { value: 1, currency: input.currency, content_ids: [TEST_EVENT_CONTENT_ID], content_type: "product", num_items: 1 },
  };
}

export function isTestEventId(eventId: string): boolean {
  return eventId.startsWith(TEST_EVENT_ID_PREFIX);
}
