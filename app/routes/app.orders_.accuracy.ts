import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportAccuracyCsv } from "../models/accuracy-export.server";
import { getShopProfile } from "../shopify/shop-profile.server";
import { authenticate } from "../shopify.server";
import { readOrdersQuery } from "./app.orders/orders-query.server";

// /app/orders/accuracy?<the orders page's dates>: the accuracy figure per pixel, day and sales channel as a CSV download.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const profile = await getShopProfile(session.shop, admin.graphql);
  const query = readOrdersQuery(new URL(request.url), profile.timezone);
  const csv = await exportAccuracyCsv(session.shop, query.gapFrom, query.gapTo, profile.timezone);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="tandem-accuracy-${query.gapFrom}-to-${query.gapTo}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
