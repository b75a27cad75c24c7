import type { ActionFunctionArgs } from "@remix-run/node";
import { requireWebhook } from "../webhooks/require-webhook.server";

// Tandem keeps no raw personal data (only SHA-256 hashes sent to Meta), so there is
// nothing readable to hand over. The request is acknowledged and logged by id only.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload } = await requireWebhook(request);
  const requestId = (payload as { data_request?: { id?: unknown } })?.data_request?.id;
  console.info(`[webhook] ${topic} ${shop}: data request ${String(requestId ?? "(no id)")} acknowledged; Tandem stores no raw personal data`);
  return new Response();
};
