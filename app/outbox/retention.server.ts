import type { PrismaClient } from "@prisma/client";
import { forgetPayloadBrowserFields } from "../db/statements/retention.server";
import { UNSENT_STATUSES } from "./status";

/**
 * What Tandem keeps unhashed only as long as Meta could still use it: the shopper's IP,
 * user agent and Meta cookies (Meta's rules forbid hashing them). Once an event is past
 * Meta's window (7 days; 62 for in-store events, which carry no browser data) it can
 * never be sent again, so these fields are removed from stored payloads and receipts.
 */
export const BROWSER_DATA_RETENTION_S = 8 * 24 * 60 * 60;

/**
 * Removes the browser fields from stored payloads and receipts past the window. The
 * payload statement is raw (app/db/statements/retention.server.ts says why). Rows that
 * may still be sent are never touched.
 */
export async function forgetBrowserData(db: PrismaClient, now: Date): Promise<{ events: number; receipts: number }> {
  const cutoffSeconds = Math.floor(now.getTime() / 1000) - BROWSER_DATA_RETENTION_S;
  const events = await forgetPayloadBrowserFields(db, { cutoffSeconds, keepStatuses: UNSENT_STATUSES });
  const receipts = await db.pixelReceipt.updateMany({
    where: {
      receivedAt: { lt: new Date(now.getTime() - BROWSER_DATA_RETENTION_S * 1000) },
      OR: [{ clientIp: { not: null } }, { userAgent: { not: null } }, { fbp: { not: null } }, { fbc: { not: null } }],
    },
    data: { clientIp: null, userAgent: null, fbp: null, fbc: null },
  });
  return { events, receipts: receipts.count };
}
