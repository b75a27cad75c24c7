import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma, { createPrismaClient } from "~/db.server";
import { refreshRollups } from "~/models/admin-rollup.server";
import { addDays, dailyGaps, dailyGapsFromRows, todayIn } from "~/models/orders.server";
import { allPeriodStats, PERIODS, periodStats } from "~/models/overview-stats.server";
import { claimDueEvents } from "~/outbox/claim.server";
import { releaseOwned } from "~/outbox/lease-transitions.server";

// The overview's figures and the daily gap come from per-slot rollups (docs/decisions/016).
// They must be exactly what counting the rows gives: on a seeded month of a realistic shop
// (two pixels, every status, test orders, browser copies, skipped and before-setup
// orders), in time zones whose midnight is not on the hour, after the rows change in
// every way the app changes them, and with two instances rebuilding at the same time.

const NOW = new Date("2026-11-20T15:07:00Z");
const DAY = 86_400_000;
const SHOPS = [
  { domain: "rollup-ny.myshopify.com", timezone: "America/New_York" },
  { domain: "rollup-kathmandu.myshopify.com", timezone: "Asia/Kathmandu" },
];
const STATUSES = [
  "delivered",
  "delivered",
  "delivered",
  "delivered",
  "pending",
  "retry",
  "failed",
  "blocked",
  "skipped",
  "waiting_consent",
  "expired",
  "paused",
];
const OUTCOMES = ["queued", "queued", "queued", "queued", "queued", "queued", "skipped", "not_configured", "shop_uninstalled", "rejected"];
const SKIP_REASONS = ["payment_state_not_qualifying", "pos_order", "test_order", "excluded_tag"];

let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];

const destinations = new Map<string, string[]>();

async function seedShop(domain: string) {
  await prisma.shop.create({ data: { domain, shopKey: `k-${domain}` } });
  const pixels = [];
  for (const pixelId of ["7770001", "7770002"])
    pixels.push((await prisma.destination.create({ data: { shopDomain: domain, pixelId, accessTokenEnc: "v1:a:b:c" } })).id);
  destinations.set(domain, pixels);
  const orders = [];
  const events = [];
  for (let i = 0; i < 700; i++) {
    // 35 days back, and a few minutes ahead (a clock a little fast).
    const placedAt = new Date(NOW.getTime() - Math.floor(random() * 35 * DAY) + (i % 97 === 0 ? 5 * 60_000 : 0));
    const orderId = `${domain.length}${900000 + i}`;
    const eventId = `purchase_${orderId}`;
    const outcome = pick(OUTCOMES);
    const isTest = i % 29 === 0;
    orders.push({
      id: randomUUID(),
      shopDomain: domain,
      kind: i % 9 === 0 ? "checkout" : "order",
      sourceId: orderId,
      adminId: orderId,
      name: `#${1000 + i}`,
      number: 1000 + i,
      value: "42.50",
      currency: "USD",
      isTest,
      eventName: "Purchase",
      eventId,
      outcome,
      reason: outcome === "skipped" ? pick(SKIP_REASONS) : null,
      message: null,
      placedAt,
      firstSeenAt: placedAt,
      lastSeenAt: placedAt,
      lastTopic: "orders/paid",
    });
    if (outcome !== "queued") continue;
    // One row per pixel (sometimes only the first), each with its own fate.
    const eventTime = Math.floor(placedAt.getTime() / 1000) + (i % 5);
    for (const [p, destinationId] of pixels.entries()) {
      if (p === 1 && i % 4 === 0) continue;
      const status = pick(STATUSES);
      events.push(
        outboxRow(domain, destinationId, "Purchase", eventId, status, eventTime, isTest, status === "delivered" && random() < 0.6),
      );
    }
  }
  // Checkouts: InitiateCheckout rows (dedup figure) and test events.
  for (let i = 0; i < 500; i++) {
    const eventTime = Math.floor((NOW.getTime() - Math.floor(random() * 35 * DAY)) / 1000);
    const status = pick(STATUSES);
    events.push(outboxRow(domain, pixels[i % 2], "InitiateCheckout", `ic_tok${i}`, status, eventTime, i % 23 === 0, random() < 0.5));
  }
  await prisma.receivedOrder.createMany({ data: orders });
  await prisma.outboxEvent.createMany({ data: events });
}

