import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import type { StandIn } from "../../scripts/lib/admin-graphql-standin";

/**
 * Sends the real shopify-app-remix client's Admin API requests
 * (https://<shop>/admin/api/<version>/graphql.json) to the local stand-in instead of
 * Shopify, which this machine cannot reach. Only the address changes: the request is
 * the library's own, so the route's admin.graphql is exercised for real.
 */
export function routeAdminApiTo(standIn: StandIn): () => void {
  const original = globalThis.fetch;
  setAbstractFetchFunc(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    // The path is kept: the stand-in reads the API version from it.
    if (/\/admin\/api\/[^/]+\/graphql\.json$/.test(url.pathname)) return original(new URL(url.pathname, standIn.url), init);
    return original(input, init);
  });
  return () => setAbstractFetchFunc(original);
}
