import { createHmac, randomUUID } from "node:crypto";

/** Headers Shopify sends with a webhook, signed (HMAC-SHA256 of the raw body, base64). */
export function webhookHeaders(options: {
  topic: string;
  shop: string;
  rawBody: string;
  secret: string;
  webhookId?: string;
}): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Hmac-Sha256": createHmac("sha256", options.secret).update(options.rawBody, "utf8").digest("base64"),
    "X-Shopify-Topic": options.topic,
    "X-Shopify-Shop-Domain": options.shop,
    "X-Shopify-API-Version": "2026-07",
    "X-Shopify-Webhook-Id": options.webhookId ?? randomUUID(),
    "X-Shopify-Event-Id": randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
  };
}

/** POSTs a signed webhook to a running app and returns the HTTP status. */
export async function postWebhook(
  appUrl: string,
  options: { topic: string; shop: string; body: unknown; secret: string; webhookId?: string },
): Promise<number> {
  const rawBody = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const response = await fetch(`${appUrl}/webhooks/${options.topic}`, {
    method: "POST",
    headers: webhookHeaders({ ...options, rawBody }),
    body: rawBody,
  });
  await response.arrayBuffer();
  return response.status;
}
