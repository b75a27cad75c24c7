import type { ActionFunctionArgs } from "@remix-run/node";
import { logger } from "../logger.server";
import { acceptCustomerRedaction } from "../models/redaction-jobs.server";
import { customersRedactPayloadSchema, parseCompliancePayload } from "../webhooks/compliance-payloads";
import { requireWebhook } from "../webhooks/require-webhook.server";

// Recorded durably, then deleted in chunks within a time budget; a very large request
// (thousands of orders) is answered 200 and finished in the background.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, payload } = await requireWebhook(request, "customers/redact");
  const parsed = parseCompliancePayload(customersRedactPayloadSchema, payload, shop);
  if (!parsed.ok) return new Response(parsed.message, { status: parsed.status });
  const orderIds = parsed.data.orders_to_redact ?? [];
  const { done } = await acceptCustomerRedaction({ shop, webhookId, customerId: parsed.data.customer?.id ?? null, orderIds });
  logger.info(
    { topic, shop, orders: orderIds.length, finished: done },
    done ? "customer data redacted" : "customer redaction accepted; finishing in the background",
  );
  return new Response();
};
