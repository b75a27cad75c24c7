import type { ActionFunctionArgs } from "@remix-run/node";
import { stopShop } from "../models/compliance.server";
import { requireWebhook } from "../webhooks/require-webhook.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic } = await requireWebhook(request);
  await stopShop(shop);
  console.info(`[webhook] ${topic} ${shop}: sessions deleted, sending stopped`);
  return new Response();
};
