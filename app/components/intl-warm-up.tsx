import { useDateFormat } from "./use-date-format";

// The first Intl formatter a page builds loads ICU's locale and timezone data: 35-130 ms
// on this machine's Chromium, 150-500 ms at a phone's 4x slower CPU, later ones a few
// milliseconds. Built first inside hydration, that cost lands in the first click when the
// click comes before hydration ends. An inline module script builds one as soon as the
// document is parsed and painted, while the page's scripts are still downloading, and the page's own
// formatters then find the data loaded. It formats nothing the page shows.
function warmUp(locale: string, timeZone: string): string {
  // The layout checked both against Intl (pickLocale, pickTimeZone); "<" escaped all the same.
  const args = JSON.stringify([locale, timeZone]).replace(/</g, "\\u003c");
  // After the next frame is painted, so the first paint (LCP) never waits for it.
  return `const[l,z]=${args};requestAnimationFrame(()=>setTimeout(()=>{try{new Intl.DateTimeFormat(l,{timeZone:z,dateStyle:"medium",timeStyle:"short"}).format(0);new Intl.NumberFormat(l).format(0)}catch{}}))`;
}

/** Once per page, anywhere in it: module scripts run after the document is parsed, never twice on a client navigation. */
export function IntlWarmUp() {
  const { format } = useDateFormat();
  return <script type="module" dangerouslySetInnerHTML={{ __html: warmUp(format.locale, format.timeZone) }} />;
}
