import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action as checkoutsCreate } from "~/routes/webhooks.checkouts.create";
import { action as dataRequest } from "~/routes/webhooks.customers.data_request";
import { action as customersRedact } from "~/routes/webhooks.customers.redact";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { action as shopRedact } from "~/routes/webhooks.shop.redact";
import { checkWebhookHeaders, isShopDomain, toWebhookTopic } from "~/http/webhook-guards.server";
import { captureLog } from "../support/capture-log";
import { callRoute } from "../support/routes";
import { signedWebhook } from "../support/shopify-requests";
import { makeCheckout, makeOrder } from "../../scripts/lib/store-simulator";

// Malformed shop headers, foreign topics, oversized or broken webhook ids, compliance
// payloads naming another shop or holding the wrong types: each test sends a request
// that once answered 500 or was accepted.

const shop = "guards.myshopify.com";
const other = "guards-other.myshopify.com";

beforeEach(async () => {
  for (const table of ["outboxEvent", "pixelReceipt", "webhookReceipt", "destination", "session", "shop"] as const) {
    await (prisma[table] as { deleteMany: () => Promise<unknown> }).deleteMany();
  }
  for (const domain of [shop, other]) {
    await prisma.shop.create({ data: { domain, shopKey: `key-${domain}` } });
    await prisma.destination.create({ data: { shopDomain: domain, pixelId: "1111111111", accessTokenEnc: "v1:a:b:c" } });
  }
});

const stored = async () => (await prisma.outboxEvent.count()) + (await prisma.webhookReceipt.count());

describe("webhook header guards", () => {
  it.each([
    ["another host", "evil.com"],
    ["a duplicated header (joined by a comma)", `${shop}, ${shop}`],
    ["a path", `${shop}/admin`],
    ["upper case", shop.toUpperCase()],
    ["a trailing dot", `${shop}.`],
    ["an IP", "127.0.0.1"],
    ["a NUL escape", `${shop}%00`],
    ["a subdomain of a shop", `a.${shop}`],
  ])("GIVEN a validly signed order whose shop header is %s THEN 400 and nothing stored", async (_, header) => {
    const response = await callRoute(
      ordersCreate,
      signedWebhook({ topic: "orders/create", shop, body: makeOrder({ id: 7001 }), headers: { "X-Shopify-Shop-Domain": header } }),
    );
    expect(response.status).toBe(400);
    expect(await stored()).toBe(0);
  });

  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "checkouts/create", "orders/paid", "ORDERS_PAID", "app/uninstalled"])(
    "GIVEN a validly signed order with topic %s on /webhooks/orders/create THEN 400 and nothing stored",
    async (topic) => {
      const request = signedWebhook({ topic: "orders/create", shop, body: makeOrder({ id: 7002 }), headers: { "X-Shopify-Topic": topic } });
      expect((await callRoute(ordersCreate, request)).status).toBe(400);
      expect(await stored()).toBe(0);
    },
  );

  it("GIVEN a checkout sent to /webhooks/orders/create with its own topic THEN 400; on its own route THEN accepted", async () => {
    const checkout = makeCheckout({ token: "guard-token-1" });
    const wrong = signedWebhook({ topic: "checkouts/create", shop, body: checkout, path: "/webhooks/orders/create" });
    expect((await callRoute(ordersCreate, wrong)).status).toBe(400);
    expect(await stored()).toBe(0);
    const right = signedWebhook({ topic: "checkouts/create", shop, body: checkout });
    expect((await callRoute(checkoutsCreate, right)).status).toBe(200);
  });

  it("GIVEN the GraphQL form ORDERS_CREATE on its own route THEN accepted like orders/create", async () => {
    const request = signedWebhook({
      topic: "orders/create",
      shop,
      body: makeOrder({ id: 7003 }),
      headers: { "X-Shopify-Topic": "ORDERS_CREATE" },
    });
    expect((await callRoute(ordersCreate, request)).status).toBe(200);
    expect(await prisma.webhookReceipt.count({ where: { topic: "orders/create" } })).toBe(1);
  });

  it("GIVEN a webhook id of 10 KB or with a CR/LF THEN 400", async () => {
    for (const id of ["x".repeat(10_000), "abc\r\ndef"]) {
      const headers = new Headers({
        "X-Shopify-Hmac-Sha256": "x",
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Shop-Domain": shop,
        "X-Shopify-API-Version": "2026-07",
      });
      // Headers refuses CR/LF itself; the guard sees what survives.
      try {
        headers.set("X-Shopify-Webhook-Id", id);
      } catch {
        continue;
      }
      expect(checkWebhookHeaders(headers, "orders/create")).toMatchObject({ ok: false, status: 400 });
    }
  });

  it("isShopDomain and toWebhookTopic accept Shopify's forms only", () => {
    expect(isShopDomain("my-store-1.myshopify.com")).toBe(true);
    expect(isShopDomain("my-store-1.myshopify.com.evil.com")).toBe(false);
    expect(isShopDomain("-x.myshopify.com")).toBe(false);
    expect(toWebhookTopic("CUSTOMERS_DATA_REQUEST")).toBe("customers/data_request");
    expect(toWebhookTopic("constructor")).toBeNull();
    expect(toWebhookTopic("__proto__")).toBeNull();
  });
});

