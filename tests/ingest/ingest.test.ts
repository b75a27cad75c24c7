import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { ingestWebhook } from "~/ingest/ingest-webhook.server";
import { saveShopSettings } from "~/models/shops.server";
import { PIXEL_PAUSED_WHEN_RECEIVED } from "~/outbox/status";
import { action as checkoutsCreate } from "~/routes/webhooks.checkouts.create";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { callRoute } from "../support/routes";
import { signedWebhook } from "../support/shopify-requests";
import { makeCheckout, makeOrder } from "../../scripts/lib/store-simulator";

const shop = "ingest.myshopify.com";
const ALLOW = `m1a1s1.${Math.floor(Date.now() / 1000)}`;

async function send(topic: "orders/create" | "orders/paid" | "checkouts/create", body: unknown, webhookId?: string) {
  const handler = { "orders/create": ordersCreate, "orders/paid": ordersPaid, "checkouts/create": checkoutsCreate }[topic];
  const response = await callRoute(handler, signedWebhook({ topic, shop, body, webhookId }));
  return { status: response.status, body: response.status === 200 ? await response.json() : await response.text() };
}

beforeEach(async () => {
  for (const table of ["outboxEvent", "pixelReceipt", "webhookReceipt", "destination", "shop"] as const) {
    await (prisma[table] as { deleteMany: () => Promise<unknown> }).deleteMany();
  }
  await prisma.shop.create({ data: { domain: shop, shopKey: "ingest-key" } });
  await prisma.destination.create({ data: { shopDomain: shop, pixelId: "1111111111", accessTokenEnc: "v1:a:b:c" } });
});

