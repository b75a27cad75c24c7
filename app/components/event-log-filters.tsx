import { ChoiceList, type FilterInterface } from "@shopify/polaris";
import type { EventLogFilter } from "../models/event-log-filter";
import { STATUS_LABELS, statusLabel } from "../format/event-labels";
import { ReceivedDays, receivedDaysLabel } from "./received-days";

const STATUS_CHOICES = Object.entries(STATUS_LABELS).map(([value, { label }]) => ({ label, value }));
const MODE_LABELS = { live: "Live orders only", test: "Test orders only" } as const;
const BROWSER_LABELS = { seen: "Browser copy seen (deduplicated)", missing: "No browser copy" } as const;

/** The IndexFilters filters and their "applied" pills, each change going straight to the URL. */
export function eventLogFilters(
  filter: EventLogFilter,
  eventNames: readonly string[],
  locale: string,
  go: (change: Partial<EventLogFilter>) => void,
) {
  const filters: FilterInterface[] = [
    {
      key: "status",
      label: "Status",
      pinned: true,
      filter: (
        <ChoiceList
          title="Status"
          titleHidden
          allowMultiple
          choices={STATUS_CHOICES}
          selected={filter.status}
          onChange={(status) => go({ status })}
        />
      ),
    },
    {
      key: "event",
      label: "Event",
      pinned: true,
      filter: (
        <ChoiceList
          title="Event"
          titleHidden
          allowMultiple
          choices={eventNames.map((name) => ({ label: name, value: name }))}
          selected={filter.event}
          onChange={(event) => go({ event })}
        />
      ),
    },
    {
      key: "date",
      label: "Date received",
      filter: <ReceivedDays from={filter.from} to={filter.to} locale={locale} onChange={(from, to) => go({ from, to })} />,
    },
    {
      key: "mode",
      label: "Test or live",
      filter: (
        <ChoiceList
          title="Test or live"
          titleHidden
          choices={Object.entries(MODE_LABELS).map(([value, label]) => ({ value, label }))}
          selected={filter.mode ? [filter.mode] : []}
          onChange={([mode]) => go({ mode: (mode as EventLogFilter["mode"]) ?? null })}
        />
      ),
    },
    {
      key: "browser",
      label: "Browser copy",
      filter: (
        <ChoiceList
          title="Browser copy"
          titleHidden
          choices={Object.entries(BROWSER_LABELS).map(([value, label]) => ({ value, label }))}
          selected={filter.browser ? [filter.browser] : []}
          onChange={([browser]) => go({ browser: (browser as EventLogFilter["browser"]) ?? null })}
        />
      ),
    },
  ];
  const appliedFilters = [
    filter.status.length
      ? { key: "status", label: `Status: ${filter.status.map((s) => statusLabel(s).label).join(", ")}`, onRemove: () => go({ status: [] }) }
      : null,
    filter.event.length ? { key: "event", label: `Event: ${filter.event.join(", ")}`, onRemove: () => go({ event: [] }) } : null,
    filter.from || filter.to
      ? { key: "date", label: receivedDaysLabel(filter.from, filter.to, locale) ?? "", onRemove: () => go({ from: null, to: null }) }
      : null,
    filter.mode ? { key: "mode", label: MODE_LABELS[filter.mode], onRemove: () => go({ mode: null }) } : null,
    filter.browser ? { key: "browser", label: BROWSER_LABELS[filter.browser], onRemove: () => go({ browser: null }) } : null,
  ].filter((item): item is NonNullable<typeof item> => item !== null);
  return { filters, appliedFilters };
}
