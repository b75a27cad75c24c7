import { listReceivedOrders, type OrdersQuery, type OrderLine } from "./orders.server";
import type { ShopClock } from "./shop-time";

// The orders page as CSV (RFC 4180): every order with its class in words, what it was worth, what was
// refunded, whether it was cancelled or edited, and what became of it at Meta. No
// personal data: names of orders, values, statuses and reasons only.

const COLUMNS = [
  "placed_at",
  "order_name",
  "kind",
  "order_class",
  "currency",
  "gross",
  "refunded",
  "net",
  "cancelled_at",
  "cancel_reason",
  "edits",
  "units_added",
  "units_removed",
  "outcome",
  "outcome_label",
  "reason",
  "event_id",
  "test_order",
] as const;

/** At most this many rows per download: a month of a big shop; narrow the dates for more. */
export const EXPORT_LIMIT = 50_000;

export async function exportOrdersCsv(query: OrdersQuery, clock: ShopClock): Promise<string> {
  const lines: OrderLine[] = [];
  let after: string | null = null;
  do {
    const page = await listReceivedOrders({ ...query, after, before: null, pageSize: 500 }, clock);
    lines.push(...page.lines);
    after = page.nextCursor;
  } while (after && lines.length < EXPORT_LIMIT);
  const rows = lines
    .slice(0, EXPORT_LIMIT)
    .map((line) => [
      line.placedAt,
      line.title,
      line.kind,
      line.classWords,
      line.currency ?? "",
      line.value ?? "",
      line.lifecycle?.refunded ?? "",
      line.lifecycle?.net ?? "",
      line.lifecycle?.cancelledAt ?? "",
      line.lifecycle?.cancelledAt ? line.lifecycle.cancelReason : "",
      String(line.lifecycle?.edits ?? 0),
      String(line.lifecycle?.unitsAdded ?? 0),
      String(line.lifecycle?.unitsRemoved ?? 0),
      line.outcome.key,
      line.outcome.label,
      line.outcome.detail,
      line.eventId ?? "",
      line.isTest ? "yes" : "no",
    ]);
  return [COLUMNS as readonly string[], ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export function csvCell(value: string): string {
  // A leading =, +, - or @ is neutralised so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
