import { makeCheckout, makeOrder, makeOrderEdit, makeRefund } from "../lib/store-simulator";

/** One thing the simulated store does: a webhook (signed or not) to the app... */
export type WebhookStep = {
  topic: "orders/create" | "orders/paid" | "checkouts/create" | "orders/cancelled" | "refunds/create" | "orders/edited" | "orders/updated";
  body: unknown;
  webhookId?: string;
  /** Signed with another secret: Shopify's signature check must refuse it. */
  forged?: boolean;
  note: string;
};

/** ...or the web pixel's receipt from the shopper's browser (checkout or thank-you page). */
export type ReceiptStep = {
  receipt: {
    event_name: "Purchase" | "InitiateCheckout";
    event_id: string;
    consent: { marketing: boolean; analytics: boolean; sale_of_data: boolean };
  };
  note: string;
};

export type DemoStep = WebhookStep | ReceiptStep;

const GRANTED = { marketing: true, analytics: true, sale_of_data: true };

const now = () => Math.floor(Date.now() / 1000);
const ALLOW = () => `m1a1s1.${now()}`;
const NO_SALE = () => `m1a1s0.${now()}`;
const DENY = () => `m0a0s0.${now()}`;

/**
 * A realistic afternoon in a small store: paid and unpaid orders, checkouts, Shopify's
 * at-least-once deliveries, an EU buyer who never answered the cookie banner, one who
 * declined, a Californian who opted out of the sale of data, a test order, a POS sale,
 * and some bad input; then the orders' life after checkout: a cancellation, a refund, a
 * post-purchase upsell, a subscription renewal and a first subscription order.
 */
