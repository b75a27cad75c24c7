import { TEST_APP_URL } from "../setup-env";

export const RECEIPT_URL = `${TEST_APP_URL}/pixel/events`;
export const FBP = "fb.1.1764140000000.1234567890";

/** A receipt exactly as extensions/tandem-pixel posts it. */
export function makeReceipt(overrides: Record<string, unknown> = {}) {
  return {
    v: 1,
    shop_key: "pixel-shop-key",
    event_name: "Purchase",
    event_id: "purchase_1001",
    consent: { marketing: true, analytics: true, sale_of_data: true },
    fbp: FBP,
    fbc: null,
    page_url: "https://pixel-shop.myshopify.com/checkouts/c/abc/thank-you",
    occurred_at: Date.now(),
    ...overrides,
  };
}

export function receiptRequest(
  body: unknown,
  init: { ip?: string; contentType?: string; userAgent?: string; method?: string } = {},
): Request {
  const headers = new Headers({
    "Content-Type": init.contentType ?? "application/json",
    "User-Agent": init.userAgent ?? "Mozilla/5.0 Receipt Test",
  });
  // As one trusted proxy in front of the app writes it (the tests run with TRUSTED_PROXIES=1).
  headers.set("X-Forwarded-For", init.ip ?? "208.67.220.220");
  return new Request(RECEIPT_URL, { method: init.method ?? "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}
