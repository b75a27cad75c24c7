import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { pruneOldRows } from "../../app/retention/prune-old-rows.server";

// Runs on both providers (vitest projects sqlite and postgresql).
const DAY = 24 * 60 * 60 * 1000;
const now = new Date("2026-12-02T12:00:00.000Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
const noPause = async () => {};

let destinationId: string;
const shopDomain = "prune.myshopify.com";

beforeEach(async () => {
  await prisma.$transaction([
    prisma.deliveryAttempt.deleteMany(),
    prisma.outboxEvent.deleteMany(),
    prisma.pixelReceipt.deleteMany(),
    prisma.webhookReceipt.deleteMany(),
    prisma.destination.deleteMany(),
    prisma.shop.deleteMany(),
  ]);
  await prisma.shop.create({ data: { domain: shopDomain, shopKey: randomUUID() } });
  destinationId = (await prisma.destination.create({ data: { shopDomain, pixelId: "123", accessTokenEnc: "v1:x" } })).id;
});

async function outbox(status: string, ageDays: number) {
  const id = randomUUID();
  await prisma.outboxEvent.create({
    data: {
      id,
      shopDomain,
      destinationId,
      eventName: "Purchase",
      eventId: `purchase_${id}`,
      status,
      payload: "{}",
      eventTime: 1,
      sourceTopic: "orders/paid",
      consentAction: "send",
      consentReason: "mode_off",
      createdAt: daysAgo(ageDays + 1),
      updatedAt: daysAgo(ageDays),
    },
  });
  return id;
}

describe("pruning rows older than the retention period", () => {
  it("GIVEN settled and live outbox rows of every age THEN only settled rows older than the period go, in batches", async () => {
    const oldSettled = await Promise.all(
      ["delivered", "failed", "expired", "blocked", "skipped", "delivered", "delivered"].map((s) => outbox(s, 31)),
    );
    const oldLive = await Promise.all(["pending", "retry", "in_flight", "waiting_consent", "paused"].map((s) => outbox(s, 90)));
    const recent = await outbox("delivered", 29);
    const result = await pruneOldRows(prisma, { now, batchSize: 2, pause: noPause });
    expect(result.outboxEvents).toBe(oldSettled.length);
    const left = (await prisma.outboxEvent.findMany({ select: { id: true } })).map((r) => r.id).sort();
    expect(left).toEqual([...oldLive, recent].sort());
  });

  it("GIVEN attempts, pixel receipts and webhook receipts THEN those older than the period are deleted, the rest kept", async () => {
    for (const [age, n] of [
      [40, 3],
      [10, 2],
    ] as const) {
      for (let i = 0; i < n; i++) {
        await prisma.deliveryAttempt.create({
          data: { shopDomain, destinationId, eventIds: "[]", eventCount: 1, durationMs: 5, outcome: "delivered", startedAt: daysAgo(age) },
        });
        await prisma.pixelReceipt.create({
          data: {
            shopDomain,
            eventName: "Purchase",
            eventId: `p_${age}_${i}`,
            consent: "m1a1s1",
            occurredAt: daysAgo(age),
            receivedAt: daysAgo(age),
          },
        });
        await prisma.webhookReceipt.create({
          data: { webhookId: randomUUID(), shopDomain, topic: "orders/paid", outcome: "queued", receivedAt: daysAgo(age) },
        });
      }
    }
    expect(await pruneOldRows(prisma, { now, batchSize: 2, pause: noPause })).toEqual({
      outboxEvents: 0,
      deliveryAttempts: 3,
      pixelReceipts: 3,
      webhookReceipts: 3,
    });
    expect([await prisma.deliveryAttempt.count(), await prisma.pixelReceipt.count(), await prisma.webhookReceipt.count()]).toEqual([
      2, 2, 2,
    ]);
    expect(await pruneOldRows(prisma, { now, pause: noPause })).toEqual({
      outboxEvents: 0,
      deliveryAttempts: 0,
      pixelReceipts: 0,
      webhookReceipts: 0,
    });
  });

  it("GIVEN a shorter retention period and a batch cap THEN the period is honoured and a run stops at the cap", async () => {
    await Promise.all([outbox("delivered", 8), outbox("delivered", 8), outbox("delivered", 8), outbox("delivered", 6)]);
    expect((await pruneOldRows(prisma, { now, retentionDays: 7, batchSize: 1, maxBatches: 2, pause: noPause })).outboxEvents).toBe(2);
    expect((await pruneOldRows(prisma, { now, retentionDays: 7, batchSize: 1, maxBatches: 2, pause: noPause })).outboxEvents).toBe(1);
    expect(await prisma.outboxEvent.count()).toBe(1);
  });

  it("GIVEN two instances pruning at the same time THEN together they delete each row once and neither fails", async () => {
    await Promise.all(Array.from({ length: 30 }, () => outbox("delivered", 40)));
    const [a, b] = await Promise.all([
      pruneOldRows(prisma, { now, batchSize: 4, pause: noPause }),
      pruneOldRows(prisma, { now, batchSize: 4, pause: noPause }),
    ]);
    expect(a.outboxEvents + b.outboxEvents).toBe(30);
    expect(await prisma.outboxEvent.count()).toBe(0);
  });
});
