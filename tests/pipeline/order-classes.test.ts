import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { ingestWebhook } from "~/ingest/ingest-webhook.server";
import { makeOrder } from "../../scripts/lib/store-simulator";

// Renewals and orders made without a checkout have no browser: they are classified when
// they arrive, skipped with the reason or (opted in) queued as system_generated at once,
// never left waiting for a web pixel report that cannot come.

const off = "classes-off.myshopify.com";
const on = "classes-on.myshopify.com";
const now = new Date();
const renewal = (id: number) => ({
  ...makeOrder({ id, consent: null }),
  source_name: "subscription_contract_checkout_one",
  checkout_token: null,
  client_details: null,
  browser_ip: null,
});
const fromApp = (id: number) => ({
  ...makeOrder({ id, consent: null }),
  source_name: "1424624",
  checkout_token: null,
  client_details: null,
  browser_ip: null,
});

beforeAll(async () => {
  for (const [domain, settings] of [
    [off, {}],
    [on, { filters: { includeRenewalOrders: true, includeNoCheckoutOrders: true } }],
  ] as const) {
    await prisma.shop.create({ data: { domain, shopKey: `k-${domain}`, settings: JSON.stringify(settings) } });
    await prisma.destination.create({ data: { shopDomain: domain, pixelId: "2220001", accessTokenEnc: "v1:a:b:c" } });
  }
});

describe("orders without a browser", () => {
  it("GIVEN default settings WHEN a renewal and an app's order arrive THEN both are skipped at once, each with its reason", async () => {
    expect(await ingestWebhook({ shop: off, topic: "orders/paid", webhookId: "c1", payload: renewal(8_800_000_001), now })).toMatchObject({
      outcome: "skipped",
      reason: "subscription_renewal",
    });
    expect(await ingestWebhook({ shop: off, topic: "orders/paid", webhookId: "c2", payload: fromApp(8_800_000_002), now })).toMatchObject({
      outcome: "skipped",
      reason: "no_checkout_order",
    });
    const rows = await prisma.receivedOrder.findMany({ where: { shopDomain: off }, orderBy: { sourceId: "asc" } });
    expect(rows.map((row) => [row.outcome, row.reason])).toEqual([
      ["skipped", "subscription_renewal"],
      ["skipped", "no_checkout_order"],
    ]);
  });

  it("GIVEN the merchant opted in WHEN they arrive without a consent signal THEN queued at once as system_generated, not waiting", async () => {
    await ingestWebhook({ shop: on, topic: "orders/paid", webhookId: "c3", payload: renewal(8_800_000_003), now });
    await ingestWebhook({ shop: on, topic: "orders/paid", webhookId: "c4", payload: fromApp(8_800_000_004), now });
    const rows = await prisma.outboxEvent.findMany({ where: { shopDomain: on }, orderBy: { eventId: "asc" } });
    expect(rows.map((row) => [row.eventId, row.status, row.consentUntil])).toEqual([
      ["purchase_8800000003", "pending", null],
      ["purchase_8800000004", "pending", null],
    ]);
    for (const row of rows) expect(JSON.parse(row.payload).action_source).toBe("system_generated");
  });
});
