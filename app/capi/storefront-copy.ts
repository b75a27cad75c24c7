import type { CapiEvent } from "./capi-event";
import { eventSourceUrl } from "./event-context";
import type { ConsentFacts } from "./map-result";
import { maxEventAgeSeconds, STOREFRONT_EVENT_NAMES, type StorefrontEventName } from "./meta-limits";
import { consentSignalFromReceipt, type PixelReceipt, type ReceiptBrowserValues } from "./pixel-receipt";
import type { ShopSettings } from "./settings";

// The server's copy of a storefront event the web pixel fired (ViewContent, AddToCart),
// built from its receipt: same name, same id, the receipt's products and prices, and the
// match keys a browser request can carry (fbp, fbc, IP, user agent; decide-row.ts fills
// them under the shop's match-key switches and the receipt's consent). Why each copy is
// or is not made: docs/decisions/042.

export type StorefrontCopyRefusal =
  | "not_storefront_event"
  | "not_opted_in"
  | "no_marketing_consent"
  | "no_custom_data"
  | "not_a_uuid"
  | "no_user_agent"
  | "bot_user_agent"
  | "too_old";

export type StorefrontCopy =
  | { kind: "event"; eventName: StorefrontEventName; event: CapiEvent; facts: ConsentFacts }
  | { kind: "none"; reason: StorefrontCopyRefusal };

// The embed and the web pixel make these ids (crypto.randomUUID or the same v4 layout):
// anything else did not come from Tandem's storefront code.
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// Crawlers, monitors, headless browsers and HTTP libraries: none is a shopper, and a flood
// of fake receipts most often comes from one of them. A determined forger sets a browser's
// user agent; the rate limits (app/pixel/rate-limit.server.ts) bound what remains.
const BOT_USER_AGENT =
  /bot\b|bot\/|crawl|spider|slurp|headless|lighthouse|pagespeed|pingdom|uptime|monitor|preview|facebookexternalhit|curl\/|wget\/|python|java\/|go-http|okhttp|axios|node-fetch|undici|httpclient|libwww|scrapy|phantomjs|puppeteer|playwright|selenium/i;

export function isBotUserAgent(userAgent: string | null): boolean {
  return userAgent !== null && BOT_USER_AGENT.test(userAgent);
}

export function isStorefrontEventName(name: string): name is StorefrontEventName {
  return (STOREFRONT_EVENT_NAMES as readonly string[]).includes(name);
}

/** Whether the shop wants the server's copy of this storefront event (an undecided choice is no). */
export function wantsServerCopy(eventName: string, settings: ShopSettings): boolean {
  if (eventName === "AddToCart") return settings.serverCopies.addToCart === "on";
  if (eventName === "ViewContent") return settings.serverCopies.viewContent === "on";
  return false;
}

export function toStorefrontCopy(input: {
  receipt: PixelReceipt;
  values: ReceiptBrowserValues;
  settings: ShopSettings;
  shop: { domain: string };
  now: Date;
}): StorefrontCopy {
  const { receipt, values, settings, now } = input;
  const eventName = receipt.event_name;
  if (!isStorefrontEventName(eventName)) return { kind: "none", reason: "not_storefront_event" };
  if (!wantsServerCopy(eventName, settings)) return { kind: "none", reason: "not_opted_in" };
  // The browser fired no hit without marketing consent: there is nothing to pair with.
  if (!receipt.consent.marketing) return { kind: "none", reason: "no_marketing_consent" };
  if (!receipt.custom_data) return { kind: "none", reason: "no_custom_data" };
  if (!UUID_V4.test(receipt.event_id)) return { kind: "none", reason: "not_a_uuid" };
  // Meta requires the user agent of a website event; a bad one was already left out.
  if (!values.userAgent) return { kind: "none", reason: "no_user_agent" };
  if (isBotUserAgent(values.userAgent)) return { kind: "none", reason: "bot_user_agent" };
  const eventTime = Math.min(Math.floor(values.occurredAt.getTime() / 1000), Math.floor(now.getTime() / 1000));
  if (now.getTime() / 1000 - eventTime > maxEventAgeSeconds("website")) return { kind: "none", reason: "too_old" };

  const data = receipt.custom_data;
  const event: CapiEvent = {
    event_name: eventName,
    event_time: eventTime,
    event_id: receipt.event_id,
    action_source: "website",
    // The page the shopper was on, without its query (only the parameters Tandem keeps), else the shop.
    event_source_url: eventSourceUrl(values.pageUrl, { domain: input.shop.domain }),
    // Filled from the receipt by the outbox's decision (decide-row.ts), under the shop's switches.
    user_data: {},
    custom_data: {
      value: data.value,
      currency: data.currency,
      content_type: data.content_type,
      num_items: data.num_items,
      ...(data.content_ids.length ? { content_ids: [...new Set(data.content_ids)] } : {}),
      ...(data.contents.length ? { contents: data.contents } : {}),
    },
  };
  const signal = { ...consentSignalFromReceipt(receipt), capturedAt: values.occurredAt.getTime() };
  // A storefront visit has no address: the receipt's own signal is the whole consent record.
  return { kind: "event", eventName, event, facts: { signal, countries: [], usStates: [] } };
}
