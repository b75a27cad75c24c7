import type { Prisma } from "@prisma/client";
import { DEDUP_WINDOW_SECONDS, initiateCheckoutEventId, purchaseEventId } from "../capi";
import { zonedDayStart } from "../format/dates";
import prisma from "../db.server";
import { shopEventNamesInIndex } from "../db/statements/outbox-lists.server";
import { inIdOrder, listOutbox, type OutboxFilter } from "../outbox/list-query.server";
import { PAGE_SIZE, type EventLogFilter } from "./event-log-filter";
import { searchReceivedOrders, TOTAL_CAP } from "./orders.server";

export const DEDUP_WINDOW_MS = DEDUP_WINDOW_SECONDS * 1000;

/** An export takes at most this many rows, newest first. */
export const MAX_ROWS = 10_000;

/** The row's value and currency as sent to Meta (custom_data), for the value column. */
export function valueOf(payload: string): { amount: number; currency: string } | null {
  try {
    const data = (JSON.parse(payload) as { custom_data?: { value?: unknown; currency?: unknown } }).custom_data;
    return typeof data?.value === "number" && typeof data.currency === "string" ? { amount: data.value, currency: data.currency } : null;
  } catch {
    return null;
  }
}

/** The shop's event log filter as outbox conditions; days are the shop's days. */
export async function eventLogFilter(shopDomain: string, filter: EventLogFilter, timeZone = "UTC"): Promise<OutboxFilter> {
  let eventIds: string[] | undefined;
  const q = filter.q.replace(/^#/, "").trim();
  if (q) {
    // Exact event ids only, each an index look-up: the id itself, the order's or the
    // checkout's event id, and the events of the orders whose name or number it is. A
    // substring search read every event of the shop (seconds at a million rows).
    const ids = new Set([filter.q.trim(), q]);
    for (const id of [purchaseEventId(q), initiateCheckoutEventId(q)]) if (id) ids.add(id);
    for (const order of await searchReceivedOrders(shopDomain, filter.q)) if (order.eventId) ids.add(order.eventId);
    eventIds = [...ids];
  }
  return {
    statuses: filter.status,
    eventNames: filter.event.length ? filter.event : undefined,
    createdFrom: filter.from ? zonedDayStart(filter.from, timeZone) : undefined,
    createdBefore: filter.to ? zonedDayStart(nextDay(filter.to), timeZone) : undefined,
    browserSeen: filter.browser ? filter.browser === "seen" : undefined,
    eventIds,
    isTest: filter.mode ? filter.mode === "test" : undefined,
  };
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const LIST_SELECT = {
  id: true,
  eventName: true,
  eventId: true,
  status: true,
  consentAction: true,
  consentReason: true,
  consentUntil: true,
  attempts: true,
  lastError: true,
  createdAt: true,
  deliveredAt: true,
  browserSeenAt: true,
  isTest: true,
  orderId: true,
  checkoutToken: true,
  payload: true,
  destination: { select: { pixelId: true } },
} satisfies Prisma.OutboxEventSelect;

type ListRow = Prisma.OutboxEventGetPayload<{ select: typeof LIST_SELECT }>;
const toListRow = ({ payload, ...row }: ListRow) => ({ ...row, value: valueOf(payload), undeduplicable: isUndeduplicable(row) });

/** One page of the shop's event log (newest first) and how many rows match, counted up to TOTAL_CAP. */
export async function queryEventLog(shopDomain: string, filter: EventLogFilter, timeZone = "UTC") {
  const where = await eventLogFilter(shopDomain, filter, timeZone);
  const [{ counted, rows }, eventNames, pixels] = await Promise.all([
    listOutbox(shopDomain, where, { offset: (filter.page - 1) * PAGE_SIZE, limit: PAGE_SIZE, cap: TOTAL_CAP }).then(
      async ({ ids, counted }) => ({ counted, rows: await rowsByIds(shopDomain, ids) }),
    ),
    // The event filter offers what this shop's log can hold (AddPaymentInfo is browser-only: never a row).
    shopEventNames(shopDomain),
    // With several pixels each event has a row per pixel: the list then says which.
    prisma.destination.count({ where: { shopDomain } }),
  ]);
  return {
    pixels,
    rows: rows.map(toListRow),
    total: Math.min(counted, TOTAL_CAP),
    totalCapped: counted > TOTAL_CAP,
    page: filter.page,
    pageSize: PAGE_SIZE,
    eventNames,
  };
}

/**
 * The list's columns of these rows (ids of this shop's rows), in the ids' order. By id
 * alone, the shop checked on the rows: with the shop in the WHERE, SQLite without
 * statistics walked the shop's whole index instead of the primary key (1.6 s).
 */
async function rowsByIds(shopDomain: string, ids: string[]): Promise<ListRow[]> {
  const rows: ListRow[] = [];
  for (let i = 0; i < ids.length; i += 1_000) {
    const found = await prisma.outboxEvent.findMany({
      where: { id: { in: ids.slice(i, i + 1_000) } },
      select: { ...LIST_SELECT, shopDomain: true },
    });
    for (const { shopDomain: owner, ...row } of found) if (owner === shopDomain) rows.push(row);
  }
  return inIdOrder(ids, rows);
}

/**
 * The distinct event names of the shop's rows, sorted, by hopping through the
 * (shopDomain, eventName, eventTime) index one name at a time: a GROUP BY read every row
 * of the shop (1.9 s at a million events).
 */
export async function shopEventNames(shopDomain: string): Promise<string[]> {
  return (await shopEventNamesInIndex(prisma, shopDomain)).sort();
}

/** Every matching row up to MAX_ROWS, newest first (the CSV export). */
export async function listEvents(shopDomain: string, filter: EventLogFilter, timeZone = "UTC") {
  const { ids } = await listOutbox(shopDomain, await eventLogFilter(shopDomain, filter, timeZone), { limit: MAX_ROWS, cap: null });
  return (await rowsByIds(shopDomain, ids)).map(toListRow);
}

/**
 * The requests that carried an event are found by its pixel and time: `eventIds` is a JSON
 * list no index can search, and without a window the look-up read every request the pixel
 * ever made. A request starts after its row was created (the claim precedes it) and its
 * settlement writes the row's `updatedAt` in the same transaction, so every request of the
 * row starts between the two; the margin absorbs the clocks of several instances.
 */
const ATTEMPT_CLOCK_MARGIN_MS = 60 * 60 * 1000;

/** One event with every request that carried it, for "what was sent and why". */
export async function getEventDetail(shopDomain: string, id: string) {
  const event = await prisma.outboxEvent.findFirst({
    where: { id, shopDomain },
    include: { destination: { select: { pixelId: true, testEventCode: true } } },
  });
  if (!event) return null;
  const [attempts, receipt, webhooks] = await Promise.all([
    prisma.deliveryAttempt.findMany({
      where: {
        shopDomain,
        destinationId: event.destinationId,
        startedAt: {
          gte: new Date(event.createdAt.getTime() - ATTEMPT_CLOCK_MARGIN_MS),
          lte: new Date(event.updatedAt.getTime() + ATTEMPT_CLOCK_MARGIN_MS),
        },
        eventIds: { contains: JSON.stringify(event.id) },
      },
      orderBy: { startedAt: "asc" },
      take: 50,
    }),
    prisma.pixelReceipt.findUnique({
      where: { shopDomain_eventName_eventId: { shopDomain, eventName: event.eventName, eventId: event.eventId } },
      select: { consent: true, occurredAt: true, receivedAt: true, fbp: true, fbc: true },
    }),
    prisma.webhookReceipt.findMany({
      where: { shopDomain, eventId: event.eventId },
      orderBy: { receivedAt: "asc" },
      select: { topic: true, outcome: true, receivedAt: true },
    }),
  ]);
  return {
    event: { ...event, payload: JSON.parse(event.payload) as Record<string, unknown>, undeduplicable: isUndeduplicable(event) },
    attempts: attempts.map(({ eventIds: _ids, ...attempt }) => attempt),
    browserReceipt: receipt
      ? {
          consent: receipt.consent,
          occurredAt: receipt.occurredAt,
          receivedAt: receipt.receivedAt,
          hasFbp: Boolean(receipt.fbp),
          hasFbc: Boolean(receipt.fbc),
        }
      : null,
    webhooks,
  };
}

/** A server copy delivered more than 48 h after the browser copy: Meta will count both. */
export function isUndeduplicable(row: { browserSeenAt: Date | null; deliveredAt: Date | null }): boolean {
  return Boolean(row.browserSeenAt && row.deliveredAt && row.deliveredAt.getTime() - row.browserSeenAt.getTime() > DEDUP_WINDOW_MS);
}
