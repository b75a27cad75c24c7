import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { redactCustomer } from "../models/compliance.server";
import { requireWebhook } from "../webhooks/require-webhook.server";

const id = z.union([z.number(), z.string()]).transform(String);
const payloadSchema = z.looseObject({
  customer: z.looseObject({ id: id.nullish() }).nullish(),
  orders_to_redact: z.array(id).nullish(),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, payload } = await requireWebhook(request);
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) return new Response("Unexpected customers/redact payload", { status: 422 });
  const orderIds = parsed.data.orders_to_redact ?? [];
  await redactCustomer(shop, parsed.data.customer?.id ?? null, orderIds);
  console.info(`[webhook] ${topic} ${shop}: customer data redacted (${orderIds.length} orders)`);
  return new Response();
};
