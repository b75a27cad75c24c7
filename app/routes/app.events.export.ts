import type { LoaderFunctionArgs } from "@remix-run/node";
import { shopDateFormat } from "../shopify/shop-date-format.server";
import { exportEventsCsv } from "../models/event-export.server";
import { parseEventLogFilter } from "../models/event-log-filter";
import { authenticate } from "../shopify.server";

// /app/events/export?<the event log's filters>: the same rows as a CSV download.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const { timeZone } = await shopDateFormat(session.shop, request, admin.graphql);
  const csv = await exportEventsCsv(session.shop, parseEventLogFilter(new URL(request.url).searchParams), timeZone);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="tandem-events-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
