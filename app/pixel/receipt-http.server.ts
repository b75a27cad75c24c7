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
 * The shopper's address, with Express's `trust proxy = <hops>` semantics: the TCP peer
 * and the X-Forwarded-For entries read right to left form a chain; the first
 * `trustedProxies` hops are our own proxies, and the next one is the client. With 0 (the
 * default) the TCP peer is the client and X-Forwarded-For is ignored, because any client
 * can write it. Each trusted proxy appends the address it saw, so the entry chosen was
 * written by a proxy we trust; entries further left are the client's own claims.
 * Only a syntactically valid address counts; otherwise null (neither stored nor a key).
 */
export function clientIpFrom(request: Request, remoteAddress: string | null | undefined, trustedProxies = 0): string | null {
  const forwarded = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .reverse();
  const chain = [remoteAddress ?? "", ...forwarded];
  // Fewer hops than configured: the furthest address known, as Express does.
  const chosen = chain[Math.min(trustedProxies, chain.length - 1)];
  const address = chosen.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  return isIP(address) ? address : null;
}

/**
 * The rate-limit key of an address: IPv4 as is, IPv6 by its /64 (one subscriber gets a
 * whole /64, so per-address keys would let one visitor rotate through millions), and
 * "unknown" for no address, so unparseable input shares one bucket instead of none.
 */
export function visitorKey(ip: string | null): string {
  if (!ip) return "unknown";
  if (isIP(ip) !== 6) return ip;
  return expandIpv6(ip).slice(0, 4).join(":") + "::/64";
}

function expandIpv6(ip: string): string[] {
  const withoutZone = ip.split("%")[0];
  // An embedded IPv4 tail (::ffff:1.2.3.4) occupies the last two groups; the /64 ignores it.
  const [head, tail = ""] = withoutZone.split("::");
  const parts = (value: string) => (value ? value.split(":") : []);
  const left = parts(head);
  const right = parts(tail);
  const missing = Math.max(0, 8 - left.length - right.length);
  return [...left, ...Array(missing).fill("0"), ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ""));
}

/** The User-Agent header as sent; checked (and a forged 10 KB one left out) where the receipt is recorded. */
export function userAgentFrom(request: Request): string | null {
  const agent = request.headers.get("user-agent")?.trim();
  return agent || null;
}
