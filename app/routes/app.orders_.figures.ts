import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { accuracyByDay } from "../models/accuracy.server";
import { dailyReconciliation } from "../models/order-reconciliation.server";
import { getShopProfile } from "../shopify/shop-profile.server";
import { logger } from "../logger.server";
import { authenticate } from "../shopify.server";
import { readOrdersQuery } from "./app.orders/orders-query.server";

// /app/orders/figures?<the orders page's dates>: the daily reconciliation and the accuracy
// per pixel, the orders page's two slowest reads on a big shop. The page asks for them
// once it has hydrated, so its own document is sent without waiting for them
// (docs/decisions/060). A failure answers { failed: true }: the page says so and keeps its list.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const profile = await getShopProfile(session.shop, admin.graphql);
  const query = readOrdersQuery(new URL(request.url), profile.timezone);
  const headers = { "Cache-Control": "no-store" };
  try {
    const reconciliation = await dailyReconciliation(session.shop, query.gapFrom, query.gapTo, profile.timezone);
    const accuracy = await accuracyByDay(session.shop, query.gapFrom, query.gapTo, profile.timezone);
    return json({ failed: false as const, reconciliation, accuracy }, { headers });
  } catch (error) {
    logger.error({ err: error, path: "/app/orders/figures" }, "orders figures failed");
    return json({ failed: true as const }, { headers });
  }
};
