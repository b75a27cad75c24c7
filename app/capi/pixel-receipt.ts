import { z } from "zod";
import { checkFbc, checkFbp, checkIp, checkPageUrl, checkUserAgent, type Checked, type KeyNote } from "./browser-values";
import type { ConsentSignal } from "./consent-snapshot";
import { isSaneTimeMs } from "./date-range";
import { classifyIp, type IpKind } from "./ip-address";
import { CAPI_EVENT_NAMES, STOREFRONT_EVENT_NAMES } from "./meta-limits";

// The receipt the web pixel extension POSTs to /pixel/events after firing a browser
// event. Shared with the extension, so the shape is exact and strict: this endpoint is
// public, and anything we did not ask for is refused rather than stored. The browser's own
// values (fbp, fbc, page_url) are another matter: a theme snippet, an extension or a
// visitor can put anything in a cookie, and a bad cookie must cost that value alone, not
// the receipt with its consent signal. They are checked one by one (receiptBrowserValues).

const boundedText = (max: number) => z.string().min(1).max(max);

const contentId = z.string().min(1).max(100);
const amount = z.number().finite().min(0).max(1_000_000_000);
export const receiptCustomDataSchema = z.strictObject({
  value: amount,
  currency: z.string().regex(/^[A-Z]{3}$/),
  content_ids: z.array(contentId).max(20),
  contents: z.array(z.strictObject({ id: contentId, quantity: z.number().int().min(1).max(10_000), item_price: amount })).max(20),
  content_type: z.enum(["product", "product_group"]),
  num_items: z.number().int().min(0).max(10_000),
});
export type ReceiptCustomData = z.infer<typeof receiptCustomDataSchema>;

export const pixelReceiptSchema = z.strictObject({
  v: z.literal(1),
  shop_key: boundedText(128),
  event_name: z.enum([...CAPI_EVENT_NAMES, ...STOREFRONT_EVENT_NAMES]),
  event_id: boundedText(128),
  consent: z.strictObject({
    marketing: z.boolean(),
    analytics: z.boolean(),
    sale_of_data: z.boolean(),
  }),
  fbp: z.unknown().optional(),
  fbc: z.unknown().optional(),
  page_url: z.unknown().optional(),
  // Milliseconds: a value in seconds (10 digits) is a bug in the sender, caught here.
  occurred_at: z
    .number()
    .int()
    .min(1_000_000_000_000, { error: "occurred_at must be Unix milliseconds." })
    .max(9_999_999_999_999, { error: "occurred_at must be Unix milliseconds." }),
  // Purchase only: whether Shopify's event carried the shopper's e-mail and phone (Shopify
  // nulls them when the app lacks protected customer data approval). Never the values.
  contact: z.strictObject({ email: z.boolean(), phone: z.boolean() }).optional(),
  // ViewContent and AddToCart only: what the server's copy says (storefront-copy.ts), bounded.
  custom_data: receiptCustomDataSchema.optional(),
});
export type PixelReceipt = z.infer<typeof pixelReceiptSchema>;

export function consentSignalFromReceipt(receipt: PixelReceipt): ConsentSignal {
  return {
    marketing: receipt.consent.marketing,
    analytics: receipt.consent.analytics,
    saleOfData: receipt.consent.sale_of_data,
    capturedAt: receipt.occurred_at,
    source: "pixel_receipt",
  };
}

export type ReceiptBrowserValues = {
  fbp: string | null;
  fbc: string | null;
  pageUrl: string | null;
  clientIp: string | null;
  /** The kind of the client's address, even when the address itself is not kept. */
  clientIpKind: IpKind | null;
  userAgent: string | null;
  /** occurred_at, or the time of arrival when it is outside the sane range (date-range.ts). */
  occurredAt: Date;
  notes: KeyNote[];
};

/**
 * The receipt's browser values as they may be stored: each checked (browser-values.ts),
 * a failing one left out with a note. The address and user agent come from the request.
 */
export function receiptBrowserValues(
  receipt: PixelReceipt,
  request: { clientIp: string | null; userAgent: string | null },
  now: Date,
): ReceiptBrowserValues {
  const notes: KeyNote[] = [];
  const keep = (key: KeyNote["key"], value: unknown, check: (value: unknown) => Checked): string | null => {
    if (value === null || value === undefined || value === "") return null;
    const result = check(value);
    if (result.ok) return result.value;
    notes.push({ key, from: "browser", reason: result.reason });
    return null;
  };
  const nowMs = now.getTime();
  const sane = isSaneTimeMs(receipt.occurred_at, nowMs);
  if (!sane) notes.push({ key: "event_time", from: "browser", reason: "date_out_of_range" });
  return {
    fbp: keep("fbp", receipt.fbp, (v) => checkFbp(v, nowMs)),
    fbc: keep("fbc", receipt.fbc, (v) => checkFbc(v, nowMs)),
    pageUrl: keep("event_source_url", receipt.page_url, checkPageUrl),
    clientIp: keep("client_ip_address", request.clientIp, checkIp),
    clientIpKind: request.clientIp ? classifyIp(request.clientIp) : null,
    userAgent: keep("client_user_agent", request.userAgent, checkUserAgent),
    occurredAt: sane ? new Date(receipt.occurred_at) : now,
    notes,
  };
}
