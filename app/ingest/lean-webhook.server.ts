import type { IncomingMessage, ServerResponse } from "node:http";
import { getConfig } from "../config.server";
import { logger } from "../logger.server";
import {
  checkWebhookHeaders,
  MAX_WEBHOOK_BYTES,
  methodAndSizeGuard,
  refusalResponse,
  tooLarge,
  type WebhookRefusal,
  type WebhookTopic,
  verifiedJson,
} from "../http/webhook-guards.server";
import { ingestWebhook } from "./ingest-webhook.server";

// The ingest webhooks (orders and checkouts: nearly all of the traffic) served straight
// from node:http, before Express and Remix (scripts/start.mjs). The CPU profile in
// docs/benchmarks.md put about a quarter of each webhook in Express, Remix's request
// handling, WHATWG Request/Response copies and authenticate.webhook (a WebCrypto HMAC and
// an offline-session query for an admin client these routes never use).
//
// Same answers as the Remix routes (app/routes/webhooks.orders.create.tsx, ...): the same
// guards from app/webhooks/webhook-guards.server.ts in the same order (size 413, headers
// 400, own topic 400, HMAC 401 with Shopify's semantics, JSON 400), the same
// ingestWebhook, the same JSON answer. lean-webhook.test.ts sends the same bad requests
// through both paths and compares. Anything that is not a POST to one of these exact
// paths goes on to Express and Remix unchanged, and so does a request whose declared
// Content-Length is over the limit: the HTTP edge (scripts/lib/http-edge.mjs) answers
// that 413 after draining the body. Refusals are logged as the edge logs them.

const LEAN_ROUTES: Record<string, WebhookTopic> = {
  "/webhooks/orders/create": "orders/create",
  "/webhooks/orders/paid": "orders/paid",
  "/webhooks/checkouts/create": "checkouts/create",
};

/** Serves the request and returns true when it is an ingest webhook; false leaves it to the next handler. */
export function handleWebhookLean(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "POST" || !req.url) return false;
  const query = req.url.indexOf("?");
  const pathname = query === -1 ? req.url : req.url.slice(0, query);
  const topic = Object.hasOwn(LEAN_ROUTES, pathname) ? LEAN_ROUTES[pathname] : undefined;
  if (!topic) return false;
  if (methodAndSizeGuard("POST", headerValue(req, "content-length"))) return false;
  res.once("finish", () => {
    // The edge's one line per client error (logResponses in scripts/lib/http-edge.mjs).
    if (res.statusCode >= 400 && res.statusCode < 500)
      logger.info({ status: res.statusCode, method: "POST", path: pathname }, "client error");
  });
  serve(req, res, topic).catch((error: unknown) => {
    // As Remix answers an action that throws: a 500 without details, the error logged once.
    logger.error({ err: error, method: "POST", path: pathname }, "request failed");
    logger.error({ status: 500, method: "POST", path: pathname }, "server error");
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
    res.end("Unexpected Server Error");
  });
  return true;
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

async function serve(req: IncomingMessage, res: ServerResponse, topic: WebhookTopic): Promise<void> {
  const headers = nodeHeaders(req);
  const checked = checkWebhookHeaders(headers, topic);
  if (!checked.ok) return refuse(req, res, checked);

  const body = await readAtMost(req, MAX_WEBHOOK_BYTES);
  if (!body) return refuse(req, res, tooLarge());
  const json = verifiedJson(body, headers.get("x-shopify-hmac-sha256"), getConfig().SHOPIFY_API_SECRET);
  if (!json.ok) return refuse(req, res, json);

  const result = await ingestWebhook({ shop: checked.shop, topic: checked.topic, webhookId: checked.webhookId, payload: json.value });
  const answer = JSON.stringify({ outcome: result.outcome });
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(answer) });
  res.end(answer);
}

/** The WHATWG Headers lookup the guards use, over node's already lower-cased header object. */
function nodeHeaders(req: IncomingMessage): Headers {
  const get = (name: string) => headerValue(req, name.toLowerCase());
  return { get, has: (name: string) => get(name) !== null } as Headers;
}

/** Beyond this an over-limit body is not drained: the connection is closed (as the edge does). */
const DRAIN_CAP_BYTES = 32 * 1024 * 1024;

/**
 * The body, or null when it exceeds maxBytes. An over-limit body is still read to its end
 * (and discarded, up to a cap) so the client finishes sending and can read the 413.
 */
function readAtMost(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (total <= maxBytes) chunks.push(chunk);
      else if (total > DRAIN_CAP_BYTES) req.destroy();
    });
    req.once("end", () => resolve(total > maxBytes ? null : Buffer.concat(chunks, total)));
    req.once("error", reject);
  });
}

/** The guards' own answer (refusalResponse), written to node's response. */
async function refuse(req: IncomingMessage, res: ServerResponse, refusal: WebhookRefusal): Promise<void> {
  const response = refusalResponse(refusal);
  const text = await response.text();
  const headers: Record<string, string> = Object.fromEntries(response.headers);
  // A body left unread (refused before reading) or too large does not share the connection.
  if (!req.readableEnded || refusal.status === 413) headers.Connection = "close";
  res.writeHead(response.status, { ...headers, "Content-Length": String(Buffer.byteLength(text)) });
  res.end(text);
}
