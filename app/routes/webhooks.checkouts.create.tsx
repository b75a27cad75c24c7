import type { ActionFunctionArgs } from "@remix-run/node";
import { ingestWebhook } from "../ingest/ingest-webhook.server";
import { requireWebhook } from "../webhooks/require-webhook.server";

// Verified, parsed, mapped and queued in one transaction; Meta is called by the worker.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, payload } = await requireWebhook(request, "checkouts/create");
  const result = await ingestWebhook({ shop, topic, webhookId, payload });
  return Response.json({ outcome: result.outcome });
};