function outboxRow(
  shopDomain: string,
  destinationId: string,
  eventName: string,
  eventId: string,
  status: string,
  eventTime: number,
  isTest: boolean,
  browserSeen: boolean,
) {
  const at = new Date(eventTime * 1000);
  return {
    id: randomUUID(),
    shopDomain,
    destinationId,
    eventName,
    eventId,
    status,
    payload: "{}",
    eventTime,
    sourceTopic: "orders/paid",
    isTest,
    consentAction: "send",
    consentReason: "mode_off",
    nextAttemptAt: at,
    createdAt: at,
    updatedAt: at,
    deliveredAt: status === "delivered" ? at : null,
    browserSeenAt: browserSeen ? at : null,
  };
}

async function expectSameFigures() {
  for (const { domain, timezone } of SHOPS) {
    const rows = await Promise.all(PERIODS.map((period) => periodStats(domain, period, timezone, NOW)));
    const fast = await allPeriodStats(domain, PERIODS, timezone, NOW);
    expect(fast, `${domain} periods`).toEqual(rows);
    const today = todayIn(timezone, NOW);
    expect(await dailyGaps(domain, addDays(today, -30), today, timezone), `${domain} daily gap`).toEqual(
      await dailyGapsFromRows(domain, addDays(today, -30), today, timezone),
    );
  }
}

beforeAll(async () => {
  for (const { domain } of SHOPS) await seedShop(domain);
});

afterAll(async () => {
  await prisma.$disconnect();
});

describe("the overview's rollups", () => {
  it("GIVEN a seeded month in two time zones THEN every period and every day equals counting the rows, and the figures are not trivial", async () => {
    await expectSameFigures();
    const [ny] = SHOPS;
    // Read from the rollups (nothing left to rebuild), and about something.
    expect(await refreshRollups(ny.domain, { maxBatches: 0 })).toBe(true);
    expect(await prisma.adminRollup.count({ where: { shopDomain: ny.domain } })).toBeGreaterThan(100);
    const month = (await allPeriodStats(ny.domain, PERIODS, ny.timezone, NOW))[2];
    expect(month.received).toBeGreaterThan(300);
    expect(month.accepted).toBeGreaterThan(100);
    expect(month.difference.length).toBeGreaterThan(5);
    expect(month.testEvents).toBeGreaterThan(0);
  });

  it("GIVEN the rows change as the app changes them (deliveries, receipts, retention, redaction, new orders, a skipped order paid) THEN the figures still equal counting the rows", async () => {
    const [ny, kathmandu] = SHOPS;
    await expectSameFigures();
    // The worker delivers some, fails some; a browser receipt arrives.
    await prisma.outboxEvent.updateMany({
      where: { shopDomain: ny.domain, status: "pending" },
      data: { status: "delivered", deliveredAt: NOW },
    });
    await prisma.outboxEvent.updateMany({
      where: { shopDomain: ny.domain, status: "retry", eventName: "Purchase" },
      data: { status: "failed" },
    });
    await prisma.outboxEvent.updateMany({
      where: { shopDomain: kathmandu.domain, browserSeenAt: null, status: "delivered" },
      data: { browserSeenAt: NOW },
    });
    // Retention and a customer redaction delete rows; an order's events go with it.
    await prisma.outboxEvent.deleteMany({ where: { shopDomain: ny.domain, status: "expired" } });
    const redacted = await prisma.receivedOrder.findMany({
      where: { shopDomain: kathmandu.domain, outcome: "queued" },
      take: 20,
      select: { eventId: true },
    });
    const ids = redacted.map((row) => row.eventId!);
    await prisma.outboxEvent.deleteMany({ where: { shopDomain: kathmandu.domain, eventId: { in: ids } } });
    await prisma.receivedOrder.deleteMany({ where: { shopDomain: kathmandu.domain, eventId: { in: ids } } });
    // A skipped order is paid later (the ingest's upsert turns it to queued) and sent.
    const skipped = await prisma.receivedOrder.findFirstOrThrow({
      where: {
        shopDomain: ny.domain,
        outcome: "skipped",
        kind: "order",
        isTest: false,
        placedAt: { gte: new Date(NOW.getTime() - 5 * DAY) },
      },
    });
    await prisma.receivedOrder.update({ where: { id: skipped.id }, data: { outcome: "queued", reason: null } });
    await prisma.outboxEvent.create({
      data: outboxRow(
        ny.domain,
        destinations.get(ny.domain)![0],
        "Purchase",
        skipped.eventId!,
        "delivered",
        Math.floor(skipped.placedAt.getTime() / 1000),
        false,
        false,
      ),
    });
    await expectSameFigures();
  });

  it("GIVEN two instances rebuilding while rows keep changing THEN the figures still equal counting the rows", async () => {
    const [ny] = SHOPS;
    const second = createPrismaClient(process.env.DATABASE_URL!);
    try {
      const writes = (async () => {
        for (let round = 0; round < 6; round++) {
          await prisma.outboxEvent.updateMany({
            where: {
              shopDomain: ny.domain,
              status: round % 2 ? "failed" : "delivered",
              eventTime: { gte: Math.floor(NOW.getTime() / 1000) - (round + 1) * 3 * 86_400 },
            },
            data: { status: round % 2 ? "delivered" : "failed" },
          });
          await prisma.receivedOrder.updateMany({
            where: { shopDomain: ny.domain, outcome: "not_configured", number: { gte: 1000 + round * 100 } },
            data: { outcome: "queued" },
          });
        }
      })();
      await Promise.all([
        writes,
        refreshRollups(ny.domain),
        refreshRollups(ny.domain, { db: second }),
        refreshRollups(ny.domain),
        refreshRollups(ny.domain, { db: second }),
      ]);
    } finally {
      await second.$disconnect();
    }
    await expectSameFigures();
  });
});

