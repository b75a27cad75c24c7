import { consentReason, whyInWords } from "../format/event-labels";
import type { EventLogFilter } from "./event-log-filter";
import { listEvents } from "./event-log.server";
import { orderNamesFor } from "./order-names.server";

const COLUMNS = [
  "received_at",
  "event_name",
  "event_id",
  "order_name",
  "value",
  "currency",
  "pixel_id",
  "status",
  "consent_action",
  "consent_reason",
  "attempts",
  "delivered_at",
  "browser_copy_seen_at",
  "test_order",
  "reason",
  "consent_reason_in_words",
] as const;

/**
 * The event log as CSV (RFC 4180) for the merchant's records: every decision and its
 * reason, with the order's name ("#1003") and the value sent to Meta. Holds no personal
 * data: ids, names of orders, values, statuses and reasons only.
 */
export async function exportEventsCsv(shopDomain: string, filter: EventLogFilter, timeZone = "UTC"): Promise<string> {
  const events = await listEvents(shopDomain, filter, timeZone);
  const names = await orderNamesFor(
    shopDomain,
    events.map((event) => event.eventId),
  );
  const rows = events.map((event) => [
    event.createdAt.toISOString(),
    event.eventName,
    event.eventId,
    names.get(event.eventId)?.name ?? "",
    event.value ? String(event.value.amount) : "",
    event.value?.currency ?? "",
    event.destination.pixelId,
    event.status,
    event.consentAction,
    event.consentReason,
    String(event.attempts),
    event.deliveredAt?.toISOString() ?? "",
    event.browserSeenAt?.toISOString() ?? "",
    event.isTest ? "yes" : "no",
    whyInWords(event, (at) => new Date(at).toISOString()),
    consentReason(event.consentReason),
  ]);
  return [COLUMNS as readonly string[], ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function csvCell(value: string): string {
  // Quote what needs it; a leading =, +, - or @ is neutralised so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
