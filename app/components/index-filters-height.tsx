// Polaris' IndexFilters keeps its bar's measured height on a wrapper (style="height: …px")
// so that the page does not jump when the bar turns sticky on a phone; below 490 px wide
// only, since wider screens override it with height: auto. The measure is taken in an
// effect, so the server's HTML says "height: 0px": the bar overlaps the table until the
// page hydrates, then the table drops by the bar's height (a layout shift of about 0.1 on a
// phone). While the bar is not sticky the wrapper can simply take its content's height; the
// measured height is kept for the sticky bar, which is what it is for.
const RULE = ".Polaris-IndexFilters__IndexFiltersWrapper:not(:has(.Polaris-IndexFilters__IndexFiltersSticky)){height:auto !important}";

/** Render once on a page that shows IndexFilters, before them. */
export function IndexFiltersHeight() {
  return <style dangerouslySetInnerHTML={{ __html: RULE }} />;
}
