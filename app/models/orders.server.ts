import { COUNT_CAP } from "../outbox/count-cap";
import prisma from "../db.server";
import { receivedOrderPage, searchOrders, type OrderConditions } from "../db/statements/order-lists.server";
import { orderGapsFromRows } from "../db/statements/overview-counts.server";
import { isSlotAligned, orderRollupsBetween, refreshRollups } from "./admin-rollup.server";
import { inIdOrder } from "../outbox/list-query.server";
import { ensureReceivedOrdersBackfilled } from "./received-order-backfill.server";
import { orderClassWords } from "../format/order-class-words";
import { describeOutcome, type Outcome, type OutboxFacts } from "./order-outcome";
import { lifecyclesFor } from "./order-lifecycle.server";
import { cancelReasonWords } from "../format/cancel-reason-words";
import { type OrderLifecycle } from "./order-money";
import { addDays, dayOf, formatDateTime, startOfDay, type ShopClock } from "./shop-time";

export { addDays };

// The reconciliation list: every order and checkout Tandem received (ReceivedOrder), newest
// first, with what became of it. Keyset pagination on (placedAt, id): page 6,000 costs
// what page 1 does.

export const ORDERS_PAGE_SIZE = 50;

export type OrdersQuery = {
  shopDomain: string;
  q?: string | null;
  /** Shop-timezone calendar days, inclusive. */
  from?: string | null;
  to?: string | null;
  kind?: "order" | "checkout" | null;
  /** not_accepted: live orders Meta has not accepted as a purchase on any pixel (the daily difference's orders). */
  outcome?: "not_accepted" | null;
  /** An instant (the CLI's --since). */
  since?: Date | null;
  after?: string | null;
  before?: string | null;
  pageSize?: number;
};

export type OrderLine = {
  id: string;
  kind: "order" | "checkout";
  title: string;
  value: string | null;
  currency: string | null;
  placedAt: string;
  placedAtText: string;
  isTest: boolean;
  outcome: Outcome;
  adminUrl: string | null;
  eventId: string | null;
  /** The badge of a kind other than an online-store order ("Point of sale", "Subscription renewal: RecurringPayment"); null for online orders. */
  classLabel: string | null;
  /** The order's class as stored (online, pos, draft, subscription_first, ...); null for checkouts and unclassified orders. */
  orderClass: string | null;
  /** Every order's class in words ("Point-of-sale order", "Draft order invoice"...); "Checkout" for checkouts. */
  classWords: string;
  /** What happened to an order after checkout (cancelled, refunded, edited); null for checkouts. */
  lifecycle: OrderLifecycleView | null;
};

export type OrderLifecycleView = Omit<OrderLifecycle, "cancelledAt" | "cancelReason"> & {
  cancelledAt: string | null;
  cancelledAtText: string;
  cancelReason: string;
};

function lifecycleView(lifecycle: OrderLifecycle, clock: ShopClock): OrderLifecycleView {
  return {
    ...lifecycle,
    cancelledAt: lifecycle.cancelledAt?.toISOString() ?? null,
    cancelledAtText: formatDateTime(lifecycle.cancelledAt, clock),
    cancelReason: cancelReasonWords(lifecycle.cancelReason),
  };
}

/** Badges of the orders list: the kinds that are not online-store orders, short (docs/decisions/036). */
const CLASS_BADGES: Record<string, string> = { pos: "Point of sale", draft: "Draft order", no_checkout: "No checkout" };

/** An order's class as the list's badge, with the event a renewal was sent as (docs/decisions/038); null for online-store orders. */
export function orderClassLabel(orderClass: string | null, eventName: string): string | null {
  if (orderClass === "subscription_renewal")
    return eventName === "Purchase" ? "Subscription renewal" : `Subscription renewal: ${eventName}`;
  if (orderClass === "subscription_first") return "First subscription order";
  return (orderClass && CLASS_BADGES[orderClass]) || null;
}

/** Totals stop counting here: "10,000+" reads as well as 300,000 and costs a fraction. */
export const TOTAL_CAP = COUNT_CAP;

