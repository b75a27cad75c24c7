import { accuracyPercent, channelLabel, countedOf, LEFT_OUT_WORDS, MISSED_WORDS } from "../format/accuracy-words";
import { accuracyRows } from "./accuracy.server";
import { csvCell } from "./orders-export.server";

// The accuracy figure as CSV (RFC 4180): one row per pixel, shop day and sales channel,
// with every count behind the percentage, so sums in a spreadsheet match the pages
// (docs/decisions/075). No personal data: counts only.

const MISSED = Object.keys(MISSED_WORDS);
const LEFT_OUT = Object.keys(LEFT_OUT_WORDS);

export async function exportAccuracyCsv(shopDomain: string, fromDay: string, toDay: string, timezone: string): Promise<string> {
  const rows = await accuracyRows(shopDomain, fromDay, toDay, timezone);
  const header = [
    "day",
    "pixel_id",
    "sales_channel",
    "sales_channel_code",
    "orders_received",
    "orders_counted",
    "accepted_by_meta",
    "accuracy_percent",
    ...MISSED.map((key) => `not_accepted_${key}`),
    ...LEFT_OUT.map((key) => `not_counted_${key}`),
  ];
  const lines = rows.map(({ pixelId, day, channel, cell }) => [
    day,
    pixelId,
    channelLabel(channel),
    channel,
    String(cell.received),
    String(countedOf(cell)),
    String(cell.accepted),
    accuracyPercent(cell)?.toString() ?? "",
    ...MISSED.map((key) => String(cell.missed[key] ?? 0)),
    ...LEFT_OUT.map((key) => String(cell.leftOut[key] ?? 0)),
  ]);
  return [header, ...lines].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
