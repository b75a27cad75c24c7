import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { saveShopSettings } from "~/models/shops.server";
import { action as pixelEvents } from "~/routes/pixel.events";
import { resolveWaits } from "~/outbox/resolve-waits.server";
import { action as checkoutsCreate } from "~/routes/webhooks.checkouts.create";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { callRoute } from "../support/routes";
import { signedWebhook } from "../support/shopify-requests";
import { makeCheckout, makeOrder } from "../../scripts/lib/store-simulator";
import { FBP, makeReceipt, receiptRequest } from "./receipt-support";

// Webhooks and browser receipts race both ways: whichever comes
// first, the outbox row ends up with the receipt's consent and browser ids.

const shop = "pixel-shop.myshopify.com";

beforeEach(async () => {
  for (const table of ["outboxEvent", "pixelReceipt", "webhookReceipt", "destination", "shop"] as const) {
    await (prisma[table] as { deleteMany: () => Promise<unknown> }).deleteMany();
  }
  await prisma.shop.create({ data: { domain: shop, shopKey: "pixel-shop-key" } });
  await prisma.destination.create({ data: { shopDomain: shop, pixelId: "1111111111", accessTokenEnc: "v1:a:b:c" } });
});

/** An order whose webhook carries no consent and no browser ids: only the receipt has them. */
function bareOrder(id: number, country = "DE") {
  return { ...makeOrder({ id, country, consent: null }), client_details: null, browser_ip: null };
}

/** The same, but with the checkout's user agent (an online-store order has one). */
function orderWithUserAgent(id: number, country = "DE") {
  return { ...bareOrder(id, country), client_details: { user_agent: "Order UA" } };
}

async function webhook(order: unknown) {
  const response = await callRoute(ordersCreate, signedWebhook({ topic: "orders/create", shop, body: order }));
  expect(response.status).toBe(200);
  return response.json();
}

async function receipt(overrides: Record<string, unknown>) {
  const response = await callRoute(pixelEvents, receiptRequest(makeReceipt(overrides), { ip: "1.1.1.1", userAgent: "Receipt UA" }));
  expect(response.status).toBe(202);
}

describe("a receipt BEFORE its webhook", () => {
  it("GIVEN the receipt (marketing allowed, sale of data refused) THEN the webhook's row uses its consent, browser ids and browserSeenAt", async () => {
    await receipt({ event_id: "purchase_7001", consent: { marketing: true, analytics: true, sale_of_data: false } });
    expect(await prisma.outboxEvent.count()).toBe(0);
    expect(await webhook(bareOrder(7001))).toEqual({ outcome: "queued" });
    const row = await prisma.outboxEvent.findFirstOrThrow();
    // A DE buyer with no cart signal would wait; the receipt's signal decides at once.
    expect(row).toMatchObject({ status: "pending", consentAction: "send_ldu", consentReason: "sale_of_data_opt_out_ldu" });
    expect(row.browserSeenAt).toBeInstanceOf(Date);
    expect(JSON.parse(row.consentFacts).signal).toMatchObject({ marketing: true, saleOfData: false, source: "pixel_receipt" });
    expect(JSON.parse(row.payload).user_data).toMatchObject({ fbp: FBP, client_ip_address: "1.1.1.1", client_user_agent: "Receipt UA" });
  });
});

