import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportOrdersCsv } from "../models/orders-export.server";
import { getShopProfile } from "../shopify/shop-profile.server";
import { localeFrom } from "../models/shop-time";
import { authenticate } from "../shopify.server";
import { readOrdersQuery } from "./app.orders/orders-query.server";

// /app/orders/export?<the orders page's filters>: the same orders as a CSV download.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const profile = await getShopProfile(session.shop, admin.graphql);
  const query = readOrdersQuery(new URL(request.url), profile.timezone);
  const csv = await exportOrdersCsv(
    { shopDomain: session.shop, q: query.q, from: query.from, to: query.to, kind: query.kind },
    { timezone: profile.timezone, locale: localeFrom(request) },
  );
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="tandem-orders-${query.gapTo}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
