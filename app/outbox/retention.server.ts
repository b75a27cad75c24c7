import { Prisma, type PrismaClient } from "@prisma/client";
import { sqlDialect } from "../db/dialect.server";
import { UNSENT_STATUSES } from "./status";

/**
 * What Tandem keeps unhashed only as long as Meta could still use it: the shopper's IP,
 * user agent and Meta cookies (Meta's rules forbid hashing them). Once an event is past
 * Meta's window (7 days; 62 for in-store events, which carry no browser data) it can
 * never be sent again, so these fields are removed from stored payloads and receipts.
 */
export const BROWSER_DATA_RETENTION_S = 8 * 24 * 60 * 60;

/**
 * RAW SQL, and why (docs/decisions/013-outbox-owner-and-raw-sql.md): the browser fields
 * are removed inside the stored JSON by one `json_remove` statement. Typed Prisma would
 * read every old payload into the process, parse, rewrite and update it row by row
 * (one statement per row, about 0.5 ms each: Prisma's own cost per query on SQLite).
 * Rows that may still be sent are never touched.
 */
export async function forgetBrowserData(db: PrismaClient, now: Date): Promise<{ events: number; receipts: number }> {
  const cutoffSeconds = Math.floor(now.getTime() / 1000) - BROWSER_DATA_RETENTION_S;
  const settled: string[] = [...UNSENT_STATUSES];
  // The same statement in each dialect's JSON functions. Payloads are text written by
  // JSON.stringify; SQLite checks json_valid anyway, PostgreSQL 15 has no such test (a
  // row that is not JSON would fail the cast and the statement, never lose data).
  const events =
    sqlDialect(db) === "postgresql"
      ? await db.$executeRaw`
    UPDATE "OutboxEvent"
    SET "payload" = ("payload"::jsonb #- '{user_data,client_ip_address}' #- '{user_data,client_user_agent}' #- '{user_data,fbp}' #- '{user_data,fbc}')::text
    WHERE "eventTime" < ${cutoffSeconds}
      AND "status" <> ALL(${settled})
      AND ("payload"::jsonb -> 'user_data') ?| array['client_ip_address', 'client_user_agent', 'fbp', 'fbc']`
      : await db.$executeRaw`
    UPDATE "OutboxEvent"
    SET "payload" = json_remove("payload", '$.user_data.client_ip_address', '$.user_data.client_user_agent', '$.user_data.fbp', '$.user_data.fbc')
    WHERE "eventTime" < ${cutoffSeconds}
      AND "status" NOT IN (${Prisma.join(UNSENT_STATUSES)})
      AND json_valid("payload")
      AND (json_extract("payload", '$.user_data.client_ip_address') IS NOT NULL
        OR json_extract("payload", '$.user_data.client_user_agent') IS NOT NULL
        OR json_extract("payload", '$.user_data.fbp') IS NOT NULL
        OR json_extract("payload", '$.user_data.fbc') IS NOT NULL)`;
  const receipts = await db.pixelReceipt.updateMany({
    where: {
      receivedAt: { lt: new Date(now.getTime() - BROWSER_DATA_RETENTION_S * 1000) },
      OR: [{ clientIp: { not: null } }, { userAgent: { not: null } }, { fbp: { not: null } }, { fbc: { not: null } }],
    },
    data: { clientIp: null, userAgent: null, fbp: null, fbc: null },
  });
  return { events, receipts: receipts.count };
}
