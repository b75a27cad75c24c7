import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action as customersRedact } from "~/routes/webhooks.customers.redact";
import { action as dataRequest } from "~/routes/webhooks.customers.data_request";
import { action as shopRedact } from "~/routes/webhooks.shop.redact";
import { action as uninstalled } from "~/routes/webhooks.app.uninstalled";
import { captureLog } from "../support/capture-log";
import { callRoute } from "../support/routes";
import { signedWebhook } from "../support/shopify-requests";

const shop = "compliance.myshopify.com";
const otherShop = "bystander.myshopify.com";

async function seed(domain: string) {
  await prisma.shop.create({ data: { domain, shopKey: `key-${domain}` } });
  const destination = await prisma.destination.create({ data: { shopDomain: domain, pixelId: "111", accessTokenEnc: "v1:a:b:c" } });
  const row = (eventName: string, eventId: string, extra: Record<string, unknown>) => ({
    shopDomain: domain,
    destinationId: destination.id,
    eventName,
    eventId,
    status: "pending",
    payload: "{}",
    eventTime: 1,
    sourceTopic: "orders/create",
    consentAction: "send",
    consentReason: "mode_off",
    ...extra,
  });
  await prisma.outboxEvent.createMany({
    data: [
      row("Purchase", "purchase_1001", { orderId: "1001", customerId: "77", checkoutToken: "tok1" }),
      row("InitiateCheckout", "ic_tok1", { checkoutToken: "tok1" }),
      row("Purchase", "purchase_1002", { orderId: "1002" }),
      row("Purchase", "purchase_2000", { orderId: "2000", customerId: "88" }),
    ],
  });
  await prisma.pixelReceipt.createMany({
    data: ["purchase_1001", "purchase_1002", "purchase_2000"].map((eventId) => ({
      shopDomain: domain,
      eventName: "Purchase",
      eventId,
      consent: "m1a1s1",
      occurredAt: new Date(),
    })),
  });
  await prisma.session.create({ data: { id: `offline_${domain}`, shop: domain, state: "", accessToken: "x" } });
}

beforeEach(async () => {
  for (const table of ["outboxEvent", "pixelReceipt", "webhookReceipt", "deliveryAttempt", "destination", "session", "shop"] as const) {
    await (prisma[table] as { deleteMany: () => Promise<unknown> }).deleteMany();
  }
  await seed(shop);
  await seed(otherShop);
});

const eventIds = async (domain: string) =>
  (await prisma.outboxEvent.findMany({ where: { shopDomain: domain }, orderBy: { eventId: "asc" } })).map((e) => e.eventId);

describe("compliance and uninstall webhooks", () => {
  it("GIVEN customers/redact for customer 77 and order 1002 THEN their events, the checkout of their order and their receipts are deleted, nothing else", async () => {
    const body = { shop_domain: shop, customer: { id: 77, email: "x@example.com" }, orders_to_redact: [1002] };
    const response = await callRoute(customersRedact, signedWebhook({ topic: "customers/redact", shop, body }));
    expect(response.status).toBe(200);
    expect(await eventIds(shop)).toEqual(["purchase_2000"]);
    expect((await prisma.pixelReceipt.findMany({ where: { shopDomain: shop } })).map((r) => r.eventId)).toEqual(["purchase_2000"]);
    expect(await eventIds(otherShop)).toHaveLength(4);
  });

  it("GIVEN shop/redact THEN every row of the shop is gone and the other shop is untouched", async () => {
    const response = await callRoute(shopRedact, signedWebhook({ topic: "shop/redact", shop, body: { shop_id: 1, shop_domain: shop } }));
    expect(response.status).toBe(200);
    expect(await prisma.shop.count({ where: { domain: shop } })).toBe(0);
    expect(await prisma.destination.count({ where: { shopDomain: shop } })).toBe(0);
    expect(await eventIds(shop)).toEqual([]);
    expect(await prisma.pixelReceipt.count({ where: { shopDomain: shop } })).toBe(0);
    expect(await prisma.session.count({ where: { shop } })).toBe(0);
    // The admin's rollups and their bookkeeping (the triggers name the deleted rows' slots).
    expect(await prisma.adminRollup.count({ where: { shopDomain: shop } })).toBe(0);
    expect(await prisma.rollupDirty.count({ where: { shopDomain: shop } })).toBe(0);
    expect(await eventIds(otherShop)).toHaveLength(4);
  });

  it("GIVEN customers/data_request THEN it is acknowledged and the log names no personal data", async () => {
    const body = { shop_domain: shop, customer: { id: 77, email: "private@example.com", phone: "+15555550123" }, data_request: { id: 9 } };
    let status = 0;
    const logged = await captureLog(async () => {
      status = (await callRoute(dataRequest, signedWebhook({ topic: "customers/data_request", shop, body }))).status;
    });
    expect(status).toBe(200);
    const line = JSON.parse(logged.trim().split("\n").at(-1) ?? "{}");
    expect(line).toMatchObject({ level: "info", shop, dataRequestId: "9" });
    expect(logged).not.toMatch(/private@example.com|5555550123/);
  });

  it("GIVEN app/uninstalled THEN sessions are deleted, destinations disabled and nothing waits to be sent", async () => {
    const response = await callRoute(uninstalled, signedWebhook({ topic: "app/uninstalled", shop, body: {} }));
    expect(response.status).toBe(200);
    expect(await prisma.session.count({ where: { shop } })).toBe(0);
    expect(await prisma.destination.count({ where: { shopDomain: shop, enabled: true } })).toBe(0);
    expect(await prisma.outboxEvent.count({ where: { shopDomain: shop, status: { not: "cancelled" } } })).toBe(0);
    expect((await prisma.shop.findUnique({ where: { domain: shop } }))?.uninstalledAt).toBeInstanceOf(Date);
    expect(await prisma.outboxEvent.count({ where: { shopDomain: otherShop, status: "pending" } })).toBe(4);
  });

  it("GIVEN customers/redact with a forged signature THEN 401 and nothing is deleted", async () => {
    const response = await callRoute(
      customersRedact,
      signedWebhook({ topic: "customers/redact", shop, body: { customer: { id: 77 } }, secret: "nope" }),
    );
    expect(response.status).toBe(401);
    expect(await eventIds(shop)).toHaveLength(4);
  });
});
