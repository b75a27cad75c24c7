import { randomUUID } from "node:crypto";
import { getConfig } from "../config.server";
import prisma from "../db.server";
import { countAuditFindingAgain, insertAuditFinding } from "../db/statements/audit.server";
import { getShopByKey } from "../models/shops.server";
import { auditReportSchema, findingsOf } from "./audit-report";
import { createPixelRateLimits, type PixelRateLimits } from "./rate-limit.server";
import { clientIpFrom, isJsonContentType, preflightAnswer, readBodyCapped, receiptAnswer, visitorKey } from "./receipt-http.server";

// /pixel/audit: the theme embed's report of other pixels on the storefront. As guarded as
// the receipt endpoint (method, type, 2 KB, shape, per-visitor and per-shop limits), and
// it stores only counters per (shop, finding, page type): no address, no user agent.

const processLimits = createPixelRateLimits();
const MAX_AUDIT_BYTES = 2 * 1024;
/** Distinct findings kept per shop: a flood of made-up pixel ids cannot grow the table. */
export const MAX_FINDINGS_PER_SHOP = 50;

export async function handleAuditReport(
  request: Request,
  deps: { remoteAddress?: string | null; now?: () => Date; limits?: PixelRateLimits } = {},
): Promise<Response> {
  const limits = deps.limits ?? processLimits;
  if (request.method === "OPTIONS") return preflightAnswer();
  if (request.method !== "POST") return receiptAnswer(405, { error: "Use POST." }, { Allow: "POST, OPTIONS" });
  if (!isJsonContentType(request.headers.get("content-type"))) return receiptAnswer(415, { error: "Send application/json." });
  const visitor = visitorKey(clientIpFrom(request, deps.remoteAddress, getConfig().TRUSTED_PROXIES));
  if (!(await limits.visitor.take(visitor)).ok) return receiptAnswer(429, { error: "Too many reports." }, { "Retry-After": "60" });
  const body = await readBodyCapped(request, MAX_AUDIT_BYTES);
  if (!body.ok) return receiptAnswer(413, { error: "Report too large." });
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    return receiptAnswer(400, { error: "Malformed JSON." });
  }
  const parsed = auditReportSchema.safeParse(json);
  if (!parsed.success)
    return receiptAnswer(400, {
      error: `${parsed.error.issues[0]?.path.join(".") || "body"}: ${parsed.error.issues[0]?.message ?? "invalid"}`.slice(0, 160),
    });
  const report = parsed.data;
  if (!(await limits.visitorShop.take(`${visitor} ${report.shop_key}`)).ok)
    return receiptAnswer(429, { error: "Too many reports." }, { "Retry-After": "60" });
  const shop = await getShopByKey(report.shop_key);
  if (!shop) return receiptAnswer(404, { error: "Unknown shop key." });
  if (shop.uninstalledAt) return receiptAnswer(410, { error: "Tandem is not installed on this shop." });
  if (!(await limits.shop.take(shop.domain)).ok) return receiptAnswer(429, { error: "Too many reports." }, { "Retry-After": "60" });

  const own = (await prisma.destination.findMany({ where: { shopDomain: shop.domain }, select: { pixelId: true } })).map((d) => d.pixelId);
  const now = deps.now?.() ?? new Date();
  for (const finding of findingsOf(report, own)) await recordFinding(shop.domain, finding, report.page, report.order, now);
  return receiptAnswer(202, { ok: true });
}

async function recordFinding(shopDomain: string, finding: { kind: string; subject: string }, pageType: string, order: string, now: Date) {
  const key = { shopDomain, kind: finding.kind, subject: finding.subject, pageType };
  const updated = await countAuditFindingAgain(prisma, key, order, now);
  if (updated > 0) return;
  if ((await prisma.pixelAuditFinding.count({ where: { shopDomain } })) >= MAX_FINDINGS_PER_SHOP) return;
  await insertAuditFinding(prisma, randomUUID(), key, order, now);
}
