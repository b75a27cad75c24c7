import { Session } from "@shopify/shopify-api";
import { sessionStorage } from "~/shopify.server";

/** The scopes the app asks for (tests/setup-env.ts sets SCOPES to the same). */
export const APP_SCOPES = "read_orders,write_pixels,read_customer_events";

/**
 * An installed shop as OAuth leaves it: its offline session stored through the app's own
 * session storage (the access token sealed), which every admin request and Admin API call
 * of the shop stands on.
 */
export async function storeOfflineSession(shop: string, accessToken = "shpat_x", scope = APP_SCOPES): Promise<void> {
  await sessionStorage.storeSession(new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, scope, accessToken }));
}
