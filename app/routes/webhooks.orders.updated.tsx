import type { ActionFunctionArgs } from "@remix-run/node";
import { ingestOrderUpdate } from "../ingest/order-update.server";
import { requireWebhook } from "../webhooks/require-webhook.server";

// The order's totals after an edit, in one transaction (app/ingest/order-update.server.ts).
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, webhookId, payload } = await requireWebhook(request, "orders/updated");
  const result = await ingestOrderUpdate({ shop, webhookId, payload });
  return Response.json({ outcome: result.outcome });
};
