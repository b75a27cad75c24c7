import { Prisma, type PrismaClient } from "@prisma/client";
import { sqlDialect } from "../dialect.server";

/**
 * RETENTION: the statement that removes the shopper's browser data (IP, user agent, Meta
 * cookies) from the stored payloads of events past Meta's window.
 *
 * Why raw (docs/decisions/023-one-place-for-statements.md, "Retention"): the fields are removed inside the
 * stored JSON by one statement. Typed Prisma would read every old payload into the
 * process, parse, rewrite and update it row by row (one statement per row, about 0.5 ms
 * each: Prisma's own cost per query on SQLite).
 *
 * The same statement in each dialect's JSON functions. Payloads are text written by
 * JSON.stringify; SQLite checks json_valid anyway, PostgreSQL 15 has no such test (a row
 * that is not JSON would fail the cast and the statement, never lose data).
 */
export function forgetPayloadBrowserFields(
  db: PrismaClient,
  { cutoffSeconds, keepStatuses }: { cutoffSeconds: number; keepStatuses: readonly string[] },
): Promise<number> {
  if (sqlDialect(db) === "postgresql") {
    return db.$executeRaw`
    UPDATE "OutboxEvent"
    SET "payload" = ("payload"::jsonb #- '{user_data,client_ip_address}' #- '{user_data,client_user_agent}' #- '{user_data,fbp}' #- '{user_data,fbc}')::text
    WHERE "eventTime" < ${cutoffSeconds}
      AND "status" <> ALL(${[...keepStatuses]})
      AND ("payload"::jsonb -> 'user_data') ?| array['client_ip_address', 'client_user_agent', 'fbp', 'fbc']`;
  }
  return db.$executeRaw`
    UPDATE "OutboxEvent"
    SET "payload" = json_remove("payload", '$.user_data.client_ip_address', '$.user_data.client_user_agent', '$.user_data.fbp', '$.user_data.fbc')
    WHERE "eventTime" < ${cutoffSeconds}
      AND "status" NOT IN (${Prisma.join(keepStatuses)})
      AND json_valid("payload")
      AND (json_extract("payload", '$.user_data.client_ip_address') IS NOT NULL
        OR json_extract("payload", '$.user_data.client_user_agent') IS NOT NULL
        OR json_extract("payload", '$.user_data.fbp') IS NOT NULL
        OR json_extract("payload", '$.user_data.fbc') IS NOT NULL)`;
}
