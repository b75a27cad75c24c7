// The web pixel's behaviour, free of Shopify's runtime: index.ts registers it, tests drive
// it with plain objects.
import { checkoutEventId, purchaseEventId, toIdDigits } from "./event-id";
import { toCustomData, type CatalogIdRule, type CheckoutLike, type Rules } from "./custom-data";
import { normalizeEmail, normalizePhone, sha256Hex, toPixelHitUrl } from "./meta-hit";
import { PRODUCT_EVENTS, storefrontEventId, toProductCustomData, type ProductCustomData, type ProductEventData } from "./product-events";
import { ensureFbp, type CookieJar } from "./fbp-cookie";
import { firstSend, type BrowserStore } from "./sent-once";

type Fetch = (url: string, init: RequestInit) => Promise<unknown>;

interface Privacy {
  marketingAllowed: boolean;
  analyticsProcessingAllowed: boolean;
  saleOfDataAllowed: boolean;
}

interface PixelEvent {
  timestamp?: string;
  context?: { document?: { location?: { href?: string; search?: string; hostname?: string }; referrer?: string } };
  data?: { checkout?: CheckoutLike } & ProductEventData;
}

export interface PixelApi {
  settings: Record<string, string | undefined>;
  analytics: { subscribe(name: string, callback: (event: PixelEvent) => void): unknown };
  browser: { cookie: CookieJar; localStorage?: BrowserStore };
  init: { customerPrivacy?: Privacy; data?: { customer?: { id?: string | null } | null } };
  customerPrivacy?: { subscribe(name: string, callback: (event: { customerPrivacy: Privacy }) => void): unknown };
}

const EVENTS: Array<[string, string, (checkout: CheckoutLike) => string | null]> = [
  ["checkout_started", "InitiateCheckout", (c) => checkoutEventId("ic", c.token)],
  ["payment_info_submitted", "AddPaymentInfo", (c) => checkoutEventId("api", c.token)],
  ["checkout_completed", "Purchase", (c) => purchaseEventId(c.order?.id)],
];
const CATALOG_RULES: CatalogIdRule[] = ["variant_id", "product_id", "sku", "shopify_feed"];

/** fbclid from the page URL, else the referrer; only what a click id is made of. */
export function clickId(event: PixelEvent): string | null {
  const fromUrl = new URLSearchParams(event.context?.document?.location?.search ?? "").get("fbclid");
  let id = fromUrl;
  if (!id) {
    try {
      id = new URL(event.context?.document?.referrer ?? "").searchParams.get("fbclid");
    } catch {
      id = null;
    }
  }
  return id && /^[A-Za-z0-9_-]{1,500}$/.test(id) ? id : null;
}

export function toRules(settings: PixelApi["settings"]): Rules {
  const rule = settings.catalogIdRule as CatalogIdRule;
  return {
    includeShipping: settings.includeShipping === "true",
    includeTax: settings.includeTax === "true",
    catalogIdRule: CATALOG_RULES.includes(rule) ? rule : "variant_id",
    catalogCountry: (settings.catalogCountry || "US").trim().toUpperCase(),
  };
}

