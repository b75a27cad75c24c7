import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { handleWebhookLean } from "~/ingest/lean-webhook.server";
import { action as checkoutsCreate } from "~/routes/webhooks.checkouts.create";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { MAX_WEBHOOK_BYTES } from "~/http/webhook-guards.server";
import { callRoute } from "../../tests/support/routes";
import { signedWebhook } from "../../tests/support/shopify-requests";
import { makeCheckout, makeOrder } from "../../scripts/lib/store-simulator";

// The lean path (node:http, before Express and Remix) must answer every request exactly
// as the Remix routes do. Each case is sent through both: the Remix action called the
// way Remix calls it, and a real HTTP server running handleWebhookLean.

const shop = "lean.myshopify.com";
const ROUTES = { "orders/create": ordersCreate, "orders/paid": ordersPaid, "checkouts/create": checkoutsCreate } as const;
type Topic = keyof typeof ROUTES;

let server: Server;
let origin: string;
let fellThrough: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (handleWebhookLean(req, res)) return;
    fellThrough.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(404).end("not lean");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(async () => {
  fellThrough = [];
  for (const table of ["outboxEvent", "webhookReceipt", "destination", "shop"] as const) {
    await (prisma[table] as { deleteMany: () => Promise<unknown> }).deleteMany();
  }
  await prisma.shop.create({ data: { domain: shop, shopKey: "lean-key" } });
  await prisma.destination.create({ data: { shopDomain: shop, pixelId: "1111111111", accessTokenEnc: "v1:a:b:c" } });
});

type Answer = { status: number; contentType: string | null; body: string };

async function viaRemix(topic: Topic, request: Request): Promise<Answer> {
  const response = await callRoute(ROUTES[topic], request);
  return { status: response.status, contentType: response.headers.get("content-type"), body: await response.text() };
}

/** Sent over HTTP; a large body goes chunked (no Content-Length), as the edge answers a declared one itself. */
async function viaLean(request: Request): Promise<Answer> {
  const url = new URL(request.url);
  const bytes = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
  const chunked = bytes && bytes.byteLength > 64 * 1024;
  const body = chunked ? new Blob([bytes]).stream() : bytes;
  const response = await fetch(`${origin}${url.pathname}${url.search}`, {
    method: request.method,
    headers: request.headers,
    body,
    ...(chunked ? { duplex: "half" } : {}),
  } as RequestInit);
  return { status: response.status, contentType: response.headers.get("content-type"), body: await response.text() };
}

/** The same request through both paths (two copies: a body can be read once). */
async function both(topic: Topic, make: () => Request): Promise<{ remix: Answer; lean: Answer }> {
  return { remix: await viaRemix(topic, make()), lean: await viaLean(make()) };
}

const order = (id: number) => makeOrder({ id, consent: `m1a1s1.${Math.floor(Date.now() / 1000)}` });

