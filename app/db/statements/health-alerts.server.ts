import type { PrismaClient } from "@prisma/client";

/**
 * HEALTH ALERTS: the rows that say whether a shop's health condition is active, written
 * safely by several instances at once (app/alerts/health-alerts.server.ts decides the
 * conditions and mails). Why raw (docs/decisions/023-one-place-for-statements.md, "Health
 * alerts"): the row is created if absent with `INSERT ... ON CONFLICT DO NOTHING`, which
 * typed Prisma offers on neither provider without an error (create throws P2002, and
 * createMany's skipDuplicates does not exist on SQLite). The start and end are conditional
 * UPDATEs whose changed-row count decides which instance saw the transition; they stand
 * beside the insert they pair with (typed updateMany would count the same).
 */

export function ensureHealthCondition(db: PrismaClient, shopDomain: string, condition: string, now: Date): Promise<number> {
  return db.$executeRaw`INSERT INTO "HealthCondition" ("shopDomain", "condition", "updatedAt") VALUES (${shopDomain}, ${condition}, ${now}) ON CONFLICT DO NOTHING`;
}

/** 1 when this call started the condition (it was not active), 0 otherwise. */
export function startHealthCondition(db: PrismaClient, shopDomain: string, condition: string, detail: string, now: Date): Promise<number> {
  return db.$executeRaw`
        UPDATE "HealthCondition" SET "activeSince" = ${now}, "detail" = ${detail}, "updatedAt" = ${now}
         WHERE "shopDomain" = ${shopDomain} AND "condition" = ${condition} AND "activeSince" IS NULL`;
}

/** 1 when this call ended the condition (it was active), 0 otherwise. */
export function endHealthCondition(db: PrismaClient, shopDomain: string, condition: string, now: Date): Promise<number> {
  return db.$executeRaw`
        UPDATE "HealthCondition" SET "activeSince" = NULL, "endedAt" = ${now}, "updatedAt" = ${now}
         WHERE "shopDomain" = ${shopDomain} AND "condition" = ${condition} AND "activeSince" IS NOT NULL`;
}
