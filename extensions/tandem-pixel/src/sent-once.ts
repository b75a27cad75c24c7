// A Purchase's browser copy leaves this browser once per order. Shopify may publish
// checkout_completed again when the thank-you page loads again: a reload, or a payment
// gateway that redirects the shopper back twice. The pixel remembers the Purchase event
// ids it sent in the shop's localStorage (Shopify's `browser.localStorage`, asynchronous in
// the sandbox), so a second load sends no second hit. Meta would also merge two browser
// copies with one event id, but only within its deduplication window and only for the
// same pixel, so the browser does not rely on it. Storage refused or unreadable: the hit
// is sent (the event id still lets Meta merge it).

/** Shopify's `browser.localStorage`: the two calls used here. */
export interface BrowserStore {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<unknown>;
}

const KEY = "_tandem_sent_purchases";
/** The newest ids kept: a shopper's recent orders, a few hundred bytes. */
const KEEP = 20;

/** True the first time this browser sends the event id (and remembers it); false after. */
export async function firstSend(store: BrowserStore | undefined, eventId: string): Promise<boolean> {
  if (!store) return true;
  try {
    const stored: unknown = JSON.parse((await store.getItem(KEY)) ?? "[]");
    const sent = Array.isArray(stored) ? stored.filter((id): id is string => typeof id === "string") : [];
    if (sent.includes(eventId)) return false;
    await store.setItem(KEY, JSON.stringify([...sent, eventId].slice(-KEEP)));
  } catch {
    // Storage refused (private mode, sandbox), or a value not ours: send.
  }
  return true;
}