describe("lean webhook path", () => {
  const badRequests: [string, Topic, () => Request][] = [
    [
      "a forged signature",
      "orders/create",
      () => signedWebhook({ topic: "orders/create", shop, body: order(1), secret: "not-the-secret" }),
    ],
    [
      "no signature header",
      "orders/create",
      () => signedWebhook({ topic: "orders/create", shop, body: order(2), headers: { "X-Shopify-Hmac-Sha256": null } }),
    ],
    [
      "no webhook id",
      "orders/paid",
      () => signedWebhook({ topic: "orders/paid", shop, body: order(3), headers: { "X-Shopify-Webhook-Id": null } }),
    ],
    [
      "no topic header",
      "orders/create",
      () => signedWebhook({ topic: "orders/create", shop, body: order(4), headers: { "X-Shopify-Topic": null } }),
    ],
    [
      "another topic sent to this route",
      "orders/create",
      () => signedWebhook({ topic: "orders/create", shop, body: order(5), headers: { "X-Shopify-Topic": "customers/redact" } }),
    ],
    [
      "a topic named like an Object built-in",
      "orders/create",
      () => signedWebhook({ topic: "orders/create", shop, body: order(6), headers: { "X-Shopify-Topic": "constructor" } }),
    ],
    [
      "a shop domain that is not *.myshopify.com",
      "orders/create",
      () => signedWebhook({ topic: "orders/create", shop: "evil.example.com", body: order(7) }),
    ],
    [
      "two shop domains joined",
      "checkouts/create",
      () => signedWebhook({ topic: "checkouts/create", shop: `${shop}, other.myshopify.com`, body: makeCheckout({ token: "t8" }) }),
    ],
    [
      "upper-case shop domain",
      "orders/create",
      () => signedWebhook({ topic: "orders/create", shop: "LEAN.myshopify.com", body: order(9) }),
    ],
    ["malformed JSON under a valid signature", "orders/create", () => signedWebhook({ topic: "orders/create", shop, body: "{not json" })],
    [
      "a body over the size limit, sent without Content-Length",
      "orders/create",
      () => signedWebhook({ topic: "orders/create", shop, body: JSON.stringify({ id: 10, note: "x".repeat(MAX_WEBHOOK_BYTES) }) }),
    ],
    [
      "a payload that is not an order",
      "orders/create",
      () => signedWebhook({ topic: "orders/create", shop, body: { id: "not-a-number", line_items: "nope" } }),
    ],
    ["an empty JSON array", "checkouts/create", () => signedWebhook({ topic: "checkouts/create", shop, body: [] })],
    // Malformed JSON on both paths (it was a 400 on one and the library's 401 on the other).
    [
      "a UTF-8 byte order mark before the JSON",
      "orders/create",
      () => signedWebhook({ topic: "orders/create", shop, body: `\uFEFF${JSON.stringify(order(11))}` }),
    ],
  ];

  for (const [name, topic, make] of badRequests) {
    it(`GIVEN ${name} THEN the lean path answers exactly as the Remix route`, async () => {
      const { remix, lean } = await both(topic, make);
      expect(lean).toEqual(remix);
      expect(lean.status).toBeLessThan(500);
      expect(fellThrough).toEqual([]);
    });
  }

  it("GIVEN valid orders and checkouts THEN both paths queue them with the same answer, and a repeated webhook id is a duplicate on both", async () => {
    const remix = await viaRemix("orders/create", signedWebhook({ topic: "orders/create", shop, body: order(100), webhookId: "wh-remix" }));
    const lean = await viaLean(signedWebhook({ topic: "orders/create", shop, body: order(101), webhookId: "wh-lean" }));
    expect(lean).toEqual(remix);
    expect(JSON.parse(lean.body)).toEqual({ outcome: "queued" });

    const remixAgain = await viaRemix(
      "orders/create",
      signedWebhook({ topic: "orders/create", shop, body: order(101), webhookId: "wh-lean" }),
    );
    const leanAgain = await viaLean(signedWebhook({ topic: "orders/create", shop, body: order(100), webhookId: "wh-remix" }));
    expect(leanAgain).toEqual(remixAgain);
    expect(JSON.parse(leanAgain.body)).toEqual({ outcome: "duplicate_webhook" });

    const checkout = await viaLean(signedWebhook({ topic: "checkouts/create", shop, body: makeCheckout({ token: "lean-checkout-1" }) }));
    expect(JSON.parse(checkout.body).outcome).toBeTypeOf("string");
    const rows = await prisma.outboxEvent.findMany({ where: { shopDomain: shop }, orderBy: { eventId: "asc" } });
    expect(rows.map((row) => row.eventId)).toEqual(expect.arrayContaining(["purchase_100", "purchase_101"]));
    expect(await prisma.webhookReceipt.count({ where: { shopDomain: shop } })).toBe(3);
  });

  it("GIVEN another method, another path or a declared body over the limit THEN the lean path leaves the request to the HTTP edge, Express and Remix", async () => {
    await fetch(`${origin}/webhooks/orders/create`, { method: "GET" }).then((r) => r.text());
    await fetch(`${origin}/webhooks/customers/redact`, { method: "POST", body: "{}" }).then((r) => r.text());
    await fetch(`${origin}/webhooks/orders/create/extra`, { method: "POST", body: "{}" }).then((r) => r.text());
    await fetch(`${origin}/webhooks/orders/paid`, { method: "POST", body: "x".repeat(MAX_WEBHOOK_BYTES + 1) }).then((r) => r.text());
    expect(fellThrough).toEqual([
      "GET /webhooks/orders/create",
      "POST /webhooks/customers/redact",
      "POST /webhooks/orders/create/extra",
      "POST /webhooks/orders/paid",
    ]);
  });
});
