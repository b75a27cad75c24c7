import { beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { dailyReconciliation } from "~/models/order-reconciliation.server";
import { ORDER_CANCELLED_BEFORE_SENT } from "~/outbox/decide-row";
import { PIXEL_PAUSED_WHEN_RECEIVED } from "~/outbox/status";

// The orders page's reconciliation per shop day, on every class an order can fall in:
// several pixels per order (the most advanced state wins, and among not-sent reasons the
// same one as always), the two reasons decided by the row's error text (read from the row,
// not the index), rows of other event names and other shops that must not count, the
// shop's day boundary, and money in several currencies with refunds. The figures are
// written out by hand: a change of the statement's shape must not change one of them.

const shop = "reconcile.myshopify.com";
const other = "reconcile-other.myshopify.com";
const timezone = "America/New_York";
const pixels: Record<string, string> = {};

type Row = { pixel: string; status: string; lastError?: string; consentReason?: string; eventName?: string; domain?: string };
type Order = {
  n: number;
  at: string;
  outcome?: string;
  reason?: string;
  value?: string;
  currency?: string;
  isTest?: boolean;
  kind?: string;
  domain?: string;
  rows?: Row[];
};

const DAY = "2026-03-10";
const BEFORE = "2026-03-09";
// 2026-03-10 in New York runs from 04:00Z to 04:00Z the next day (daylight saving time).
const ORDERS: Order[] = [
  {
    n: 1,
    at: "2026-03-10T15:00:00Z",
    value: "10.50",
    currency: "USD",
    rows: [
      { pixel: "A", status: "delivered" },
      { pixel: "B", status: "failed" },
    ],
  },
  {
    n: 2,
    at: "2026-03-10T15:01:00Z",
    value: "5.25",
    currency: "USD",
    rows: [
      { pixel: "A", status: "failed" },
      { pixel: "B", status: "retry" },
    ],
  },
  // Two not-sent reasons on two pixels: the smaller key wins, as it always did.
  {
    n: 3,
    at: "2026-03-10T15:02:00Z",
    value: "7.00",
    currency: "EUR",
    rows: [
      { pixel: "A", status: "cancelled", lastError: ORDER_CANCELLED_BEFORE_SENT },
      { pixel: "B", status: "cancelled", lastError: "Cancelled by the merchant." },
    ],
  },
  {
    n: 4,
    at: "2026-03-10T15:03:00Z",
    currency: "USD",
    rows: [{ pixel: "A", status: "cancelled", lastError: ORDER_CANCELLED_BEFORE_SENT }],
  },
  {
    n: 5,
    at: "2026-03-10T15:04:00Z",
    value: "1200",
    currency: "JPY",
    rows: [{ pixel: "A", status: "skipped", lastError: PIXEL_PAUSED_WHEN_RECEIVED, consentReason: "no_browser_receipt" }],
  },
  { n: 6, at: "2026-03-10T15:05:00Z", rows: [{ pixel: "A", status: "skipped", consentReason: "browser_sent_no_user_agent" }] },
  {
    n: 7,
    at: "2026-03-10T15:06:00Z",
    rows: [
      { pixel: "A", status: "skipped", consentReason: "checkout_only" },
      { pixel: "A", status: "delivered", domain: other },
    ],
  },
  { n: 8, at: "2026-03-10T15:07:00Z", rows: [{ pixel: "A", status: "blocked" }] },
  {
    n: 9,
    at: "2026-03-10T15:08:00Z",
    rows: [
      { pixel: "A", status: "expired" },
      { pixel: "C", status: "paused" },
    ],
  },
  { n: 10, at: "2026-03-10T15:09:00Z", outcome: "skipped", reason: "pos" },
  { n: 11, at: "2026-03-10T15:10:00Z", outcome: "not_configured" },
  { n: 12, at: "2026-03-10T15:11:00Z", rows: [{ pixel: "A", status: "delivered", eventName: "InitiateCheckout" }] },
  { n: 13, at: "2026-03-10T15:12:00Z", isTest: true, value: "99.00", currency: "USD", rows: [{ pixel: "A", status: "delivered" }] },
  { n: 14, at: "2026-03-10T15:13:00Z", kind: "checkout", value: "99.00", currency: "USD" },
  { n: 15, at: "2026-03-10T15:14:00Z", domain: other, value: "99.00", currency: "USD" },
  { n: 16, at: "2026-03-10T15:15:00Z", outcome: "shop_uninstalled" },
  { n: 17, at: "2026-03-10T15:16:00Z", outcome: "rejected" },
  { n: 18, at: "2026-03-10T15:17:00Z", outcome: "skipped", rows: [{ pixel: "A", status: "delivered" }] },
  // 23:30 in New York on the 9th: the day before, though already the 10th in UTC.
  { n: 20, at: "2026-03-10T03:30:00Z", value: "3.00", currency: "USD", rows: [{ pixel: "B", status: "delivered" }] },
  { n: 21, at: "2026-03-09T12:00:00Z", rows: [{ pixel: "A", status: "in_flight" }] },
  // After the range: not counted.
  { n: 22, at: "2026-03-11T04:00:00Z", value: "50.00", currency: "USD", rows: [{ pixel: "A", status: "delivered" }] },
];

beforeAll(async () => {
  for (const domain of [shop, other]) await prisma.shop.create({ data: { domain, shopKey: `${domain}-key`, timezone } });
  for (const [name, pixelId] of [
    ["A", "1110001"],
    ["B", "2220002"],
    ["C", "3330003"],
  ]) {
    pixels[name] = (await prisma.destination.create({ data: { shopDomain: shop, pixelId, accessTokenEnc: "v1:a:b:c" } })).id;
  }
  pixels.otherA = (await prisma.destination.create({ data: { shopDomain: other, pixelId: "1110001", accessTokenEnc: "v1:a:b:c" } })).id;
  for (const order of ORDERS) {
    const domain = order.domain ?? shop;
    const eventId = `purchase_${order.n}`;
    const placedAt = new Date(order.at);
    await prisma.receivedOrder.create({
      data: {
        shopDomain: domain,
        kind: order.kind ?? "order",
        sourceId: String(5_000 + order.n),
        name: `#${1000 + order.n}`,
        number: 1000 + order.n,
        value: order.value ?? null,
        currency: order.currency ?? null,
        isTest: order.isTest ?? false,
        eventName: "Purchase",
        eventId,
        outcome: order.outcome ?? "queued",
        reason: order.reason ?? null,
        placedAt,
        firstSeenAt: placedAt,
        lastSeenAt: placedAt,
        lastTopic: "orders/paid",
      },
    });
    for (const row of order.rows ?? []) {
      const rowShop = row.domain ?? shop;
      await prisma.outboxEvent.create({
        data: {
          shopDomain: rowShop,
          destinationId: rowShop === shop ? pixels[row.pixel] : pixels.otherA,
          eventName: row.eventName ?? "Purchase",
          eventId,
          status: row.status,
          payload: "{}",
          eventTime: Math.floor(placedAt.getTime() / 1000),
          sourceTopic: "orders/paid",
          orderId: String(5_000 + order.n),
          consentAction: "send",
          consentReason: row.consentReason ?? "allowed",
          lastError: row.lastError ?? null,
        },
      });
    }
  }
  const refund = (n: number, sourceId: string, amount: string | null, currency: string) =>
    prisma.orderAdjustment.create({
      data: {
        shopDomain: shop,
        orderId: String(5_000 + n),
        kind: "refund",
        sourceId,
        amount,
        currency,
        occurredAt: new Date("2026-03-10T16:00:00Z"),
        receivedAt: new Date("2026-03-10T16:00:00Z"),
      },
    });
  await refund(1, "r1", "2.00", "USD");
  await refund(1, "r2", "0.50", "USD");
  await refund(2, "r3", null, "USD"); // amount unknown: not counted
  await refund(3, "r4", "1.00", "USD"); // not the order's currency: not counted
  await refund(4, "r5", "1.00", "USD"); // an order without a total: its refund still counts
  await refund(5, "r6", "200", "JPY");
});

describe("the orders page's daily reconciliation", () => {
  it("GIVEN orders of every class on several pixels THEN each day counts each live order once, in the class it always had", async () => {
    const [before, day] = await dailyReconciliation(shop, BEFORE, DAY, timezone);
    expect(day).toEqual({
      day: DAY,
      received: 15,
      sent: 2,
      inProgress: 2,
      notSent: {
        cancelled: 1,
        withdrawn_cancelled: 1,
        pixel_paused: 1,
        no_browser: 1,
        skipped: 1,
        held_consent: 1,
        "filtered:pos": 1,
        before_setup: 1,
        queued: 1,
        uninstalled: 1,
        rejected: 1,
      },
      money: [
        { currency: "EUR", gross: "7.00", refunded: "0.00", net: "7.00" },
        { currency: "JPY", gross: "1200", refunded: "200", net: "1000" },
        { currency: "USD", gross: "15.75", refunded: "3.50", net: "12.25" },
      ],
    });
    expect(day.received).toBe(day.sent + day.inProgress + Object.values(day.notSent).reduce((sum, n) => sum + n, 0));
    expect(before).toEqual({
      day: BEFORE,
      received: 2,
      sent: 1,
      inProgress: 1,
      notSent: {},
      money: [{ currency: "USD", gross: "3.00", refunded: "0.00", net: "3.00" }],
    });
  });

  it("GIVEN another shop THEN it sees only its own order", async () => {
    const [day] = await dailyReconciliation(other, DAY, DAY, timezone);
    expect(day).toMatchObject({ received: 1, sent: 0, notSent: { queued: 1 } });
    expect(day.money).toEqual([{ currency: "USD", gross: "99.00", refunded: "0.00", net: "99.00" }]);
  });
});