describe("webhook ingest", () => {
  it("GIVEN a paid order with consent THEN one pending Purchase row per destination, hashed, no raw personal data", async () => {
    await prisma.destination.create({ data: { shopDomain: shop, pixelId: "2222222222", accessTokenEnc: "v1:a:b:c" } });
    const order = makeOrder({
      id: 5678901234567,
      consent: ALLOW,
      email: "Secret.Person@Example.com",
      phone: "(650) 555-1212",
      firstName: "Zebulon",
    });
    const result = await send("orders/create", order);
    expect(result).toEqual({ status: 200, body: { outcome: "queued" } });
    const rows = await prisma.outboxEvent.findMany({ where: { shopDomain: shop } });
    expect(rows.map((r) => [r.eventName, r.eventId, r.status, r.consentReason])).toEqual([
      ["Purchase", "purchase_5678901234567", "pending", "signal_allows_marketing"],
      ["Purchase", "purchase_5678901234567", "pending", "signal_allows_marketing"],
    ]);
    const stored = JSON.stringify(await prisma.outboxEvent.findMany()) + JSON.stringify(await prisma.webhookReceipt.findMany());
    for (const secret of [
      "secret.person",
      "Secret.Person",
      "555-1212",
      "6505551212",
      "Zebulon",
      "zebulon",
      "Hacker Way",
      "Menlo",
      "94025",
    ]) {
      expect(stored).not.toContain(secret);
    }
    expect(JSON.parse(rows[0].payload).user_data.em[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("GIVEN the same webhook three times and then orders/paid for the order THEN one row, decided once", async () => {
    const order = makeOrder({ id: 5001, consent: ALLOW });
    expect((await send("orders/create", order, "wh-1")).body).toEqual({ outcome: "queued" });
    expect((await send("orders/create", order, "wh-1")).body).toEqual({ outcome: "duplicate_webhook" });
    expect((await send("orders/create", order, "wh-1")).body).toEqual({ outcome: "duplicate_webhook" });
    const before = await prisma.outboxEvent.findFirstOrThrow({ where: { eventId: "purchase_5001" } });
    expect((await send("orders/paid", order, "wh-2")).body).toEqual({ outcome: "queued" });
    const after = await prisma.outboxEvent.findMany({ where: { eventId: "purchase_5001" } });
    expect(after).toHaveLength(1);
    expect(after[0]).toEqual(before);
    const receipts = await prisma.webhookReceipt.findMany({ orderBy: { receivedAt: "asc" } });
    expect(receipts.map((r) => [r.webhookId, r.outcome, JSON.parse(r.detail ?? "{}").existing])).toEqual([
      ["wh-1", "queued", 0],
      ["wh-2", "queued", 1],
    ]);
  });

  it("GIVEN the same webhook three times AT ONCE, and orders/paid for the order with them THEN one row, one queued receipt per webhook id, the rest duplicates", async () => {
    // Called in one tick, so on SQLite the writes share one group commit (app/ingest/group-commit.server.ts).
    const order = makeOrder({ id: 5004, consent: ALLOW });
    const outcomes = await Promise.all([
      ingestWebhook({ shop, topic: "orders/create", webhookId: "wh-same", payload: order }),
      ingestWebhook({ shop, topic: "orders/create", webhookId: "wh-same", payload: order }),
      ingestWebhook({ shop, topic: "orders/paid", webhookId: "wh-paid", payload: order }),
      ingestWebhook({ shop, topic: "orders/create", webhookId: "wh-same", payload: order }),
    ]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["duplicate_webhook", "duplicate_webhook", "queued", "queued"]);
    expect(
      outcomes
        .filter((o) => o.outcome === "queued")
        .map((o) => ("created" in o ? o.created : -1))
        .sort(),
    ).toEqual([0, 1]);
    expect(await prisma.outboxEvent.count({ where: { eventId: "purchase_5004" } })).toBe(1);
    const receipts = await prisma.webhookReceipt.findMany({ orderBy: { webhookId: "asc" } });
    expect(receipts.map((r) => [r.webhookId, r.outcome])).toEqual([
      ["wh-paid", "queued"],
      ["wh-same", "queued"],
    ]);
  });

  it("GIVEN a burst of different orders at once, one of them a duplicate of an earlier webhook THEN every other order is queued and stored, the duplicate alone is reported", async () => {
    expect(
      (await ingestWebhook({ shop, topic: "orders/create", webhookId: "wh-early", payload: makeOrder({ id: 6000, consent: ALLOW }) }))
        .outcome,
    ).toBe("queued");
    const burst = Array.from({ length: 12 }, (_, i) =>
      ingestWebhook({
        shop,
        topic: "orders/create",
        webhookId: i === 5 ? "wh-early" : `wh-burst-${i}`,
        payload: makeOrder({ id: 6001 + i, consent: ALLOW }),
      }),
    );
    const outcomes = await Promise.all(burst);
    expect(outcomes.map((o) => o.outcome)).toEqual(Array.from({ length: 12 }, (_, i) => (i === 5 ? "duplicate_webhook" : "queued")));
    const rows = await prisma.outboxEvent.findMany({ select: { eventId: true }, orderBy: { eventId: "asc" } });
    // 6006 came under a webhook id already recorded: nothing of it is stored.
    expect(rows.map((r) => r.eventId)).toEqual(
      [6000, ...Array.from({ length: 12 }, (_, i) => 6001 + i).filter((id) => id !== 6006)].map((id) => `purchase_${id}`),
    );
    expect(await prisma.webhookReceipt.count()).toBe(12);
  });

  it("GIVEN orders/create with a pending payment THEN skipped with the reason; orders/paid later queues the Purchase", async () => {
    const pending = makeOrder({ id: 5002, consent: ALLOW, financialStatus: "pending" });
    expect((await send("orders/create", pending)).body).toEqual({ outcome: "skipped" });
    expect(await prisma.outboxEvent.count()).toBe(0);
    const receipt = await prisma.webhookReceipt.findFirstOrThrow();
    expect(JSON.parse(receipt.detail ?? "{}").reason).toBe("payment_state_not_qualifying");
    expect((await send("orders/paid", { ...pending, financial_status: "paid" })).body).toEqual({ outcome: "queued" });
    expect(await prisma.outboxEvent.count({ where: { eventId: "purchase_5002", status: "pending" } })).toBe(1);
  });

  it("GIVEN a shop with no destination THEN acknowledged and recorded as not configured", async () => {
    await prisma.destination.deleteMany();
    expect((await send("orders/create", makeOrder({ id: 5003, consent: ALLOW }))).body).toEqual({ outcome: "not_configured" });
    expect((await prisma.webhookReceipt.findFirstOrThrow()).eventId).toBe("purchase_5003");
    expect(await prisma.outboxEvent.count()).toBe(0);
  });

  it("GIVEN the shop was read for a webhook WHEN its destination is disabled, then enabled again with a second one THEN the next webhooks see each change at once", async () => {
    // The direct SQLite store keeps the shop's row between webhooks until another connection commits (PRAGMA data_version).
    expect((await send("orders/create", makeOrder({ id: 5101, consent: ALLOW }))).body).toEqual({ outcome: "queued" });
    await prisma.destination.updateMany({ data: { enabled: false } });
    // Paused: recorded for the pixel as not sent (it says why), never queued for Meta.
    expect((await send("orders/create", makeOrder({ id: 5102, consent: ALLOW }))).body).toEqual({ outcome: "queued" });
    expect(await prisma.outboxEvent.findFirstOrThrow({ where: { eventId: "purchase_5102" } })).toMatchObject({
      status: "skipped",
      lastError: PIXEL_PAUSED_WHEN_RECEIVED,
    });
    await prisma.destination.updateMany({ data: { enabled: true } });
    await prisma.destination.create({ data: { shopDomain: shop, pixelId: "3333333333", accessTokenEnc: "v1:a:b:c" } });
    expect((await send("orders/create", makeOrder({ id: 5103, consent: ALLOW }))).body).toEqual({ outcome: "queued" });
    expect(await prisma.outboxEvent.count({ where: { eventId: "purchase_5103" } })).toBe(2);
  });

  it("GIVEN two pixels, one paused by the merchant WHEN an order arrives THEN the live pixel queues it and the paused one records it as not sent: pixel paused, which resuming does not send", async () => {
    const paused = await prisma.destination.create({
      data: { shopDomain: shop, pixelId: "2222222222", accessTokenEnc: "v1:a:b:c", enabled: false },
    });
    expect((await send("orders/create", makeOrder({ id: 5110, consent: ALLOW }))).body).toEqual({ outcome: "queued" });
    const rows = await prisma.outboxEvent.findMany({
      where: { eventId: "purchase_5110" },
      select: { destinationId: true, status: true, lastError: true },
    });
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.destinationId === paused.id)).toEqual({
      destinationId: paused.id,
      status: "skipped",
      lastError: PIXEL_PAUSED_WHEN_RECEIVED,
    });
    expect(rows.find((r) => r.destinationId !== paused.id)?.status).toBe("pending");
    await prisma.destination.update({ where: { id: paused.id }, data: { enabled: true } });
    expect(await prisma.outboxEvent.count({ where: { destinationId: paused.id, status: { not: "skipped" } } })).toBe(0);
  });

  it("GIVEN an order without its id THEN 200, recorded as rejected with the reason, nothing queued", async () => {
    const { id: _drop, ...withoutId } = makeOrder({ id: 5004, consent: ALLOW });
    const result = await send("orders/create", withoutId);
    expect(result).toEqual({ status: 200, body: { outcome: "rejected" } });
    const receipt = await prisma.webhookReceipt.findFirstOrThrow();
    expect(JSON.parse(receipt.detail ?? "{}").detail).toMatch(/^Payload refused: id/);
    expect(await prisma.outboxEvent.count()).toBe(0);
  });

  it("GIVEN an EU buyer without a consent signal in regional mode THEN the event waits for the grace period, then the worker decides", async () => {
    const result = await send("orders/create", makeOrder({ id: 5005, country: "DE", consent: null }));
    expect(result.body).toEqual({ outcome: "queued" });
    const row = await prisma.outboxEvent.findFirstOrThrow();
    expect(row.status).toBe("waiting_consent");
    expect(row.consentUntil!.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    expect(JSON.parse(row.consentFacts)).toMatchObject({ countries: ["DE"], signal: null });
  });

  it("GIVEN an explicit denial in the cart attributes THEN blocked at once, kept with the reason", async () => {
    await send("orders/create", makeOrder({ id: 5006, consent: "m0a1s1" }));
    expect(await prisma.outboxEvent.findFirstOrThrow()).toMatchObject({ status: "blocked", consentReason: "signal_denies_marketing" });
  });

  it("GIVEN consent mode off THEN sent without waiting", async () => {
    expect(await saveShopSettings(shop, { consent: { mode: "off" } })).toMatchObject({ ok: true });
    await send("orders/create", makeOrder({ id: 5007, country: "FR", consent: null }));
    expect(await prisma.outboxEvent.findFirstOrThrow()).toMatchObject({ status: "pending", consentReason: "mode_off" });
  });

  it("GIVEN a test order and a destination without a test event code THEN kept as skipped with the reason, never due", async () => {
    await send("orders/create", makeOrder({ id: 5008, consent: ALLOW, test: true }));
    const row = await prisma.outboxEvent.findFirstOrThrow();
    expect(row).toMatchObject({ status: "skipped", isTest: true });
    expect(row.lastError).toMatch(/test event code/);
  });

  it("GIVEN a checkout (Shopify sends no user agent with it) THEN an InitiateCheckout row keyed by the checkout token, waiting for the browser's", async () => {
    await send("checkouts/create", makeCheckout({ token: "c0ffee1234", consent: ALLOW }));
    expect(await prisma.outboxEvent.findFirstOrThrow()).toMatchObject({
      eventName: "InitiateCheckout",
      eventId: "ic_c0ffee1234",
      status: "waiting_browser",
      consentReason: "awaiting_browser",
      checkoutToken: "c0ffee1234",
    });
  });

  it("GIVEN the browser receipt arrived first THEN its consent signal and browser ids are used", async () => {
    await prisma.pixelReceipt.create({
      data: {
        shopDomain: shop,
        eventName: "Purchase",
        eventId: "purchase_5009",
        consent: "m1a1s0",
        fbp: "fb.1.1764140000000.123456789",
        clientIp: "1.1.1.1",
        userAgent: "Receipt UA",
        occurredAt: new Date(),
      },
    });
    const order = { ...makeOrder({ id: 5009, country: "DE", consent: null }), client_details: null, browser_ip: null };
    await send("orders/create", order);
    const row = await prisma.outboxEvent.findFirstOrThrow();
    expect(row).toMatchObject({ status: "pending", consentAction: "send_ldu", consentReason: "sale_of_data_opt_out_ldu" });
    expect(row.browserSeenAt).toBeInstanceOf(Date);
    const event = JSON.parse(row.payload);
    expect(event.user_data).toMatchObject({
      fbp: "fb.1.1764140000000.123456789",
      client_ip_address: "1.1.1.1",
      client_user_agent: "Receipt UA",
    });
    expect(event.data_processing_options).toEqual(["LDU"]);
  });
});
