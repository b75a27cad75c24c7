import { Suspense, type ReactNode } from "react";

/**
 * A part of a page that React hydrates on its own, after the page's frame (title, actions,
 * navigation). Nothing inside suspends: the server renders it in full and the browser shows
 * that HTML at once; the boundary only splits the hydration. Without it a page is one unit,
 * and a click that comes before the time-sliced hydration has finished makes React hydrate
 * the whole page synchronously inside that click (hundreds of milliseconds on a slow phone).
 * With it, a click on the frame waits for the frame alone, and a click inside one part
 * hydrates that part only. The fallback is never shown: it would only appear if something
 * inside suspended, and nothing does.
 */
export function HydrateApart({ children }: { children: ReactNode }) {
  return <Suspense fallback={null}>{children}</Suspense>;
}