export async function listReceivedOrders(query: OrdersQuery, clock: ShopClock) {
  await ensureReceivedOrdersBackfilled(query.shopDomain);
  const size = query.pageSize ?? ORDERS_PAGE_SIZE;
  const searched = (query.q ?? "").trim() ? (await searchReceivedOrders(query.shopDomain, query.q)).map((row) => row.id) : null;
  const backwards = Boolean(query.before) && !query.after;
  const cursor = decodeCursor(backwards ? query.before : query.after);
  const { ids, counted } = await receivedOrderPage(prisma, {
    conditions: ordersConditions(query, clock.timezone, searched),
    cursor,
    backwards,
    size,
    cap: TOTAL_CAP,
  });
  // By id alone (the ids are this shop's), the shop checked on the rows: see rowsByIds in event-log.server.ts.
  const found = inIdOrder(
    ids,
    (await prisma.receivedOrder.findMany({ where: { id: { in: ids } } })).filter((row) => row.shopDomain === query.shopDomain),
  );
  const total = Math.min(counted, TOTAL_CAP);
  const more = found.length > size;
  const rows = found.slice(0, size);
  if (backwards) rows.reverse();
  const [events, lifecycles] = await Promise.all([
    outboxFactsFor(
      query.shopDomain,
      rows.map((row) => row.eventId).filter((id): id is string => id !== null),
    ),
    lifecyclesFor(
      query.shopDomain,
      rows.filter((row) => row.kind === "order"),
    ),
  ]);
  const lines: OrderLine[] = rows.map((row) => ({
    id: row.id,
    kind: row.kind === "checkout" ? "checkout" : "order",
    title: row.name ?? (row.kind === "checkout" ? `Checkout ${row.sourceId.slice(0, 8)}…` : `Order ${row.sourceId}`),
    value: row.value,
    currency: row.currency,
    placedAt: row.placedAt.toISOString(),
    placedAtText: formatDateTime(row.placedAt, clock),
    isTest: row.isTest,
    outcome: describeOutcome(row, (row.eventId && events.get(row.eventId)) || [], clock),
    adminUrl: adminUrl(query.shopDomain, row.kind, row.adminId),
    eventId: row.eventId,
    classLabel: orderClassLabel(row.orderClass, row.eventName),
    orderClass: row.kind === "checkout" ? null : row.orderClass,
    classWords: orderClassWords(row.orderClass, row.kind === "checkout" ? "checkout" : "order"),
    lifecycle: row.kind === "order" && lifecycles.has(row.sourceId) ? lifecycleView(lifecycles.get(row.sourceId)!, clock) : null,
  }));
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    lines,
    /** At most TOTAL_CAP; totalCapped says there are more. */
    total,
    totalCapped: counted > TOTAL_CAP,
    // Backwards we came from a later page, so there is one; forwards, "more" says so.
    nextCursor: last && (backwards ? true : more) ? encodeCursor(last.placedAt, last.id) : null,
    previousCursor: first && (backwards ? more : Boolean(cursor)) ? encodeCursor(first.placedAt, first.id) : null,
  };
}

function ordersConditions(query: OrdersQuery, timezone: string, searched: string[] | null): OrderConditions {
  const placedFrom: Date[] = [];
  if (query.since) placedFrom.push(query.since);
  if (query.from) placedFrom.push(startOfDay(query.from, timezone));
  return {
    shopDomain: query.shopDomain,
    kind: query.kind,
    // The daily difference's own rule (dailyGapsFromRows): live orders with no delivered row for their event id.
    liveOrdersWithoutStatus: query.outcome === "not_accepted" ? "delivered" : null,
    placedFrom,
    placedBefore: query.to ? startOfDay(addDays(query.to, 1), timezone) : null,
    ids: searched,
  };
}

/**
 * "#1003", "1003", an order id, a checkout token: what a merchant pastes. One indexed
 * look-up per column, joined with UNION: an OR over the columns made the database read
 * every order of the shop (0.6 s at 300,000 orders, docs/benchmarks.md).
 */
