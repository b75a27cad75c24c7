import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createDeliveryWorker, type DeliveryWorker } from "~/delivery/worker.server";
import prisma from "~/db.server";
import { createGraphClient } from "~/meta/graph-client.server";
import { getSecretBox } from "~/secrets/token-encryption.server";
import { MAX_WEBHOOK_BYTES } from "~/webhooks/require-webhook.server";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { main as tandem } from "../../scripts/cli/main";
import { startMetaEmulator, type MetaEmulator } from "../../scripts/lib/meta-emulator";
import { callRoute } from "../support/routes";
import { signedWebhook } from "../support/shopify-requests";
import { makeOrder } from "../../scripts/lib/store-simulator";

// Shopify webhooks in, through the real routes, the outbox and the worker, to the Meta
// emulator over real HTTP; the merchant's side through the real CLI.

const shop = "e2e.myshopify.com";
const PIXEL = "5550001112223334";
const TOKEN = "EAABfirstToken00000000000000";
const NEW_TOKEN = "EAABsecondToken0000000000000";
const ALLOW = () => `m1a1s1.${Math.floor(Date.now() / 1000)}`;

let meta: MetaEmulator;
let worker: DeliveryWorker;

async function webhook(
  topic: "orders/create" | "orders/paid",
  body: unknown,
  options: { webhookId?: string; secret?: string; headers?: Record<string, string | null> } = {},
) {
  const handler = topic === "orders/create" ? ordersCreate : ordersPaid;
  return (await callRoute(handler, signedWebhook({ topic, shop, body, ...options }))).status;
}

/** Runs the worker until nothing is due (bounded: a bug must not hang the suite). */
async function drain() {
  for (let i = 0; i < 20; i++) {
    const result = await worker.runOnce();
    if (result.claimed === 0) return;
  }
  throw new Error("the outbox did not drain in 20 worker iterations");
}

async function cli(...argv: string[]) {
  return tandem(argv, () => {});
}

beforeAll(async () => {
  meta = await startMetaEmulator();
  worker = createDeliveryWorker({
    graphClient: createGraphClient({ baseUrl: meta.url, version: "v26.0", timeoutMs: 3_000 }),
    openToken: (sealed) => getSecretBox().open(sealed),
  });
});
afterAll(async () => {
  await meta.close();
});
beforeEach(async () => {
  meta.reset();
  await prisma.$transaction([
    prisma.deliveryAttempt.deleteMany(),
    prisma.outboxEvent.deleteMany(),
    prisma.webhookReceipt.deleteMany(),
    prisma.destination.deleteMany(),
    prisma.shop.deleteMany(),
  ]);
  expect(await cli("shop", "configure", "--shop", shop, "--pixel-id", PIXEL, "--access-token", TOKEN)).toBe(0);
});

describe("end to end: webhooks -> outbox -> worker -> Meta", () => {
  it("GIVEN each webhook delivered three times and orders/paid after orders/create THEN exactly one Purchase per order reaches Meta", async () => {
    const orders = Array.from({ length: 6 }, (_, i) => makeOrder({ id: 6_100_000 + i, consent: ALLOW() }));
    for (const order of orders) {
      for (let copy = 0; copy < 3; copy++) expect(await webhook("orders/create", order, { webhookId: `create-${order.id}` })).toBe(200);
      expect(await webhook("orders/paid", order, { webhookId: `paid-${order.id}` })).toBe(200);
    }
    await drain();
    for (const order of orders) expect(meta.acceptedCount({ eventId: `purchase_${order.id}` })).toBe(1);
    expect(meta.accepted()).toHaveLength(6);
    // Repeats after delivery change nothing either.
    expect(await webhook("orders/paid", orders[0], { webhookId: "paid-again" })).toBe(200);
    await drain();
    expect(meta.accepted()).toHaveLength(6);
  });

  it("GIVEN Meta refuses the token THEN the destination pauses and keeps the events; after tandem shop configure with a new token they are delivered", async () => {
    meta.revokeToken(TOKEN);
    for (const id of [6_200_001, 6_200_002, 6_200_003]) await webhook("orders/create", makeOrder({ id, consent: ALLOW() }));
    await drain();
    expect(meta.accepted()).toHaveLength(0);
    const destination = await prisma.destination.findFirstOrThrow();
    expect(destination.pausedReason).toMatch(/./);
    expect(await prisma.outboxEvent.count({ where: { status: "paused" } })).toBe(3);

    const shown: string[] = [];
    await tandem(["shop", "show", "--shop", shop], (line) => shown.push(line));
    expect(shown.join("\n")).toContain("PAUSED");

    expect(await cli("shop", "configure", "--shop", shop, "--pixel-id", PIXEL, "--access-token", NEW_TOKEN)).toBe(0);
    await drain();
    expect(
      meta
        .accepted()
        .map((a) => a.event.event_id)
        .sort(),
    ).toEqual(["purchase_6200001", "purchase_6200002", "purchase_6200003"]);
    expect(await prisma.outboxEvent.count({ where: { status: "delivered" } })).toBe(3);
  });

  it("GIVEN forged, unsigned, oversized and id-less webhooks THEN each is refused or recorded with a reason, never a 5xx, nothing sent", async () => {
    vi.spyOn(console, "info").mockImplementation(() => {});
    const order = makeOrder({ id: 6_300_001, consent: ALLOW() });
    const { id: _id, ...withoutId } = order;
    const statuses = {
      forged: await webhook("orders/create", order, { secret: "wrong" }),
      unsigned: await webhook("orders/create", order, { headers: { "X-Shopify-Hmac-Sha256": null } }),
      // As text: an object body is trimmed to the subscription's fields, which drop the note.
      oversized: await webhook("orders/create", JSON.stringify({ ...order, note: "x".repeat(MAX_WEBHOOK_BYTES) })),
      malformed: await webhook("orders/create", '{"id": 1,'),
      withoutId: await webhook("orders/create", withoutId),
    };
    expect(statuses).toEqual({ forged: 401, unsigned: 400, oversized: 413, malformed: 400, withoutId: 200 });
    expect((await prisma.webhookReceipt.findFirstOrThrow()).outcome).toBe("rejected");
    await drain();
    expect(meta.requests()).toHaveLength(0);
    expect(await prisma.outboxEvent.count()).toBe(0);
  });
});
