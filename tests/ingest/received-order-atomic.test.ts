import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { databaseProvider } from "~/db/provider";
import { ingestWebhook } from "~/ingest/ingest-webhook.server";
import { makeOrder } from "../../scripts/lib/store-simulator";

// The reconciliation row (ReceivedOrder) is written in the ingest's transaction, with the
// webhook's receipt and outbox rows (docs/decisions/012): when its write fails, as it
// would when the process dies between two commits, nothing of the webhook is kept and
// Shopify's retry records all of it. Runs on the direct SQLite store and, in the
// postgresql project, on the Prisma path.

const shop = "atomic.myshopify.com";
const postgres = databaseProvider(process.env.DATABASE_URL!) === "postgresql";

async function breakReceivedOrderWrites() {
  if (postgres) {
    await prisma.$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION test_refuse_received_order() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'received order write failed'; END $$`,
    );
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER test_refuse_received_order BEFORE INSERT OR UPDATE ON "ReceivedOrder" FOR EACH ROW EXECUTE FUNCTION test_refuse_received_order()`,
    );
  } else {
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER test_refuse_received_order BEFORE INSERT ON "ReceivedOrder" BEGIN SELECT RAISE(ABORT, 'received order write failed'); END`,
    );
  }
}

async function repairReceivedOrderWrites() {
  await prisma.$executeRawUnsafe(
    postgres ? `DROP TRIGGER test_refuse_received_order ON "ReceivedOrder"` : `DROP TRIGGER test_refuse_received_order`,
  );
}

const counts = async () => ({
  outbox: await prisma.outboxEvent.count({ where: { shopDomain: shop } }),
  receipts: await prisma.webhookReceipt.count({ where: { shopDomain: shop } }),
  received: await prisma.receivedOrder.count({ where: { shopDomain: shop } }),
});

beforeAll(async () => {
  await prisma.shop.create({ data: { domain: shop, shopKey: "atomic" } });
  await prisma.destination.create({ data: { shopDomain: shop, pixelId: "5550009", accessTokenEnc: "v1:a:b:c" } });
});

afterAll(async () => {
  await prisma.$disconnect();
});

describe("ReceivedOrder in the ingest transaction", () => {
  it("GIVEN the ReceivedOrder write fails WHEN a paid order arrives THEN neither its outbox row nor its receipt is kept, and the retry records all three", async () => {
    const order = {
      ...makeOrder({ id: 9300001001, consent: `m1a1s1.${Math.floor(Date.now() / 1000)}` }),
      name: "#1001",
      order_number: 1001,
    };
    await breakReceivedOrderWrites();
    try {
      await expect(ingestWebhook({ shop, topic: "orders/paid", webhookId: "wh-atomic-1", payload: order })).rejects.toThrow(
        /received order write failed/,
      );
      expect(await counts()).toEqual({ outbox: 0, receipts: 0, received: 0 });
    } finally {
      await repairReceivedOrderWrites();
    }
    const retry = await ingestWebhook({ shop, topic: "orders/paid", webhookId: "wh-atomic-1", payload: order });
    expect(retry.outcome).toBe("queued");
    expect(await counts()).toEqual({ outbox: 1, receipts: 1, received: 1 });
    expect(
      await prisma.receivedOrder.findFirstOrThrow({ where: { shopDomain: shop }, select: { name: true, number: true, outcome: true } }),
    ).toEqual({ name: "#1001", number: 1001, outcome: "queued" });
  });

  it("GIVEN the ReceivedOrder write fails WHEN a pending order is skipped THEN its receipt is not kept either, and the retry records both", async () => {
    const order = { ...makeOrder({ id: 9300001002, financialStatus: "pending" }), name: "#1002", order_number: 1002 };
    await breakReceivedOrderWrites();
    try {
      await expect(ingestWebhook({ shop, topic: "orders/create", webhookId: "wh-atomic-2", payload: order })).rejects.toThrow(
        /received order write failed/,
      );
      expect(await prisma.webhookReceipt.count({ where: { shopDomain: shop, webhookId: "wh-atomic-2" } })).toBe(0);
    } finally {
      await repairReceivedOrderWrites();
    }
    const retry = await ingestWebhook({ shop, topic: "orders/create", webhookId: "wh-atomic-2", payload: order });
    expect(retry.outcome).toBe("skipped");
    expect(await prisma.webhookReceipt.count({ where: { shopDomain: shop, webhookId: "wh-atomic-2" } })).toBe(1);
    expect(
      await prisma.receivedOrder.findFirstOrThrow({ where: { shopDomain: shop, number: 1002 }, select: { outcome: true, reason: true } }),
    ).toEqual({
      outcome: "skipped",
      reason: "payment_state_not_qualifying",
    });
  });
});
