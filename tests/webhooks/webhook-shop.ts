import { expect } from "vitest";
import prisma from "~/db.server";
import { configureDestination } from "~/models/destinations.server";
import { action as ordersCancelled } from "~/routes/webhooks.orders.cancelled";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { action as ordersEdited } from "~/routes/webhooks.orders.edited";
import { action as ordersPaid } from "~/routes/webhooks.orders.paid";
import { action as ordersUpdated } from "~/routes/webhooks.orders.updated";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { startAdminGraphqlStandIn } from "../../scripts/lib/admin-graphql-standin";
import { startMetaEmulator, type MetaEmulator } from "../../scripts/lib/meta-emulator";
import { routeAdminApiTo } from "../support/route-admin-graphql";
import { callRoute } from "../support/routes";
import { signedWebhook } from "../support/shopify-requests";
import { storeOfflineSession } from "../support/offline-session";

// Set-up shared by the order webhook tests: one shop with one pixel pointed at a Meta
// emulator, and orders posted as signed webhooks to the app's own route actions. The tests
// state the orders they send, run the real worker, and check what Meta and the pages show.

const ROUTES = {
  "orders/create": ordersCreate,
  "orders/paid": ordersPaid,
  "orders/cancelled": ordersCancelled,
  "orders/edited": ordersEdited,
  "orders/updated": ordersUpdated,
  "refunds/create": refundsCreate,
};
export type OrderTopic = keyof typeof ROUTES;

export { allowConsent, numberedOrders } from "../support/numbered-orders";

/** An order that no checkout made (a subscription contract's renewal, an app's order): no browser behind it. */
export const withoutCheckout = <T extends object>(body: T, sourceName: string) => ({
  ...body,
  source_name: sourceName,
  checkout_token: null,
  client_details: null,
  browser_ip: null,
});

/** Posts signed webhooks of one shop to the route actions; each must answer 200. Returns the ingest's outcome. */
export function webhookSender(shop: string) {
  return async (topic: OrderTopic, body: unknown, webhookId?: string): Promise<string> => {
    const response = await callRoute(ROUTES[topic], signedWebhook({ topic, shop, body, webhookId }));
    expect(response.status).toBe(200);
    return (await response.json()).outcome as string;
  };
}

/**
 * Starts a Meta emulator and connects `pixelId` of `shop` to it (the shop row is created with
 * it), then stores the shop's `settings` and `currency` when given. Call in beforeAll; close
 * the emulator in afterAll.
 */
export async function startShopWithPixel(
  shop: string,
  pixelId: string,
  options: { settings?: object; currency?: string } = {},
): Promise<MetaEmulator> {
  const meta = await startMetaEmulator();
  expect(await configureDestination(shop, { pixelId, accessToken: "EAAB" + "w".repeat(40) })).toMatchObject({ ok: true });
  if (options.settings || options.currency) {
    await prisma.shop.update({
      where: { domain: shop },
      data: { currency: options.currency, settings: options.settings ? JSON.stringify(options.settings) : undefined },
    });
  }
  return meta;
}

/**
 * The shop's Admin API answered by a local stand-in (clock in UTC, `contactEmail`), with the
 * offline session the admin pages and the CLI load the shop with. Returns what stops it.
 */
export async function startAdminApiFor(shop: string, contactEmail: string): Promise<() => Promise<void>> {
  const standIn = await startAdminGraphqlStandIn();
  standIn.shop = { ianaTimezone: "UTC", contactEmail };
  const restoreFetch = routeAdminApiTo(standIn);
  await storeOfflineSession(shop, "shpat_x");
  return async () => {
    restoreFetch();
    await standIn.close();
  };
}
