import { dateTimeFormat } from "../format/intl-cache";

// Small corrections around the chart library: labels that fit and roles screen readers can use.

/** A day on a chart's axis: numeric ("30/11", "30.11.", "11/30"), so it fits under a bar in every language. */
export function chartDayLabel(day: string, locale: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  try {
    return dateTimeFormat(locale, { day: "numeric", month: "numeric", timeZone: "UTC" }).format(date);
  } catch {
    return day;
  }
}

/**
 * The library draws the chart as an svg "list" whose children are each day's "list" of
 * bars (a list directly in a list), and marks empty days and the legend as lists too.
 * The svg becomes a group named after the chart, and lists without items become groups.
 */
export function fixChartRoles(root: HTMLElement, label: string): void {
  for (const svg of root.querySelectorAll('svg[role="list"]')) {
    svg.setAttribute("role", "group");
    if (!svg.getAttribute("aria-label")) svg.setAttribute("aria-label", label);
  }
  for (const list of root.querySelectorAll('[role="list"]')) {
    if (!list.querySelector('[role="listitem"]')) list.setAttribute("role", "group");
  }
}
