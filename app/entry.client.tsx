import { RemixBrowser } from "@remix-run/react";
import { StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

/**
 * Remix's default browser entry, with two changes.
 *
 * The root hydrates at default priority, not in a transition. A transition's render is cut
 * into slices, and a tap on the page before the last slice makes React hydrate the root inside
 * the tap; the lanes then differ (the hydration's and the tap's sync lane), so React starts the
 * root's render over from the top and throws the slices' work away: the whole frame, plus its
 * mount effects, inside the tap (100-300 ms at a phone's 4x slower CPU). At default priority the
 * root renders in one task and commits; a tap that comes meanwhile waits only for the rest of
 * that task. The page's parts still hydrate apart afterwards, in slices (HydrateApart).
 *
 * A hydration error that React recovers from (a mismatch with the server's HTML, or a part
 * rendered afresh because an update reached it before it had hydrated, error 421) is written to
 * the console with the part it happened in. React's default reports it as an uncaught error
 * without that stack; the browser tests fail on any console error, so a page that throws away
 * the server's HTML cannot pass unseen.
 */
hydrateRoot(
  document,
  <StrictMode>
    <RemixBrowser />
  </StrictMode>,
  {
    onRecoverableError(error, info) {
      const where = info.componentStack?.trim().split("\n").slice(0, 6).join(" < ");
      console.error(`Hydration error: ${error instanceof Error ? error.message : String(error)}${where ? ` (in ${where})` : ""}`);
    },
  },
);
