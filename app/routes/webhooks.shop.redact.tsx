import type { ActionFunctionArgs } from "@remix-run/node";
import { redactShop } from "../models/compliance.server";
import { requireWebhook } from "../webhooks/require-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic } = await requireWebhook(request);
  await redactShop(shop);
  console.info(`[webhook] ${topic} ${shop}: all shop data deleted`);
  return new Response();
};
