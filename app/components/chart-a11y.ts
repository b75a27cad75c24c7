// Small corrections around the chart library: labels that fit, an axis above the bars,
// and roles screen readers can use.

/** A day on a chart's axis: numeric ("30/11", "30.11.", "11/30"), so it fits under a bar in every language. */
export function chartDayLabel(day: string, locale: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  try {
    return new Intl.DateTimeFormat(locale, { day: "numeric", month: "numeric", timeZone: "UTC" }).format(date);
  } catch {
    return day;
  }
}

/** The smallest round number (1, 2, 2.5, 5 times a power of ten, whole) strictly above the tallest bar, so the top tick clears it. */
export function niceAxisMax(tallest: number): number {
  if (!(tallest > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(tallest));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = Math.ceil(step * power);
    if (candidate > tallest) return candidate;
  }
  return Math.ceil(10 * power) + 1;
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
