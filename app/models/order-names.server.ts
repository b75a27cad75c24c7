import prisma from "../db.server";
import { adminUrl } from "./orders.server";

// The order's public name ("#1003") for events, read from ReceivedOrder (written at
// ingest). One indexed lookup per page of events, by (shopDomain, eventId): the event log
// and event detail queries stay as they are.

export type OrderName = { name: string; adminUrl: string | null };

/** Event id -> the order's name and its admin link; events without a named order are absent. */
export async function orderNamesFor(shopDomain: string, eventIds: readonly string[]): Promise<Map<string, OrderName>> {
  const names = new Map<string, OrderName>();
  const unique = [...new Set(eventIds)];
  if (unique.length === 0) return names;
  // A page holds 50 ids, the CSV export up to 10,000: a statement per thousand.
  for (let i = 0; i < unique.length; i += 1_000) {
    const rows = await prisma.receivedOrder.findMany({
      where: { shopDomain, kind: "order", eventId: { in: unique.slice(i, i + 1_000) }, name: { not: null } },
      select: { eventId: true, name: true, adminId: true },
    });
    for (const row of rows) {
      if (row.eventId && row.name) names.set(row.eventId, { name: row.name, adminUrl: adminUrl(shopDomain, "order", row.adminId) });
    }
  }
  return names;
}

/** Adds `orderName` and `orderUrl` to each event that has them. */
export async function withOrderNames<T extends { eventId: string }>(
  shopDomain: string,
  events: T[],
): Promise<Array<T & { orderName: string | null; orderUrl: string | null }>> {
  const names = await orderNamesFor(
    shopDomain,
    events.map((event) => event.eventId),
  );
  return events.map((event) => {
    const found = names.get(event.eventId);
    return { ...event, orderName: found?.name ?? null, orderUrl: found?.adminUrl ?? null };
  });
}