export function demoScenario(): DemoStep[] {
  const repeated = makeOrder({ id: 5_600_000_1007, consent: ALLOW() });
  const pendingThenPaid = makeOrder({ id: 5_600_000_1006, consent: ALLOW(), financialStatus: "pending" });
  const createdThenPaid = makeOrder({ id: 5_600_000_1008, consent: ALLOW() });
  const { id: _id, ...withoutId } = makeOrder({ id: 5_600_000_1099, consent: ALLOW() });
  return [
    ...[1001, 1002, 1003, 1004].map((n) => ({
      topic: "orders/create" as const,
      body: makeOrder({ id: 5_600_000_0000 + n, consent: ALLOW(), lines: 1 + (n % 4) }),
      note: "paid order, consent given",
    })),
    {
      topic: "orders/create",
      body: makeOrder({ id: 5_600_000_1005, consent: NO_SALE(), country: "US", province: "CA" }),
      note: "Californian who opted out of the sale of data",
    },
    { topic: "orders/create", body: pendingThenPaid, note: "order created with a pending payment" },
    { topic: "orders/paid", body: { ...pendingThenPaid, financial_status: "paid" }, note: "the same order, now paid" },
    { topic: "orders/create", body: repeated, webhookId: "demo-repeated-webhook", note: "webhook delivered" },
    { topic: "orders/create", body: repeated, webhookId: "demo-repeated-webhook", note: "the same webhook again (Shopify retries)" },
    { topic: "orders/create", body: repeated, webhookId: "demo-repeated-webhook", note: "and a third time" },
    { topic: "orders/create", body: createdThenPaid, note: "paid order" },
    { topic: "orders/paid", body: createdThenPaid, note: "orders/paid for the same order" },
    {
      topic: "orders/create",
      body: makeOrder({ id: 5_600_000_1009, consent: null, country: "DE" }),
      note: "EU buyer, no consent signal yet",
    },
    {
      receipt: { event_name: "Purchase", event_id: "purchase_56000001014", consent: GRANTED },
      note: "thank-you page: an EU shopper who accepted the banner (browser first)",
    },
    {
      topic: "orders/create",
      body: makeOrder({ id: 5_600_000_1014, consent: null, country: "NL" }),
      note: "...then the webhook for that order",
    },
    {
      topic: "orders/create",
      body: makeOrder({ id: 5_600_000_1010, consent: DENY(), country: "FR" }),
      note: "EU buyer who declined marketing",
    },
    { topic: "orders/create", body: makeOrder({ id: 5_600_000_1011, consent: ALLOW(), test: true }), note: "test order (bogus gateway)" },
    { topic: "orders/create", body: makeOrder({ id: 5_600_000_1012, consent: null, sourceName: "pos" }), note: "point-of-sale order" },
    // Shopify's checkout webhook has no user agent (Meta requires one): the checkout page's pixel receipt brings it.
    {
      receipt: { event_name: "InitiateCheckout", event_id: "ic_demo0checkout0a1", consent: GRANTED },
      note: "checkout page's pixel first...",
    },
    {
      topic: "checkouts/create",
      body: makeCheckout({ token: "demo0checkout0a1", consent: ALLOW() }),
      note: "...then its webhook (no user agent): sent with the receipt's",
    },
    {
      topic: "checkouts/create",
      body: makeCheckout({ token: "demo0checkout0b2", consent: ALLOW() }),
      note: "checkout webhook first (no user agent): waits for the browser...",
    },
    {
      receipt: { event_name: "InitiateCheckout", event_id: "ic_demo0checkout0b2", consent: GRANTED },
      note: "...the receipt FOLLOWS: sent with the receipt's user agent",
    },
    {
      topic: "checkouts/create",
      body: makeCheckout({ token: "demo0checkout0c3", consent: ALLOW() }),
      note: "checkout whose browser never reports: waits, then not sent",
    },
    {
      topic: "checkouts/create",
      body: makeCheckout({ token: "demo0checkout0eu", consent: null, country: "DE" }),
      note: "EU checkout, no consent signal yet",
    },
    {
      topic: "checkouts/create",
      body: makeCheckout({ token: "demo0checkout0at", consent: null, country: "AT" }),
      note: "EU checkout, no consent signal yet...",
    },
    {
      receipt: { event_name: "InitiateCheckout", event_id: "ic_demo0checkout0at", consent: GRANTED },
      note: "...until the checkout page's pixel reports consent and user agent (webhook first)",
    },
    {
      topic: "orders/cancelled",
      body: {
        ...makeOrder({ id: 5_600_000_1009, consent: null, country: "DE" }),
        cancelled_at: new Date().toISOString(),
        cancel_reason: "customer",
        financial_status: "voided",
      },
      note: "the EU buyer cancels while consent is pending: the Purchase is withdrawn, never sent",
    },
    {
      topic: "refunds/create",
      body: makeRefund({ id: 5_600_000_9002, orderId: 5_600_000_1002, amount: "15.00" }),
      note: "partial refund of a paid order: Meta keeps its value; the Orders page shows the net",
    },
    {
      topic: "orders/edited",
      body: makeOrderEdit({ id: 5_600_000_9003, orderId: 5_600_000_1003, added: 1 }),
      note: "post-purchase upsell, one item added: recorded; valued when the order's new totals arrive",
    },
    {
      topic: "orders/updated",
      body: makeOrder({
        id: 5_600_000_1003,
        consent: ALLOW(),
        lines: 4,
        addedLines: [{ price: "12.00", quantity: 1 }],
        updatedAt: new Date(),
      }),
      note: "...the upsold order's new totals: 12.00 added, sent once as OrderEdited (edit_<edit id>), never a second Purchase",
    },
    {
      topic: "orders/paid",
      body: {
        ...makeOrder({ id: 5_600_000_1015, consent: null }),
        source_name: "subscription_contract_checkout_one",
        checkout_token: null,
        client_details: null,
        browser_ip: null,
      },
      note: "subscription renewal: no browser, not sent (decided at once, no wait)",
    },
    {
      topic: "orders/paid",
      body: makeOrder({ id: 5_600_000_1016, consent: ALLOW(), sellingPlanId: 691_207_000_016 }),
      note: "first subscription order (a selling plan on a line item, no tag): a Purchase, listed as a first subscription order",
    },
    { topic: "orders/create", body: makeOrder({ id: 5_600_000_1013, consent: ALLOW() }), forged: true, note: "forged signature" },
    { topic: "orders/create", body: '{"id": 1014, "line_items": [', note: "malformed JSON" },
    { topic: "orders/create", body: withoutId, note: "order payload without an id" },
  ];
}