const list = (text: string | undefined) =>
  (text ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

export function createTandemPixel(deps: { fetch: Fetch; now: () => number; random?: () => number }) {
  const random = deps.random ?? Math.random;
  return function tandemPixel(api: PixelApi): void {
    const { settings, browser } = api;
    const rules = toRules(settings);
    const pixelIds = list(settings.pixelIds);
    // The storefront events whose receipt asks the server for its copy (the merchant's choice).
    const serverCopies = list(settings.serverCopies);
    let privacy: Privacy = api.init.customerPrivacy ?? {
      marketingAllowed: false,
      analyticsProcessingAllowed: false,
      saleOfDataAllowed: false,
    };
    api.customerPrivacy?.subscribe("visitorConsentCollected", (event) => {
      privacy = event.customerPrivacy;
    });

    const identifier = async (name: "_fbp" | "_fbc", checkout: CheckoutLike, event: PixelEvent) => {
      const cookie = await browser.cookie.get(name).catch(() => "");
      const attribute = checkout.attributes?.find((a) => a.key === name)?.value;
      const current = cookie || attribute || null;
      // fbevents.js blocked or not loaded (checkout pages, a storefront without the embed):
      // Tandem's own browser id in Meta's format, as the theme embed writes it.
      if (name === "_fbp") return current || ensureFbp(browser.cookie, event.context?.document?.location?.hostname, deps.now(), random);
      // The click of this visit (page URL, else referrer): a newer one than the cookie's
      // replaces it with a new creation time, as the theme embed and the server do.
      const fbclid = clickId(event);
      return fbclid && (!current || current.split(".")[3] !== fbclid) ? `fb.1.${deps.now()}.${fbclid}` : current;
    };

    const userData = async (checkout: CheckoutLike) => {
      const out: Record<string, string> = {};
      const customerId = toIdDigits(checkout.order?.customer?.id ?? api.init.data?.customer?.id ?? null);
      if (customerId) out.external_id = await sha256Hex(customerId);
      const email = settings.sendHashedEmail === "true" ? normalizeEmail(checkout.email) : null;
      if (email) out.em = await sha256Hex(email);
      const phone = settings.sendHashedPhone === "true" ? normalizePhone(checkout.phone) : null;
      if (phone) out.ph = await sha256Hex(phone);
      return out;
    };

    const handle = async (eventName: string, eventId: string | null, event: PixelEvent, product?: ProductCustomData) => {
      const checkout = event.data?.checkout ?? {};
      const consent = privacy;
      const marketing = consent.marketingAllowed === true;
      const occurredAt = Date.parse(event.timestamp ?? "") || deps.now();
      const pageUrl = event.context?.document?.location?.href || null;
      const fbp = marketing ? await identifier("_fbp", checkout, event) : null;
      const fbc = marketing ? await identifier("_fbc", checkout, event) : null;
      const sends: Array<Promise<unknown>> = [];
      // A thank-you page loaded again (reload, gateway redirect) sends no second Purchase hit;
      // its receipt still goes: the server merges it into the same order's event.
      const again = eventName === "Purchase" && eventId !== null && marketing && !(await firstSend(browser.localStorage, eventId));
      if (marketing && pixelIds.length > 0 && !again) {
        const customData = product ?? toCustomData(checkout, rules);
        const ud = await userData(checkout);
        for (const pixelId of pixelIds) {
          const url = toPixelHitUrl({
            pixelId,
            eventName,
            eventId,
            pageUrl,
            fbp,
            fbc,
            customData,
            userData: ud,
            referrer: event.context?.document?.referrer || null,
            timestamp: occurredAt,
            limitedDataUse: consent.saleOfDataAllowed !== true,
          });
          sends.push(deps.fetch(url, { method: "GET", mode: "no-cors", keepalive: true }));
        }
      }
      // The receipt is the consent signal the server decides on; it carries no personal data.
      const wantsReceipt = !product || (marketing && serverCopies.includes(eventName));
      if (eventId && settings.receiptUrl && settings.shopKey && wantsReceipt) {
        const receipt = {
          v: 1,
          shop_key: settings.shopKey,
          event_name: eventName,
          event_id: eventId,
          consent: { marketing, analytics: consent.analyticsProcessingAllowed === true, sale_of_data: consent.saleOfDataAllowed === true },
          fbp,
          fbc,
          page_url: pageUrl,
          occurred_at: occurredAt,
          // Whether Shopify gave the pixel the shopper's e-mail and phone (it nulls them without
          // protected customer data approval): presence only, never the values.
          ...(eventName === "Purchase" ? { contact: { email: Boolean(checkout.email), phone: Boolean(checkout.phone) } } : {}),
          // Storefront events: what the server's copy needs to say the same thing (ids, prices).
          ...(product
            ? { custom_data: { ...product, content_ids: product.content_ids.slice(0, 20), contents: product.contents.slice(0, 20) } }
            : {}),
        };
        sends.push(
          deps.fetch(settings.receiptUrl, {
            method: "POST",
            keepalive: true,
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(receipt),
          }),
        );
      }
      await Promise.all(sends.map((send) => send.catch(() => undefined)));
    };

    // Settings written before the events field existed enable every event.
    const enabled = list(settings.events);
    for (const [shopifyEvent, eventName, toEventId] of EVENTS) {
      if (enabled.length > 0 && !enabled.includes(eventName)) continue;
      api.analytics.subscribe(shopifyEvent, (event) => handle(eventName, toEventId(event.data?.checkout ?? {}), event));
    }
    // Settings written before these events existed leave them to the theme embed.
    for (const [shopifyEvent, eventName] of PRODUCT_EVENTS) {
      if (!enabled.includes(eventName)) continue;
      api.analytics.subscribe(shopifyEvent, (event) => {
        const product = toProductCustomData(event.data, rules);
        return product ? handle(eventName, storefrontEventId(), event, product) : undefined;
      });
    }
  };
}

export const tandemPixel = createTandemPixel({ fetch: (url, init) => fetch(url, init), now: () => Date.now() });
