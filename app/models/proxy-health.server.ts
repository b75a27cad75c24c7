import prisma from "../db.server";

// Whether the app sees its own proxy instead of the shoppers. Behind a load balancer or
// tunnel with TRUSTED_PROXIES=0, every receipt's address is the proxy's: a private
// network address, or one and the same address for everyone. Tandem then sends no IP
// from receipts (a non-public one is never sent) and its rate limits treat every shopper
// as one visitor. The receipts say so: PixelReceipt.clientIpKind is kept for every
// receipt (it is no personal data), the address itself only when it is public and allowed.

export const PROXY_CHECK = {
  windowMs: 24 * 60 * 60_000,
  /** The latest receipts looked at: enough to tell, cheap on a busy shop (one index range). */
  sample: 200,
  /** Fewer receipts than this say nothing either way. */
  minReceipts: 20,
  /** Share of non-public addresses, or of the most frequent public one, that names a proxy. */
  nonPublicShare: 0.5,
  oneAddressShare: 0.8,
};

export type ProxyFinding = { kind: "private_addresses" | "one_address"; share: number; receipts: number };

export async function findProxyInFront(shopDomain: string, now: Date): Promise<ProxyFinding | null> {
  const recent = await prisma.pixelReceipt.findMany({
    where: { shopDomain, receivedAt: { gte: new Date(now.getTime() - PROXY_CHECK.windowMs) }, clientIpKind: { not: null } },
    orderBy: { receivedAt: "desc" },
    take: PROXY_CHECK.sample,
    select: { clientIp: true, clientIpKind: true },
  });
  if (recent.length < PROXY_CHECK.minReceipts) return null;
  const nonPublic = recent.filter((receipt) => receipt.clientIpKind !== "public").length;
  if (nonPublic / recent.length >= PROXY_CHECK.nonPublicShare)
    return { kind: "private_addresses", share: nonPublic / recent.length, receipts: recent.length };
  const perAddress = new Map<string, number>();
  for (const { clientIp } of recent) if (clientIp) perAddress.set(clientIp, (perAddress.get(clientIp) ?? 0) + 1);
  const top = Math.max(0, ...perAddress.values());
  return top / recent.length >= PROXY_CHECK.oneAddressShare
    ? { kind: "one_address", share: top / recent.length, receipts: recent.length }
    : null;
}

export function proxyFindingInWords(finding: ProxyFinding): string {
  const percent = Math.round(finding.share * 100);
  const what = finding.kind === "private_addresses" ? "came from private network addresses" : "came from one and the same address";
  return (
    `${percent}% of the last ${finding.receipts} browser receipts ${what}: the app probably sees its load balancer, tunnel or proxy instead of the shoppers, so no shopper IP address is sent to Meta from them. ` +
    "Set TRUSTED_PROXIES to the number of proxies in front of the app (1 for Heroku, Fly, Render, a Cloudflare tunnel or one nginx) and restart it; docs/security.md explains how to check."
  );
}
