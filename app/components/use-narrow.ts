import { useEffect, useState } from "react";

/**
 * True on a phone-width screen (the mobile admin). False on the server and at the first
 * render in the browser, then the real answer: the same markup on both sides, so no
 * hydration mismatch.
 */
export function useNarrow(maxWidth = 767): boolean {
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const query = window.matchMedia(`(max-width: ${maxWidth}px)`);
    const update = () => setNarrow(query.matches);
    update();
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, [maxWidth]);
  return narrow;
}
