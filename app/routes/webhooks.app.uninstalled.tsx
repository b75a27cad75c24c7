import type { ActionFunctionArgs } from "@remix-run/node";
import { logger } from "../logger.server";
import { stopShop } from "../models/compliance.server";
import { checkUninstalledPayload } from "../webhooks/compliance-payloads";
import { requireWebhook } from "../webhooks/require-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload } = await requireWebhook(request, "app/uninstalled");
  const checked = checkUninstalledPayload(payload, shop);
  if (!checked.ok) return new Response(checked.message, { status: checked.status });
  await stopShop(shop);
  logger.info({ topic, shop }, "sessions deleted, sending stopped");
  return new Response();
};
