import { getConfig } from "../config.server";
import { authenticate } from "../shopify.server";
import {
  checkWebhookHeaders,
  methodAndSizeGuard,
  refusalResponse,
  tooLarge,
  MAX_WEBHOOK_BYTES,
  type WebhookTopic,
  verifiedJson,
} from "../http/webhook-guards.server";

export { MAX_WEBHOOK_BYTES } from "../http/webhook-guards.server";

/**
 * authenticate.webhook behind Tandem's guards (webhook-guards.server.ts): 405 for
 * another method, 413 above the size limit, 400 for missing or malformed headers
 * (a shop domain that is not one *.myshopify.com, a topic other than this route's own),
 * 401 for a bad HMAC, 400 for malformed JSON. Throws the answer as a
 * Response, like the library does.
 */
export async function requireWebhook(request: Request, topic: WebhookTopic) {
  const early = methodAndSizeGuard(request.method, request.headers.get("content-length"));
  if (early) throw refusalResponse(early);
  const headers = checkWebhookHeaders(request.headers, topic);
  if (!headers.ok) throw refusalResponse(headers);

  const body = await readAtMost(request, MAX_WEBHOOK_BYTES);
  // Parsed here so the library's own JSON.parse cannot throw a SyntaxError (a 500).
  const json = verifiedJson(body, request.headers.get("x-shopify-hmac-sha256"), getConfig().SHOPIFY_API_SECRET);
  if (!json.ok) throw refusalResponse(json);
  const context = await authenticate.webhook(new Request(request.url, { method: "POST", headers: request.headers, body }));
  // The guards' values, not the library's: the same answers as any other path.
  return { ...context, shop: headers.shop, topic: headers.topic, webhookId: headers.webhookId };
}

/** Past this a body is not even drained: the connection is dropped. */
const DRAIN_CAP_BYTES = 32 * 1024 * 1024;

/**
 * Keeps at most maxBytes. A longer body (chunked, no Content-Length) is read to its end
 * and discarded, up to a cap, before the 413: cancelling the stream early would close
 * the connection while the client is still sending, and it would never see the answer.
 */
async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > DRAIN_CAP_BYTES) {
      await reader.cancel().catch(() => undefined);
      break;
    }
    if (total <= maxBytes) chunks.push(value);
  }
  if (total > maxBytes) throw refusalResponse(tooLarge());
  return Uint8Array.from(Buffer.concat(chunks));
}
