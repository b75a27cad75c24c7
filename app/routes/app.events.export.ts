import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportEventsCsv } from "../models/event-export.server";
import { authenticate } from "../shopify.server";

// /app/events/export?status=&name=&q=: the event log, with the same filters, as a CSV download.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const csv = await exportEventsCsv(session.shop, {
    status: url.searchParams.get("status") ?? "",
    eventName: url.searchParams.get("name") ?? "",
    search: url.searchParams.get("q") ?? "",
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="tandem-events-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
