import { createHmac, randomUUID } from "node:crypto";
import { includeFieldsOfTopic, INGEST_PAYLOAD_SCHEMAS, trimToFields } from "../../app/capi/webhook-fields";

const fieldsByTopic = new Map<string, string[]>();

/**
 * The body Shopify sends for `topic` to Tandem's subscription: only the subscription's
 * include_fields when it declares them (the ingest's topics, app/capi/webhook-fields.ts),
 * so tests, the demo and the benchmarks see what production sees and a field read outside
 * the payload schemas is missing there too. Text bodies (malformed JSON on purpose) and
 * other topics are sent as given.
 */
export function subscribedBody(topic: string, body: unknown): unknown {
  const rest = topic.includes("/") ? topic : topic.toLowerCase().replace("_", "/");
  const schemas = Object.hasOwn(INGEST_PAYLOAD_SCHEMAS, rest) ? INGEST_PAYLOAD_SCHEMAS[rest] : undefined;
  if (!schemas || body === null || typeof body !== "object") return body;
  let fields = fieldsByTopic.get(rest);
  if (!fields) {
    fields = includeFieldsOfTopic(schemas);
    fieldsByTopic.set(rest, fields);
  }
  return trimToFields(body, fields);
}

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
    "X-Shopify-API-Version": "2026-10",
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
  const rawBody = typeof options.body === "string" ? options.body : JSON.stringify(subscribedBody(options.topic, options.body));
  const response = await fetch(`${appUrl}/webhooks/${options.topic}`, {
    method: "POST",
    headers: webhookHeaders({ ...options, rawBody }),
    body: rawBody,
  });
  await response.arrayBuffer();
  return response.status;
}
