import { useRouteLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";

/**
 * True on a phone-width screen (the mobile admin). The server and the first browser
 * render use the layout's guess from the user agent (the same value on both sides, so no
 * hydration mismatch, and a phone gets its layout before the scripts run); then the
 * real width decides.
 */
export function useNarrow(maxWidth = 767): boolean {
  const layout = useRouteLoaderData("routes/app") as { phone?: boolean } | undefined;
  const [narrow, setNarrow] = useState(Boolean(layout?.phone));
  useEffect(() => {
    const query = window.matchMedia(`(max-width: ${maxWidth}px)`);
    const update = () => setNarrow(query.matches);
    update();
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, [maxWidth]);
  return narrow;
}
