import type { PrismaClient } from "@prisma/client";

/**
 * PIXEL AUDIT: the findings the storefront's audit reports about other pixels
 * (app/pixel/handle-audit.server.ts decides what is a finding and caps them per shop).
 * Why raw (docs/decisions/023-one-place-for-statements.md, "Pixel audit"): a finding seen
 * again is counted with one `count = count + 1` UPDATE, and a new one is inserted with
 * `ON CONFLICT DO NOTHING`, so two reports of the same finding at once never fail (typed
 * create would throw P2002; createMany's skipDuplicates does not exist on SQLite).
 */

export type AuditFindingKey = { shopDomain: string; kind: string; subject: string; pageType: string };

/** The number of rows counted: 0 when the finding is new. */
export function countAuditFindingAgain(db: PrismaClient, key: AuditFindingKey, order: string, now: Date): Promise<number> {
  return db.$executeRaw`
    UPDATE "PixelAuditFinding" SET "count" = "count" + 1, "lastSeenAt" = ${now}, "order" = ${order}
     WHERE "shopDomain" = ${key.shopDomain} AND "kind" = ${key.kind} AND "subject" = ${key.subject} AND "pageType" = ${key.pageType}`;
}

export function insertAuditFinding(db: PrismaClient, id: string, key: AuditFindingKey, order: string, now: Date): Promise<number> {
  return db.$executeRaw`
    INSERT INTO "PixelAuditFinding" ("id", "shopDomain", "kind", "subject", "pageType", "order", "count", "firstSeenAt", "lastSeenAt")
    VALUES (${id}, ${key.shopDomain}, ${key.kind}, ${key.subject}, ${key.pageType}, ${order}, 1, ${now}, ${now})
    ON CONFLICT DO NOTHING`;
}
