import { createHmac, timingSafeEqual } from "node:crypto";

// The checks every webhook request passes before anything reads its body as data.
// Plain functions of headers and bytes (no Remix, no Shopify library) so the Remix
// routes (require-webhook.server.ts) and any leaner HTTP path in front of Remix give
// the same answer to the same bad input. Order, cheapest first:
//   method 405 -> size 413 -> required headers 400 -> shop domain 400 -> topic 400
//   -> HMAC 401 -> JSON 400 -> payload shape 422 (per route).

/** Shopify's largest payloads (orders with hundreds of lines) stay well under this. */
export const MAX_WEBHOOK_BYTES = 2 * 1024 * 1024;

/** The topics Tandem subscribes to (shopify.app.toml), one route each, in REST form. */
export const WEBHOOK_TOPICS = [
  "orders/create",
  "orders/paid",
  "checkouts/create",
  "orders/cancelled",
  "refunds/create",
  "orders/edited",
  "orders/updated",
  "app/uninstalled",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

export type WebhookRefusal = { ok: false; status: 400 | 401 | 405 | 413; message: string };
export type WebhookHeadersOk = { ok: true; shop: string; topic: WebhookTopic; webhookId: string; apiVersion: string };

const REQUIRED = [
  "x-shopify-hmac-sha256",
  "x-shopify-topic",
  "x-shopify-shop-domain",
  "x-shopify-api-version",
  "x-shopify-webhook-id",
] as const;

/**
 * A shop's permanent domain as Shopify sends it in X-Shopify-Shop-Domain: lower case,
 * one label, ".myshopify.com". Anything else (a duplicated header joined with a comma,
 * another host, a path, upper case, a trailing dot, an IP, control bytes) is refused:
 * the domain becomes a database key and a log field.
 */
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,59}\.myshopify\.com$/;

export function isShopDomain(value: string | null | undefined): value is string {
  return typeof value === "string" && SHOP_DOMAIN.test(value);
}

/** Shopify's ids are UUIDs; this only keeps a forged one from bloating a key or a log line. */
const WEBHOOK_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const API_VERSION = /^[A-Za-z0-9._-]{1,32}$/;

/** "ORDERS_CREATE" (GraphQL enum form) or "orders/create" -> "orders/create"; null for anything else. */
export function toWebhookTopic(value: string | null | undefined): WebhookTopic | null {
  if (typeof value !== "string") return null;
  const rest = value.includes("/") ? value : value.toLowerCase().replace("_", "/");
  return (WEBHOOK_TOPICS as readonly string[]).includes(rest) ? (rest as WebhookTopic) : null;
}

export function methodAndSizeGuard(method: string, contentLength: string | null): WebhookRefusal | null {
  if (method !== "POST") return { ok: false, status: 405, message: "Webhooks are POST only." };
  const declared = Number(contentLength ?? "0");
  if (Number.isFinite(declared) && declared > MAX_WEBHOOK_BYTES) return tooLarge();
  return null;
}

/**
 * Checks the headers a route relies on. `expected` is the route's own topic: a webhook
 * for another topic sent to this URL is refused, whatever its signature says, because
 * Shopify signs only the body and the route decides what the body means.
 */
export function checkWebhookHeaders(headers: Headers, expected: WebhookTopic): WebhookHeadersOk | WebhookRefusal {
  const missing = REQUIRED.filter((name) => !headers.get(name));
  if (missing.length > 0) return bad(`Missing webhook headers: ${missing.join(", ")}.`);
  const shop = headers.get("x-shopify-shop-domain");
  if (!isShopDomain(shop)) return bad("X-Shopify-Shop-Domain must be one shop's <name>.myshopify.com domain.");
  const topic = toWebhookTopic(headers.get("x-shopify-topic"));
  if (topic !== expected) return bad(`This URL accepts only the ${expected} topic.`);
  const webhookId = headers.get("x-shopify-webhook-id") ?? "";
  if (!WEBHOOK_ID.test(webhookId)) return bad("X-Shopify-Webhook-Id is malformed.");
  const apiVersion = headers.get("x-shopify-api-version") ?? "";
  if (!API_VERSION.test(apiVersion)) return bad("X-Shopify-API-Version is malformed.");
  return { ok: true, shop, topic, webhookId, apiVersion };
}

/** Shopify's signature: base64 HMAC-SHA256 of the raw body under the app secret, compared in constant time. */
export function isValidWebhookHmac(rawBody: Uint8Array | string, hmacHeader: string | null, secret: string): boolean {
  if (!hmacHeader) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const given = Buffer.from(hmacHeader, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** JSON.parse without the throw: malformed JSON under a valid signature is a 400, not a 500. */
export function parseWebhookJson(rawBody: string): { ok: true; value: unknown } | WebhookRefusal {
  try {
    return { ok: true, value: JSON.parse(rawBody) };
  } catch {
    return bad("Malformed JSON body.");
  }
}

// A byte order mark is kept, so JSON.parse refuses it: Shopify never sends one (RFC 8259
// forbids it on the wire), and Shopify's library, which checks the HMAC of the decoded
// text, would refuse the signature of a body that had one.
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * The signature first, then the JSON: 401 for a bad HMAC, 400 for malformed JSON under a
 * valid signature. Both paths run this one (the Remix routes and the lean path), so they
 * give the same answer to the same bytes.
 */
export function verifiedJson(
  rawBody: Uint8Array,
  hmacHeader: string | null,
  secret: string,
): { ok: true; value: unknown } | WebhookRefusal {
  if (!isValidWebhookHmac(rawBody, hmacHeader, secret)) return { ok: false, status: 401, message: "Invalid webhook signature." };
  return parseWebhookJson(utf8.decode(rawBody));
}

export function tooLarge(): WebhookRefusal {
  return { ok: false, status: 413, message: `Payload larger than ${MAX_WEBHOOK_BYTES} bytes.` };
}

/** A refusal as the HTTP answer both paths send: plain text, never echoing the request. */
export function refusalResponse(refusal: WebhookRefusal): Response {
  const headers: Record<string, string> = { "Content-Type": "text/plain; charset=utf-8" };
  if (refusal.status === 405) headers.Allow = "POST";
  return new Response(refusal.message, { status: refusal.status, headers });
}

function bad(message: string): WebhookRefusal {
  return { ok: false, status: 400, message };
}