describe("a receipt AFTER its webhook", () => {
  it("GIVEN a waiting row WHEN the receipt allows marketing THEN pending now, fbp/IP/UA filled, browserSeenAt set", async () => {
    await webhook(orderWithUserAgent(7002));
    const waiting = await prisma.outboxEvent.findFirstOrThrow();
    expect(waiting).toMatchObject({ status: "waiting_consent", browserSeenAt: null });
    expect(JSON.parse(waiting.payload).user_data.fbp).toBeUndefined();

    await receipt({ event_id: "purchase_7002" });
    const row = await prisma.outboxEvent.findFirstOrThrow();
    expect(row).toMatchObject({ status: "pending", consentAction: "send", consentReason: "signal_allows_marketing" });
    expect(row.browserSeenAt).toBeInstanceOf(Date);
    expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    const event = JSON.parse(row.payload);
    // The order's own user agent is kept: the receipt only fills what is missing.
    expect(event.user_data).toMatchObject({ fbp: FBP, client_ip_address: "1.1.1.1", client_user_agent: "Order UA" });
    expect(event.data_processing_options).toEqual([]);
    expect(JSON.parse(row.consentFacts)).toMatchObject({ countries: ["DE"], signal: { marketing: true, source: "pixel_receipt" } });
  });

  it("GIVEN a waiting row WHEN the receipt refuses marketing THEN blocked with the reason, payload without browser ids", async () => {
    await webhook(orderWithUserAgent(7003));
    await receipt({ event_id: "purchase_7003", consent: { marketing: false, analytics: false, sale_of_data: false }, fbp: null });
    const row = await prisma.outboxEvent.findFirstOrThrow();
    expect(row).toMatchObject({ status: "blocked", consentAction: "block", consentReason: "signal_denies_marketing" });
    expect(row.browserSeenAt).toBeInstanceOf(Date);
    expect(JSON.parse(row.payload).user_data.client_ip_address).toBeUndefined();
  });

  it("GIVEN a pending row, fbp switched off by the shop and a delivered copy THEN only allowed keys are filled and the delivered payload is untouched", async () => {
    await prisma.destination.create({ data: { shopDomain: shop, pixelId: "2222222222", accessTokenEnc: "v1:a:b:c" } });
    // A US buyer outside the opt-in regions is decided at once (regional mode, grace 0).
    expect(await saveShopSettings(shop, { matchKeys: { fbp: false }, consent: { graceMinutes: 0 } })).toMatchObject({ ok: true });
    await webhook(orderWithUserAgent(7004, "US"));
    const rows = await prisma.outboxEvent.findMany({ orderBy: { destinationId: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["pending", "pending"]);
    await prisma.outboxEvent.update({ where: { id: rows[1].id }, data: { status: "delivered", deliveredAt: new Date() } });

    await receipt({ event_id: "purchase_7004" });
    const pending = await prisma.outboxEvent.findUniqueOrThrow({ where: { id: rows[0].id } });
    const delivered = await prisma.outboxEvent.findUniqueOrThrow({ where: { id: rows[1].id } });
    const userData = JSON.parse(pending.payload).user_data;
    expect(userData.fbp).toBeUndefined();
    expect(userData).toMatchObject({ client_ip_address: "1.1.1.1", client_user_agent: "Order UA" });
    expect(delivered.payload).toBe(rows[1].payload);
    expect(delivered.status).toBe("delivered");
    // Seen by the browser is a fact about the event, recorded on every copy.
    expect(pending.browserSeenAt).toBeInstanceOf(Date);
    expect(delivered.browserSeenAt).toBeInstanceOf(Date);
  });

  it("GIVEN a pending row decided on the cart's consent WHEN a later receipt withdraws marketing THEN blocked before it is sent", async () => {
    const earlier = Math.floor(Date.now() / 1000) - 600;
    await webhook(makeOrder({ id: 7006, country: "US", consent: `m1a1s1.${earlier}` }));
    expect(await prisma.outboxEvent.findFirstOrThrow()).toMatchObject({ status: "pending", consentAction: "send" });
    await receipt({ event_id: "purchase_7006", consent: { marketing: false, analytics: true, sale_of_data: true }, fbp: null });
    expect(await prisma.outboxEvent.findFirstOrThrow()).toMatchObject({
      status: "blocked",
      consentAction: "block",
      consentReason: "signal_denies_marketing",
    });
  });

  it("GIVEN a pending row WHEN an older receipt arrives late THEN the newer cart decision stands", async () => {
    await webhook(makeOrder({ id: 7007, country: "US", consent: `m1a1s1.${Math.floor(Date.now() / 1000) + 5}` }));
    await receipt({
      event_id: "purchase_7007",
      consent: { marketing: false, analytics: false, sale_of_data: false },
      fbp: null,
      occurred_at: Date.now() - 3_600_000,
    });
    expect(await prisma.outboxEvent.findFirstOrThrow()).toMatchObject({ status: "pending", consentAction: "send" });
  });

  it("GIVEN a second receipt later THEN browserSeenAt keeps the first time", async () => {
    await webhook(orderWithUserAgent(7005));
    await receipt({ event_id: "purchase_7005" });
    const first = (await prisma.outboxEvent.findFirstOrThrow()).browserSeenAt;
    expect(first).toBeInstanceOf(Date);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await receipt({ event_id: "purchase_7005" });
    expect((await prisma.outboxEvent.findFirstOrThrow()).browserSeenAt).toEqual(first);
  });
});

/**
 * Shopify's checkouts/create carries no user agent and no IP (abandoned_checkout.ts lists
 * neither); Meta requires both for a website event. Only the web pixel's receipt has them.
 */
describe("a checkout, whose webhook never has the browser", () => {
  const token = (n: number) => `c0ffee${n}`;
  async function checkoutWebhook(n: number) {
    const body = makeCheckout({ token: token(n), consent: null, country: "US" });
    expect(body).not.toHaveProperty("client_details");
    expect(body).not.toHaveProperty("browser_ip");
    const response = await callRoute(checkoutsCreate, signedWebhook({ topic: "checkouts/create", shop, body }));
    expect(response.status).toBe(200);
  }
  const checkoutReceipt = (n: number) =>
    receipt({
      event_name: "InitiateCheckout",
      event_id: `ic_${token(n)}`,
      page_url: "https://pixel-shop.myshopify.com/checkouts/c/abc/information",
    });

  it("GIVEN the receipt first THEN the webhook's row is sendable at once, with the receipt's user agent and IP", async () => {
    await checkoutReceipt(1);
    await checkoutWebhook(1);
    const row = await prisma.outboxEvent.findFirstOrThrow();
    expect(row).toMatchObject({ eventName: "InitiateCheckout", status: "pending", consentReason: "signal_allows_marketing" });
    expect(JSON.parse(row.payload).user_data).toMatchObject({ client_user_agent: "Receipt UA", client_ip_address: "1.1.1.1", fbp: FBP });
  });

  it("GIVEN the webhook first THEN the row waits for the browser; WHEN the receipt follows THEN it is decided and sendable with the receipt's user agent", async () => {
    await checkoutWebhook(2);
    const waiting = await prisma.outboxEvent.findFirstOrThrow();
    expect(waiting).toMatchObject({ status: "waiting_browser", consentAction: "wait", consentReason: "awaiting_signal" });
    expect(JSON.parse(waiting.payload).user_data.client_user_agent).toBeUndefined();

    await checkoutReceipt(2);
    const row = await prisma.outboxEvent.findFirstOrThrow();
    expect(row).toMatchObject({ status: "pending", consentAction: "send", consentReason: "signal_allows_marketing", lastError: null });
    expect(row.browserSeenAt).toBeInstanceOf(Date);
    expect(JSON.parse(row.payload).user_data).toMatchObject({ client_user_agent: "Receipt UA", client_ip_address: "1.1.1.1", fbp: FBP });
  });

  it("GIVEN the webhook and no receipt WHEN the wait ends (injected clock) THEN skipped with a reason the admin shows, never sent", async () => {
    await checkoutWebhook(3);
    const waiting = await prisma.outboxEvent.findFirstOrThrow();
    expect(waiting.status).toBe("waiting_browser");
    // Before the deadline nothing changes; at it, the row is decided.
    expect(await resolveWaits({ now: new Date(waiting.consentUntil!.getTime() - 1) })).toMatchObject({ decided: 0 });
    expect(await resolveWaits({ now: waiting.consentUntil! })).toMatchObject({ decided: 1, skipped: 1 });
    expect(await prisma.outboxEvent.findFirstOrThrow()).toMatchObject({ status: "skipped", consentReason: "no_browser_receipt" });
    // A receipt after the end changes nothing: the row is final.
    await checkoutReceipt(3);
    expect(await prisma.outboxEvent.findFirstOrThrow()).toMatchObject({ status: "skipped" });
  });
});
