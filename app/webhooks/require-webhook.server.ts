import { authenticate } from "../shopify.server";

/** Shopify's largest payloads (orders with hundreds of lines) stay well under this. */
export const MAX_WEBHOOK_BYTES = 2 * 1024 * 1024;

/**
 * authenticate.webhook with the two guards it lacks: a body size limit (413) and a
 * malformed-JSON answer (400 instead of an unhandled SyntaxError and a 500).
 * 405, 401 and 400 for a wrong method, a bad HMAC or missing headers come from the library.
 */
export async function requireWebhook(request: Request) {
  if (request.method !== "POST") return authenticate.webhook(request);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_WEBHOOK_BYTES) throw tooLarge();
  const body = await readAtMost(request, MAX_WEBHOOK_BYTES);
  const copy = new Request(request.url, { method: "POST", headers: request.headers, body });
  try {
    return await authenticate.webhook(copy);
  } catch (error) {
    if (error instanceof SyntaxError) throw new Response("Malformed JSON body", { status: 400 });
    throw error;
  }
}

async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Uint8Array.from(Buffer.concat(chunks));
}

function tooLarge() {
  return new Response(`Payload larger than ${MAX_WEBHOOK_BYTES} bytes`, { status: 413 });
}
