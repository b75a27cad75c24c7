import type { KeyNote } from "./browser-values";
import type { CapiEvent, CapiEventName } from "./capi-event";
import type { ConsentSignal } from "./consent-snapshot";
import type { ShopSettings } from "./settings";

export type MapContext = {
  settings: ShopSettings;
  shop: { domain: string; primaryUrl?: string; currency?: string };
  now: Date;
};

/** What decideConsent needs from a payload (billing + shipping + customer default address). */
export type ConsentFacts = {
  signal: ConsentSignal | null;
  /** Uppercase ISO 3166-1 alpha-2. */
  countries: string[];
  /** Uppercase province codes of US addresses, e.g. "CA". */
  usStates: string[];
};

export type SkipReason =
  | "event_disabled"
  | "no_event_id"
  | "test_order"
  | "pos_order"
  | "draft_order"
  | "subscription_renewal"
  | "no_checkout_order"
  | "order_cancelled"
  | "payment_state_not_qualifying"
  | "excluded_tag"
  | "missing_currency"
  | "zero_value"
  | "event_too_old"
  | "missing_user_agent"
  | "no_customer_data";

export type MapResult =
  | {
      kind: "event";
      eventName: CapiEventName;
      eventId: string;
      event: CapiEvent;
      /** Send only with the destination's test event code. */
      isTest: boolean;
      consentFacts: ConsentFacts;
      /** Browser values left out of the event, with the reason (never the value). */
      keyNotes?: KeyNote[];
    }
  | {
      kind: "skipped";
      eventName: CapiEventName;
      eventId: string | null;
      reason: SkipReason;
      /** For the merchant's event log: never contains personal data. */
      message: string;
    };

export function skipped(eventName: CapiEventName, eventId: string | null, reason: SkipReason, message: string): MapResult {
  return { kind: "skipped", eventName, eventId, reason, message };
}