describe("compliance payloads are parsed with zod", () => {
  it.each([
    ["an object", { id: { nested: 1 } }],
    ["text", { id: "nine" }],
    ["missing", {}],
    ["a CR/LF injection", { id: '9\n{"level":"info","msg":"forged"}' }],
  ])("GIVEN customers/data_request whose data_request.id is %s THEN 422 and no forged log line", async (_, dataRequestBody) => {
    let status = 0;
    const logged = await captureLog(async () => {
      const body = { shop_id: 1, shop_domain: shop, customer: { id: 1 }, data_request: dataRequestBody };
      status = (await callRoute(dataRequest, signedWebhook({ topic: "customers/data_request", shop, body }))).status;
    });
    expect(status).toBe(422);
    expect(logged).not.toContain("forged");
  });

  it("GIVEN a compliance payload naming another shop than its header THEN 400 and nothing deleted", async () => {
    await prisma.outboxEvent.create({
      data: {
        shopDomain: other,
        destinationId: (await prisma.destination.findFirstOrThrow({ where: { shopDomain: other } })).id,
        eventName: "Purchase",
        eventId: "purchase_1",
        status: "pending",
        payload: "{}",
        eventTime: 1,
        sourceTopic: "orders/create",
        orderId: "1",
        consentAction: "send",
        consentReason: "mode_off",
      },
    });
    const redact = signedWebhook({
      topic: "customers/redact",
      shop: other,
      body: { shop_id: 1, shop_domain: shop, customer: { id: 5 }, orders_to_redact: [1] },
    });
    expect((await callRoute(customersRedact, redact)).status).toBe(400);
    const wipe = signedWebhook({ topic: "shop/redact", shop: other, body: { shop_id: 1, shop_domain: shop } });
    expect((await callRoute(shopRedact, wipe)).status).toBe(400);
    expect(await prisma.outboxEvent.count({ where: { shopDomain: other } })).toBe(1);
    expect(await prisma.shop.count({ where: { domain: other } })).toBe(1);
  });

  it("GIVEN customers/redact whose orders_to_redact holds an object THEN 422", async () => {
    const body = { shop_id: 1, shop_domain: shop, customer: { id: 5 }, orders_to_redact: [{ id: 1 }] };
    expect((await callRoute(customersRedact, signedWebhook({ topic: "customers/redact", shop, body }))).status).toBe(422);
  });
});

describe("app/uninstalled payload", () => {
  it("GIVEN a signed app/uninstalled whose body is not an object, or names another shop THEN 4xx and the shop stays installed", async () => {
    const { action: uninstalled } = await import("~/routes/webhooks.app.uninstalled");
    for (const body of ["[]", "42", "null", JSON.stringify({ id: 1, myshopify_domain: other })]) {
      const response = await callRoute(uninstalled, signedWebhook({ topic: "app/uninstalled", shop, body }));
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).uninstalledAt).toBeNull();
    expect(
      (await callRoute(uninstalled, signedWebhook({ topic: "app/uninstalled", shop, body: { id: 1, myshopify_domain: shop } }))).status,
    ).toBe(200);
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: shop } })).uninstalledAt).not.toBeNull();
  });
});
