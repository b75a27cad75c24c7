import type { ActionFunctionArgs } from "@remix-run/node";
import { ingestLifecycleWebhook } from "../ingest/lifecycle-webhook.server";
import { requireWebhook } from "../webhooks/require-webhook.server";

// Verified, parsed and recorded in one transaction (app/ingest/lifecycle-webhook.server.ts).
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, webhookId, payload } = await requireWebhook(request, "refunds/create");
  const result = await ingestLifecycleWebhook({ shop, topic: "refunds/create", webhookId, payload });
  return Response.json({ outcome: result.outcome });
};
