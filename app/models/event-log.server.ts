import prisma from "../db.server";

/** Meta deduplicates a browser and a server copy only when they arrive within 48 hours. */
export const DEDUP_WINDOW_MS = 48 * 60 * 60 * 1000;

/** The page shows 100 by default; an export takes at most this many, newest first. */
export const MAX_ROWS = 10_000;

export type EventLogFilter = { status?: string; eventName?: string; search?: string; take?: number };

/** The merchant's event log: newest first, every row of this shop only, no tokens. */
export async function listEvents(shopDomain: string, filter: EventLogFilter = {}) {
  const search = filter.search?.trim();
  const rows = await prisma.outboxEvent.findMany({
    where: {
      shopDomain,
      status: filter.status || undefined,
      eventName: filter.eventName || undefined,
      ...(search && { OR: [{ eventId: { contains: search } }, { orderId: search }, { checkoutToken: search }] }),
    },
    orderBy: { createdAt: "desc" },
    take: Math.min(filter.take ?? 100, MAX_ROWS),
    select: {
      id: true, eventName: true, eventId: true, status: true, consentAction: true, consentReason: true, attempts: true,
      lastError: true, createdAt: true, deliveredAt: true, browserSeenAt: true, isTest: true, orderId: true,
      destination: { select: { pixelId: true } },
    },
  });
  return rows.map((row) => ({ ...row, undeduplicable: isUndeduplicable(row) }));
}

/** One event with every request that carried it, for "what was sent and why". */
export async function getEventDetail(shopDomain: string, id: string) {
  const event = await prisma.outboxEvent.findFirst({ where: { id, shopDomain }, include: { destination: { select: { pixelId: true, testEventCode: true } } } });
  if (!event) return null;
  const [attempts, receipt, webhooks] = await Promise.all([
    prisma.deliveryAttempt.findMany({
      where: { shopDomain, destinationId: event.destinationId, eventIds: { contains: JSON.stringify(event.id) } },
      orderBy: { startedAt: "asc" },
      take: 50,
    }),
    prisma.pixelReceipt.findUnique({
      where: { shopDomain_eventName_eventId: { shopDomain, eventName: event.eventName, eventId: event.eventId } },
      select: { consent: true, occurredAt: true, receivedAt: true, fbp: true, fbc: true },
    }),
    prisma.webhookReceipt.findMany({ where: { shopDomain, eventId: event.eventId }, orderBy: { receivedAt: "asc" }, select: { topic: true, outcome: true, receivedAt: true } }),
  ]);
  return {
    event: { ...event, payload: JSON.parse(event.payload) as Record<string, unknown>, undeduplicable: isUndeduplicable(event) },
    attempts: attempts.map(({ eventIds: _ids, ...attempt }) => attempt),
    browserReceipt: receipt ? { consent: receipt.consent, occurredAt: receipt.occurredAt, receivedAt: receipt.receivedAt, hasFbp: Boolean(receipt.fbp), hasFbc: Boolean(receipt.fbc) } : null,
    webhooks,
  };
}

/** A server copy delivered more than 48 h after the browser copy: Meta will count both. */
export function isUndeduplicable(row: { browserSeenAt: Date | null; deliveredAt: Date | null }): boolean {
  return Boolean(row.browserSeenAt && row.deliveredAt && row.deliveredAt.getTime() - row.browserSeenAt.getTime() > DEDUP_WINDOW_MS);
}
