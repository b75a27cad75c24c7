import type { ActionFunctionArgs } from "@remix-run/node";
import { logger } from "../logger.server";
import { redactCustomer } from "../models/compliance.server";
import { customersRedactPayloadSchema, parseCompliancePayload } from "../webhooks/compliance-payloads";
import { requireWebhook } from "../webhooks/require-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload } = await requireWebhook(request, "customers/redact");
  const parsed = parseCompliancePayload(customersRedactPayloadSchema, payload, shop);
  if (!parsed.ok) return new Response(parsed.message, { status: parsed.status });
  const orderIds = parsed.data.orders_to_redact ?? [];
  const deleted = await redactCustomer(shop, parsed.data.customer?.id ?? null, orderIds);
  logger.info({ topic, shop, orders: orderIds.length, deleted }, "customer data redacted");
  return new Response();
};
