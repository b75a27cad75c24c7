import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "../components/app-provider";
import { FailurePage } from "../components/failure-page";
import { SteadyContexts } from "../components/steady-contexts";
import { shopDateFormat } from "../shopify/shop-date-format.server";
import { authenticate } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  return json({
    apiKey: process.env.SHOPIFY_API_KEY ?? "",
    dateFormat: await shopDateFormat(session.shop, request, admin.graphql),
    phone: isPhone(request),
  });
};

/**
 * A phone's browser (the Shopify mobile app's web view says "Mobile" too): the pages are
 * rendered in their phone layout from the start, instead of as wide tables cut off until
 * the scripts run (components/use-narrow.ts corrects the guess once they do).
 */
function isPhone(request: Request): boolean {
  if (request.headers.get("Sec-CH-UA-Mobile") === "?1") return true;
  return /\b(iPhone|iPod|Mobile)\b|Android.+Mobile/.test(request.headers.get("User-Agent") ?? "");
}

// The layout's data (API key, date format) does not change while the admin is open; not
// reloading it also keeps the embedded load's `locale` parameter after client navigations.
export const shouldRevalidate = () => false;

export default function AppLayout() {
  const { apiKey } = useLoaderData<typeof loader>();
  return (
    <AppProvider apiKey={apiKey}>
      <ui-nav-menu>
        <Link to="/app" rel="home">
          Overview
        </Link>
        <Link to="/app/orders">Orders</Link>
        <Link to="/app/events">Event log</Link>
        <Link to="/app/quality">Match quality</Link>
        <Link to="/app/consent">Consent</Link>
        <Link to="/app/settings">Settings</Link>
      </ui-nav-menu>
      {/* The landmark screen readers jump to; the nav menu is App Bridge's, outside the page. */}
      <main>
        {/* Polaris's own context updates reach the pages as transitions: parts that hydrate
            apart (components/hydrate-apart.tsx) then keep their server HTML. */}
        <SteadyContexts>
          <Outlet />
        </SteadyContexts>
      </main>
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so their headers reach the browser
// (the library's answers to sign-in: redirects, the session-token bounce page). Any other
// failure of Shopify or the database gets a page in words with a retry.
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status < 500) return boundary.error(error);
  return <FailurePage />;
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
