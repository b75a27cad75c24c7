import { logger } from "../logger.server";
import { getShopByKey } from "../models/shops.server";
import { createPixelRateLimits, type PixelRateLimits } from "./rate-limit.server";
import { getConfig } from "../config.server";
import {
  clientIpFrom,
  isJsonContentType,
  preflightAnswer,
  readBodyCapped,
  receiptAnswer,
  userAgentFrom,
  visitorKey,
} from "./receipt-http.server";
import { countPixelContact } from "../models/pixel-contact.server";
import { recordPixelReceipt } from "./record-receipt.server";
import { queueStorefrontCopy } from "./storefront-copy.server";
import { isStorefrontEventName, pixelReceiptSchema } from "../capi";

// /pixel/events: the web pixel's receipt. Public and unauthenticated (the pixel runs in
// the shopper's browser), so every step is cheap-first: method, type, size, shape, rate,
// then one indexed lookup, then the write.

const processLimits = createPixelRateLimits();

/**
 * remoteAddress: the TCP peer (scripts/start.mjs passes it). trustedProxies: how many
 * proxy hops in front of the app to trust for X-Forwarded-For (TRUSTED_PROXIES).
 */
export type ReceiptDeps = { limits?: PixelRateLimits; now?: () => Date; remoteAddress?: string | null; trustedProxies?: number };

export async function handlePixelReceipt(request: Request, deps: ReceiptDeps = {}): Promise<Response> {
  const limits = deps.limits ?? processLimits;
  if (request.method === "OPTIONS") return preflightAnswer();
  if (request.method !== "POST") return receiptAnswer(405, { error: "Use POST." }, { Allow: "POST, OPTIONS" });
  if (!isJsonContentType(request.headers.get("content-type"))) return receiptAnswer(415, { error: "Send application/json." });

  const ip = clientIpFrom(request, deps.remoteAddress, deps.trustedProxies ?? getConfig().TRUSTED_PROXIES);
  // Requests without a usable address share the "unknown" bucket rather than escaping the limit.
  const visitor = visitorKey(ip);
  const perVisitor = await limits.visitor.take(visitor);
  if (!perVisitor.ok) return tooMany(perVisitor.retryAfterSeconds);

  const body = await readBodyCapped(request);
  if (!body.ok) return receiptAnswer(413, { error: "Receipt too large." });
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    return receiptAnswer(400, { error: "Malformed JSON." });
  }
  const parsed = pixelReceiptSchema.safeParse(json);
  if (!parsed.success) return receiptAnswer(400, { error: shortReason(parsed.error.issues) });
  const receipt = parsed.data;

  const visitorShop = await limits.visitorShop.take(`${visitor} ${receipt.shop_key}`);
  if (!visitorShop.ok) return tooMany(visitorShop.retryAfterSeconds);
  const shop = await getShopByKey(receipt.shop_key);
  // 404: no shop has this key (a mistyped or stale pixel setting). 410: the shop
  // uninstalled Tandem; nothing will ever be sent for it, so the pixel should stop.
  if (!shop) return receiptAnswer(404, { error: "Unknown shop key." });
  if (shop.uninstalledAt) return receiptAnswer(410, { error: "Tandem is not installed on this shop." });
  const perShop = await limits.shop.take(shop.domain);
  if (!perShop.ok) return tooMany(perShop.retryAfterSeconds);

  try {
    await recordPixelReceipt({ shop, receipt, clientIp: ip, userAgent: userAgentFrom(request), now: deps.now?.() });
  } catch (error) {
    // The error's name only: Prisma messages can quote the values (IP, user agent) we wrote.
    logger.error({ shop: shop.domain, error: error instanceof Error ? error.name : "unknown" }, "pixel receipt not stored");
    return receiptAnswer(503, { error: "Try again later." }, { "Retry-After": "5" });
  }
  if (isStorefrontEventName(receipt.event_name)) {
    const copyLimits = {
      visitorShop: limits.copyVisitorShop ?? processLimits.copyVisitorShop!,
      shop: limits.copyShop ?? processLimits.copyShop!,
    };
    // The receipt is stored: a failure here costs the server's copy alone (the browser's hit went to Meta).
    await queueStorefrontCopy({
      shop,
      receipt,
      clientIp: ip,
      userAgent: userAgentFrom(request),
      visitor,
      limits: copyLimits,
      now: deps.now?.(),
    }).catch((error: unknown) =>
      logger.warn({ shop: shop.domain, error: error instanceof Error ? error.name : "unknown" }, "storefront copy not queued"),
    );
  }
  // What Shopify withholds from the pixel (protected customer data), counted for the overview;
  // the receipt is stored already, so a failure here only costs that count.
  if (receipt.contact) {
    await countPixelContact(shop.domain, receipt.contact, deps.now?.()).catch((error: unknown) =>
      logger.warn({ shop: shop.domain, error: error instanceof Error ? error.name : "unknown" }, "pixel contact not counted"),
    );
  }
  return receiptAnswer(202, { ok: true });
}

function tooMany(retryAfterSeconds: number): Response {
  return receiptAnswer(429, { error: "Too many receipts." }, { "Retry-After": String(retryAfterSeconds) });
}

/** Where and what, never the value sent: the body is public input and may hold anything. */
function shortReason(issues: { path: PropertyKey[]; message: string }[]): string {
  const first = issues[0];
  const where = first?.path.map(String).join(".") || "body";
  return `${where}: ${first?.message ?? "invalid"}`.slice(0, 160);
}