describe("the rollup triggers, one at a time", () => {
  it("GIVEN an order and its event in different slots THEN each change names every slot it changes: the event's, the order's, and the ones a moved row left", async () => {
    // Each step follows a rebuild (expectSameFigures refreshes, so nothing is named), and
    // the order's slot differs from its event's: one trigger alone must name each slot.
    const [ny] = SHOPS;
    const at = (iso: string) => new Date(iso);
    const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
    const pixel = destinations.get(ny.domain)![0];
    const eventId = "purchase_slots_1";
    const order = await prisma.receivedOrder.create({
      data: {
        id: randomUUID(),
        shopDomain: ny.domain,
        kind: "order",
        sourceId: "slots-1",
        adminId: "slots-1",
        name: "#slots",
        number: 99_001,
        value: "10.00",
        currency: "USD",
        isTest: false,
        eventName: "Purchase",
        eventId,
        outcome: "queued",
        placedAt: at("2026-11-18T10:14:30Z"),
        firstSeenAt: NOW,
        lastSeenAt: NOW,
        lastTopic: "orders/create",
      },
    });
    const event = await prisma.outboxEvent.create({
      data: outboxRow(ny.domain, pixel, "Purchase", eventId, "pending", seconds("2026-11-18T12:00:05Z"), false, false),
    });
    await expectSameFigures();
    // Delivered: the order's slot gains an accepted order.
    await prisma.outboxEvent.update({ where: { id: event.id }, data: { status: "delivered", deliveredAt: NOW } });
    await expectSameFigures();
    // The delivered row deleted (retention): it loses it again.
    await prisma.outboxEvent.delete({ where: { id: event.id } });
    await expectSameFigures();
    // A delivered row inserted (a replay's copy, a test's seed).
    const again = await prisma.outboxEvent.create({
      data: outboxRow(ny.domain, pixel, "Purchase", eventId, "delivered", seconds("2026-11-18T12:00:05Z"), false, true),
    });
    await expectSameFigures();
    // The event moved to another slot: the one it left is named too.
    await prisma.outboxEvent.update({ where: { id: again.id }, data: { eventTime: seconds("2026-11-18T13:30:00Z") } });
    await expectSameFigures();
    // The delivered row now answers another order (a changed event id): both orders' slots change.
    const other = await prisma.receivedOrder.create({
      data: {
        id: randomUUID(),
        shopDomain: ny.domain,
        kind: "order",
        sourceId: "slots-2",
        adminId: "slots-2",
        name: "#slots2",
        number: 99_002,
        value: "10.00",
        currency: "USD",
        isTest: false,
        eventName: "Purchase",
        eventId: "purchase_slots_2",
        outcome: "queued",
        placedAt: at("2026-11-18T14:40:00Z"),
        firstSeenAt: NOW,
        lastSeenAt: NOW,
        lastTopic: "orders/create",
      },
    });
    await expectSameFigures();
    await prisma.outboxEvent.update({ where: { id: again.id }, data: { eventId: other.eventId! } });
    await expectSameFigures();
    await prisma.outboxEvent.update({ where: { id: again.id }, data: { eventId } });
    await expectSameFigures();
    // The order moved to another slot, then deleted (redaction).
    await prisma.receivedOrder.update({ where: { id: order.id }, data: { placedAt: at("2026-11-18T11:20:00Z") } });
    await expectSameFigures();
    await prisma.outboxEvent.delete({ where: { id: again.id } });
    await expectSameFigures();
    await prisma.receivedOrder.delete({ where: { id: order.id } });
    await expectSameFigures();
  });
});

