import { COUNT_CAP } from "../outbox/count-cap";

// The event log's filters live in the URL (so the back arrow from a detail page, a reload
// or a shared link shows the same list). One parser for the loader, the CSV export and
// the page; unknown or malformed values are dropped, never an error page. Plain code, no
// schema library: the page's browser bundle includes this module.

export const PAGE_SIZE = 50;
/** Totals stop at COUNT_CAP, so the pager never goes past page 200; a later page in a URL is read as page 1. */
export const MAX_PAGE = COUNT_CAP / PAGE_SIZE;

export type EventLogFilter = {
  q: string;
  status: string[];
  event: string[];
  from: string | null;
  to: string | null;
  mode: "test" | "live" | null;
  browser: "seen" | "missing" | null;
  page: number;
};

const isDay = (value: string | null): value is string =>
  value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
/** A whole page number from 1 to MAX_PAGE, else page 1. */
const pageOf = (value: string) => {
  const page = Number(value);
  return Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1;
};
const list = (value: string | null) =>
  value
    ? value
        .split(",")
        .map((item) => item.trim())
        .filter((item) => /^[A-Za-z_]{1,40}$/.test(item))
    : [];
const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | null =>
  (allowed as readonly string[]).includes(value ?? "") ? (value as T) : null;

export function parseEventLogFilter(params: URLSearchParams): EventLogFilter {
  return {
    q: (params.get("q") ?? "").trim().slice(0, 100),
    status: list(params.get("status")),
    // `name` is the parameter's former spelling (kept for old links and the CLI's habit).
    event: list(params.get("event") ?? params.get("name")),
    from: isDay(params.get("from")) ? params.get("from") : null,
    to: isDay(params.get("to")) ? params.get("to") : null,
    mode: pick(params.get("mode"), ["test", "live"] as const),
    browser: pick(params.get("browser"), ["seen", "missing"] as const),
    page: pageOf(params.get("page") ?? "1"),
  };
}

/** The URL query for a filter, defaults left out. */
export function filterToSearch(filter: Partial<EventLogFilter>): string {
  const params = new URLSearchParams();
  if (filter.q) params.set("q", filter.q);
  if (filter.status?.length) params.set("status", filter.status.join(","));
  if (filter.event?.length) params.set("event", filter.event.join(","));
  if (filter.from) params.set("from", filter.from);
  if (filter.to) params.set("to", filter.to);
  if (filter.mode) params.set("mode", filter.mode);
  if (filter.browser) params.set("browser", filter.browser);
  if (filter.page && filter.page > 1) params.set("page", String(filter.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

export const isFiltered = (f: EventLogFilter) => Boolean(f.q || f.status.length || f.event.length || f.from || f.to || f.mode || f.browser);
