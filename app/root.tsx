import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import { useEffect } from "react";

export default function App() {
  // Says when React has hydrated the page's frame: before that a click on the server's
  // HTML reaches no handler of React's, so the browser tests wait for it before they
  // interact (and a hydration mismatch has been reported by then).
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

/**
 * Without a root boundary Remix's default one console.errors every 404 with a stack.
 * This one only renders: the HTTP layer logs client errors as one line, and real errors
 * are logged once, with their stack, by handleError (entry.server.tsx).
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 404 ? "This page does not exist." : status < 500 ? "The request could not be handled." : "Something went wrong on our side.";
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <title>{`${status} · Tandem`}</title>
        <Meta />
        <Links />
      </head>
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "2rem" }}>
        <h1>{status}</h1>
        <p>{message}</p>
        <Scripts />
      </body>
    </html>
  );
}
