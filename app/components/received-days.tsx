import { BlockStack, DatePicker, Text } from "@shopify/polaris";
import { useState } from "react";
import { formatShopPeriod } from "../format/dates";
import { fromDay, toDay, weekStart } from "./date-field";

/**
 * The event log's "Date received" filter: Polaris' date picker choosing a range of days,
 * with the choice read back in the merchant's locale. A native date field would be laid out
 * in the browser's own language ("mm/dd/yyyy" for a German merchant); a second popover
 * inside the filter's own would close it on every click.
 */
export function ReceivedDays({
  from,
  to,
  locale,
  onChange,
}: {
  from: string | null;
  to: string | null;
  locale: string;
  onChange: (from: string | null, to: string | null) => void;
}) {
  const start = from ? fromDay(from) : undefined;
  const end = to ? fromDay(to) : start;
  const shown = end ?? new Date();
  const [view, setView] = useState({ month: shown.getMonth(), year: shown.getFullYear() });
  return (
    <BlockStack gap="200">
      <Text as="p" variant="bodySm" tone="subdued">
        {receivedDaysLabel(from, to, locale) ?? "Choose a day, or a first and a last day."}
      </Text>
      <DatePicker
        month={view.month}
        year={view.year}
        allowRange
        selected={start ? { start, end: end ?? start } : undefined}
        weekStartsOn={weekStart(locale)}
        onMonthChange={(month, year) => setView({ month, year })}
        onChange={(range) => onChange(toDay(range.start), toDay(range.end))}
      />
    </BlockStack>
  );
}

/** "Received 1.–3. Dez. 2026", "Received from 1. Dez. 2026" or "Received until 3. Dez. 2026": the filter's pill; null without days. */
export function receivedDaysLabel(from: string | null, to: string | null, locale: string): string | null {
  // A one-day range is the day with its year, in the locale's own order.
  const day = (d: string) => formatShopPeriod(d, d, locale);
  if (from && to) return `Received ${from === to ? day(from) : formatShopPeriod(from, to, locale)}`;
  if (from) return `Received from ${day(from)}`;
  if (to) return `Received until ${day(to)}`;
  return null;
}
