import prisma from "../db.server";

/** The admin overview: the shop's destinations (never their tokens) and event counts. */
export async function getShopOverview(shopDomain: string) {
  const [destinations, statuses] = await Promise.all([
    prisma.destination.findMany({
      where: { shopDomain },
      select: { id: true, pixelId: true, enabled: true, pausedReason: true, testEventCode: true },
      orderBy: { createdAt: "asc" },
    }),
    prisma.outboxEvent.groupBy({ by: ["status"], where: { shopDomain }, _count: { _all: true } }),
  ]);
  return {
    shop: shopDomain,
    destinations,
    byStatus: Object.fromEntries(statuses.map((row) => [row.status, row._count._all])) as Record<string, number>,
  };
}