export async function searchReceivedOrders(
  shopDomain: string,
  raw: string | null | undefined,
): Promise<{ id: string; eventId: string | null }[]> {
  const q = (raw ?? "").trim().slice(0, 200);
  if (!q) return [];
  const bare = q.replace(/^#/, "");
  const names = q.startsWith("#") ? [q] : [q, `#${q}`];
  return searchOrders(prisma, {
    shopDomain,
    names,
    sourceId: bare,
    kinds: ["order", "checkout"],
    number: /^\d{1,9}$/.test(bare) ? Number(bare) : null,
    limit: 500,
  });
}

async function outboxFactsFor(shopDomain: string, eventIds: string[]): Promise<Map<string, OutboxFacts[]>> {
  const map = new Map<string, OutboxFacts[]>();
  if (eventIds.length === 0) return map;
  const rows = await prisma.outboxEvent.findMany({
    where: { shopDomain, eventId: { in: eventIds } },
    select: {
      eventId: true,
      status: true,
      lastError: true,
      consentReason: true,
      consentUntil: true,
      nextAttemptAt: true,
      deliveredAt: true,
      destination: { select: { pixelId: true } },
    },
  });
  for (const { eventId, destination, ...row } of rows) {
    const list = map.get(eventId) ?? [];
    list.push({ ...row, pixelId: destination.pixelId });
    map.set(eventId, list);
  }
  return map;
}

export function adminUrl(shopDomain: string, kind: string, adminId: string | null): string | null {
  if (!adminId || !/^\d+$/.test(adminId)) return null;
  return `https://${shopDomain}/admin/${kind === "checkout" ? "checkouts" : "orders"}/${adminId}`;
}

function encodeCursor(placedAt: Date, id: string): string {
  return Buffer.from(`${placedAt.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(value: string | null | undefined): { placedAt: Date; id: string } | null {
  if (!value) return null;
  const [iso, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const placedAt = new Date(iso ?? "");
  return id && !Number.isNaN(placedAt.getTime()) ? { placedAt, id } : null;
}

export type DailyGap = { day: string; received: number; accepted: number; gap: number };

/**
 * Per shop day: live orders received and, of those, the ones Meta accepted as a Purchase
 * (on any pixel). Test orders are left out. At most 31 days. Read from the per-slot
 * rollups when they are up to date (a shop's days are whole 15-minute slots), else
 * counted from the rows (dailyGapsFromRows, the reference the rollups must equal).
 */
export async function dailyGaps(shopDomain: string, fromDay: string, toDay: string, timezone: string): Promise<DailyGap[]> {
  const days = dayList(fromDay, toDay);
  if (days.length === 0) return [];
  await ensureReceivedOrdersBackfilled(shopDomain);
  const bounds = dayBounds(days, timezone);
  const seconds = bounds.map((bound) => bound.getTime() / 1000);
  if (!seconds.every(isSlotAligned) || !(await refreshRollups(shopDomain))) return dailyGapsFromRows(shopDomain, fromDay, toDay, timezone);
  const sums = await orderRollupsBetween(shopDomain, seconds);
  return days.map((day, i) => ({ day, received: sums[i].received, accepted: sums[i].accepted, gap: sums[i].received - sums[i].accepted }));
}

function dayList(fromDay: string, toDay: string): string[] {
  const days: string[] = [];
  for (let day = fromDay; day <= toDay && days.length < 31; day = addDays(day, 1)) days.push(day);
  return days;
}

const dayBounds = (days: string[], timezone: string) => [
  ...days.map((day) => startOfDay(day, timezone)),
  startOfDay(addDays(days[days.length - 1], 1), timezone),
];

export async function dailyGapsFromRows(shopDomain: string, fromDay: string, toDay: string, timezone: string): Promise<DailyGap[]> {
  const days = dayList(fromDay, toDay);
  if (days.length === 0) return [];
  const bounds = dayBounds(days, timezone);
  const rows = await orderGapsFromRows(prisma, shopDomain, bounds);
  const byBucket = new Map(rows.map((row) => [row.bucket, row]));
  return days.map((day, i) => {
    const row = byBucket.get(i);
    const received = row?.received ?? 0;
    const accepted = row?.accepted ?? 0;
    return { day, received, accepted, gap: received - accepted };
  });
}

export function todayIn(timezone: string, now = new Date()): string {
  return dayOf(now, timezone);
}
