import type { ActionFunctionArgs } from "@remix-run/node";
import { logger } from "../logger.server";
import { dataRequestPayloadSchema, parseCompliancePayload } from "../webhooks/compliance-payloads";
import { requireWebhook } from "../webhooks/require-webhook.server";

// Tandem keeps no raw personal data (only SHA-256 hashes sent to Meta), so there is
// nothing readable to hand over. The request is acknowledged and logged by id only.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload } = await requireWebhook(request, "customers/data_request");
  const parsed = parseCompliancePayload(dataRequestPayloadSchema, payload, shop);
  if (!parsed.ok) return new Response(parsed.message, { status: parsed.status });
  logger.info({ topic, shop, dataRequestId: parsed.data.data_request.id }, "data request acknowledged; Tandem stores no raw personal data");
  return new Response();
};
