import type { ActionFunctionArgs } from "@remix-run/node";
import { logger } from "../logger.server";
import { stopShop } from "../models/compliance.server";
import { requireWebhook } from "../webhooks/require-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic } = await requireWebhook(request, "app/uninstalled");
  await stopShop(shop);
  logger.info({ topic, shop }, "sessions deleted, sending stopped");
  return new Response();
};
