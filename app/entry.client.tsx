import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

/**
 * Remix's default browser entry, plus one thing: a hydration error that React recovers from
 * (a mismatch with the server's HTML, or a part rendered afresh because an update reached it
 * before it had hydrated, error 421) is written to the console with the part it happened in.
 * React's default reports it as an uncaught error without that stack; the browser tests fail
 * on any console error, so a page that throws away the server's HTML cannot pass unseen.
 */
startTransition(() => {
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
});
