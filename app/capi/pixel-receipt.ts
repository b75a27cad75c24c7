import { z } from "zod";
import type { ConsentSignal } from "./consent-snapshot";
import { CAPI_EVENT_NAMES } from "./meta-limits";

// The receipt the web pixel extension POSTs to /pixel/events after firing a browser
// event. Shared with the extension, so the shape is exact and strict: this endpoint is
// public, and anything we did not ask for is refused rather than stored.

const boundedText = (max: number) => z.string().min(1).max(max);

export const pixelReceiptSchema = z.strictObject({
  v: z.literal(1),
  shop_key: boundedText(128),
  event_name: z.enum(CAPI_EVENT_NAMES),
  event_id: boundedText(128),
  consent: z.strictObject({
    marketing: z.boolean(),
    analytics: z.boolean(),
    sale_of_data: z.boolean(),
  }),
  fbp: boundedText(512).nullish(),
  fbc: boundedText(512).nullish(),
  page_url: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .nullish(),
  // Milliseconds: a value in seconds (10 digits) is a bug in the sender, caught here.
  occurred_at: z
    .number()
    .int()
    .min(1_000_000_000_000, { error: "occurred_at must be Unix milliseconds." })
    .max(9_999_999_999_999, { error: "occurred_at must be Unix milliseconds." }),
  // Purchase only: whether Shopify's event carried the shopper's e-mail and phone (Shopify
  // nulls them when the app lacks protected customer data approval). Never the values.
  contact: z.strictObject({ email: z.boolean(), phone: z.boolean() }).optional(),
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
