import type { PrismaClient } from "@prisma/client";

/**
 * BROWSER-ONLY PURCHASES: Purchase receipts from the web pixel received since an instant
 * whose order never reached the app: no order recorded and no server event for the event
 * id. Meta has the browser's copy alone. Each event id once, whatever the number of pixels
 * (a receipt is stored once per event id; the server's copies, one per pixel, are only
 * looked up).
 *
 * Why raw (docs/decisions/023-one-place-for-statements.md): two NOT EXISTS look-ups over
 * unrelated tables in one count; Prisma's typed client would read every receipt of a week
 * into the process. The same text runs on both databases.
 */
export async function countBrowserOnlyPurchases(db: PrismaClient, shopDomain: string, since: Date): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number | bigint }[]>`
    SELECT COUNT(*) AS "n" FROM "PixelReceipt" p
     WHERE p."shopDomain" = ${shopDomain} AND p."eventName" = 'Purchase' AND p."receivedAt" >= ${since}
       AND NOT EXISTS (SELECT 1 FROM "OutboxEvent" o WHERE o."shopDomain" = p."shopDomain" AND o."eventId" = p."eventId")
       AND NOT EXISTS (SELECT 1 FROM "ReceivedOrder" r WHERE r."shopDomain" = p."shopDomain" AND r."eventId" = p."eventId")`;
  return Number(row?.n ?? 0);
}
