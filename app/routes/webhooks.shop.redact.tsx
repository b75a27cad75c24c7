import type { ActionFunctionArgs } from "@remix-run/node";
import { logger } from "../logger.server";
import { redactShop } from "../models/compliance.server";
import { parseCompliancePayload, shopRedactPayloadSchema } from "../webhooks/compliance-payloads";
import { requireWebhook } from "../webhooks/require-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload } = await requireWebhook(request, "shop/redact");
  const parsed = parseCompliancePayload(shopRedactPayloadSchema, payload, shop);
  if (!parsed.ok) return new Response(parsed.message, { status: parsed.status });
  await redactShop(shop);
  logger.info({ topic, shop }, "all shop data deleted");
  return new Response();
};
