import prisma from "~/db.server";

// The ingest store's tests start from an empty shop with one pixel and write outbox rows of
// one shape: a pending, consented Purchase of an orders/paid webhook.

/** Empties the tables the ingest writes, creates the shop and its pixel; the pixel's destination id. */
export async function freshShopWithPixel(shop: string, shopKey: string, pixelId: string): Promise<string> {
  for (const table of ["outboxEvent", "receivedOrder", "pixelReceipt", "webhookReceipt", "destination", "shop"] as const) {
    await (prisma[table] as { deleteMany: () => Promise<unknown> }).deleteMany();
  }
  await prisma.shop.create({ data: { domain: shop, shopKey } });
  return (await prisma.destination.create({ data: { shopDomain: shop, pixelId, accessTokenEnc: "v1:a:b:c" } })).id;
}

/** A pending Purchase row for the store's insert, as the ingest builds it. */
export function purchaseRow(shop: string, destinationId: string, eventId: string, now: Date) {
  return {
    shopDomain: shop,
    destinationId,
    eventName: "Purchase",
    eventId,
    status: "pending",
    payload: "{}",
    eventTime: Math.floor(now.getTime() / 1000),
    sourceTopic: "orders/paid",
    isTest: false,
    consentAction: "send",
    consentReason: "mode_off",
    nextAttemptAt: now,
  };
}