describe("a lease changes no figure (docs/decisions/066)", () => {
  it("GIVEN the worker claims, releases and claims again THEN the figures equal counting the rows, and a claim of pending rows names no slot", async () => {
    const [ny, kathmandu] = SHOPS;
    const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
    const [first, second] = destinations.get(ny.domain)!;
    // One Purchase whose second pixel is paused: claimed, its first row must still rank
    // below "paused" as the pending row it was. Another waits for a retry: claimed, it
    // becomes "sending", so its slot must be named.
    const paused = "purchase_lease_paused";
    const retried = "purchase_lease_retry";
    await prisma.outboxEvent.createMany({
      data: [
        outboxRow(ny.domain, first, "Purchase", paused, "pending", seconds("2026-11-19T09:01:00Z"), false, false),
        outboxRow(ny.domain, second, "Purchase", paused, "paused", seconds("2026-11-19T09:01:00Z"), false, false),
        outboxRow(ny.domain, first, "Purchase", retried, "retry", seconds("2026-11-19T11:31:00Z"), false, false),
      ],
    });
    await expectSameFigures();

    // A claim of pending rows only (the worker's statement, as any connection could run it).
    const dirtyBefore = await prisma.rollupDirty.count();
    const claimedPending = await prisma.outboxEvent.updateMany({
      where: { status: "pending" },
      data: { status: "in_flight", leaseOwner: "lease-test", leaseUntil: new Date(NOW.getTime() + 60_000) },
    });
    expect(claimedPending.count).toBeGreaterThan(10);
    expect(await prisma.rollupDirty.count()).toBe(dirtyBefore);
    await expectSameFigures();
    await releaseOwned(prisma, "lease-test", NOW);
    await expectSameFigures();

    // The worker's own claim takes pending, retry and expired leases in both shops.
    const claimed = await claimDueEvents({ workerId: "lease-claim", limit: 10_000, leaseMs: 60_000, now: NOW });
    expect(claimed.some((row) => row.eventId === retried)).toBe(true);
    expect(claimed.some((row) => row.shopDomain === kathmandu.domain)).toBe(true);
    await expectSameFigures();
    // A lease that ran out is claimed again by another worker (in_flight to in_flight).
    const later = new Date(NOW.getTime() + 120_000);
    await claimDueEvents({ workerId: "lease-claim-2", limit: 10_000, leaseMs: 60_000, now: later });
    await expectSameFigures();
    await releaseOwned(prisma, "lease-claim-2", later);
    await expectSameFigures();
  });
});
