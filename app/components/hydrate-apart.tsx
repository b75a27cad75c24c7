import { Suspense, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, type MutableRefObject, type ReactNode } from "react";

/**
 * A part of a page that React hydrates on its own, after the page's frame (title, actions,
 * navigation). Nothing inside suspends: the server renders it in full and the browser shows
 * that HTML at once; the boundary only splits the hydration. Without it a page is one unit,
 * and a click that comes before the time-sliced hydration has finished makes React hydrate
 * the whole page synchronously inside that click (hundreds of milliseconds on a slow phone).
 * With it, a click on the frame waits for the frame alone, and a click inside one part
 * hydrates that part only.
 *
 * React 18 throws a part's server HTML away (error 421) when an ordinary update reaches it
 * before it has hydrated; a transition instead makes React hydrate the part first. So until
 * the part has hydrated it shows its props as of the last transition (the page's state or
 * data changing in a click elsewhere reaches it one transition later), and after that it
 * follows them at once, so a field the merchant types in never lags. Context changes from
 * above are made transitions by SteadyContexts (routes/app.tsx).
 */
export function HydrateApart({ children }: { children: ReactNode }) {
  const hydrated = useRef(false);
  const deferred = useDeferredValue(children);
  const shown = hydrated.current ? children : deferred;
  // The same element while nothing changed: React then leaves a dehydrated part untouched.
  return useMemo(
    () => (
      <Suspense fallback={null}>
        {shown}
        <MarkHydrated flag={hydrated} />
      </Suspense>
    ),
    [shown],
  );
}

const useLayoutEffectInBrowser = typeof document === "undefined" ? useEffect : useLayoutEffect;

/** Renders nothing; notes when the part around it has hydrated (its effects run then). */
function MarkHydrated({ flag }: { flag: MutableRefObject<boolean> }) {
  useLayoutEffectInBrowser(() => {
    flag.current = true;
  }, [flag]);
  return null;
}
