import { isIP } from "node:net";

// The HTTP edge of /pixel/events: CORS, content type, a capped body read, the client's
// address. The web pixel runs in Shopify's sandbox on the shop's checkout domain, so
// every answer (errors included) must carry CORS headers or the browser hides it.

/** A receipt is about 500 bytes; 4 KB leaves room for long URLs and cookies, nothing more. */
export const MAX_RECEIPT_BYTES = 4 * 1024;

const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
  // Browsers cap this (Chromium at 2 h); it saves a preflight per receipt.
  "Access-Control-Max-Age": "7200",
} as const;

/** A tiny JSON answer with the CORS headers; never echoes the request. */
export function receiptAnswer(status: number, body: Record<string, unknown>, extraHeaders: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...CORS_HEADERS, "Content-Type": "application/json", "Cache-Control": "no-store", ...extraHeaders },
  });
}

export function preflightAnswer(): Response {
  return new Response(null, { status: 204, headers: { ...CORS_HEADERS, "Cache-Control": "no-store" } });
}

export function isJsonContentType(header: string | null): boolean {
  return (header ?? "").split(";")[0].trim().toLowerCase() === "application/json";
}

export type BodyRead = { ok: true; text: string } | { ok: false; tooLarge: true };

/** Reads at most maxBytes: a lying or absent Content-Length cannot make us buffer more. */
export async function readBodyCapped(request: Request, maxBytes = MAX_RECEIPT_BYTES): Promise<BodyRead> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, tooLarge: true };
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, tooLarge: true };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}

/**
 * The shopper's IP: the first X-Forwarded-For entry (the client as the first proxy saw
 * it). Only a syntactically valid address counts; anything else is "unknown" and is
 * neither stored nor used as a rate-limit key. Trusting the header assumes the app runs
 * behind a proxy that sets it (every Shopify app host does); a client can forge it, which
 * only changes its own receipt and its own rate-limit bucket.
 */
export function clientIpFrom(request: Request, remoteAddress?: string | null): string | null {
  const first = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? "";
  if (isIP(first)) return first;
  // Without a proxy the TCP peer is the shopper ("::ffff:" marks IPv4 on a dual-stack socket).
  const peer = remoteAddress?.replace(/^::ffff:/, "") ?? "";
  return isIP(peer) ? peer : null;
}

/** Meta accepts any user agent; capped so a forged header cannot bloat the row. */
export function userAgentFrom(request: Request): string | null {
  const agent = request.headers.get("user-agent")?.trim();
  return agent ? agent.slice(0, 512) : null;
}
