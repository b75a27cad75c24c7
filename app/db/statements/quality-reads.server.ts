import { Prisma, type PrismaClient } from "@prisma/client";

/**
 * QUALITY READS: the claim of a (destination, slot) read of Meta's Dataset Quality API, so
 * several instances read it once (app/quality/quality-reads.server.ts decides the slots,
 * the retry delays and the attempts). Why raw (docs/decisions/023-one-place-for-statements.md,
 * "Quality reads"): the claim is an `INSERT ... ON CONFLICT DO NOTHING` whose count says
 * who won (typed create would throw P2002; createMany's skipDuplicates does not exist on
 * SQLite), and the reclaim of a failed or abandoned read is one conditional UPDATE with
 * `attempts = attempts + 1` whose count decides which instance reads again.
 */

export type QualityReadClaim = { id: string; shopDomain: string; destinationId: string; pixelId: string; slot: string; now: Date };

/** 1 when this call claimed the slot, 0 when it was claimed before. */
export function insertQualityRead(db: PrismaClient, claim: QualityReadClaim): Promise<number> {
  return db.$executeRaw`
    INSERT INTO "QualityRead" ("id", "shopDomain", "destinationId", "pixelId", "slot", "startedAt", "attempts")
    VALUES (${claim.id}, ${claim.shopDomain}, ${claim.destinationId}, ${claim.pixelId}, ${claim.slot}, ${claim.now}, 1)
    ON CONFLICT DO NOTHING`;
}

/**
 * 1 when this call took the read over: it failed with one of `retryOutcomes` before
 * `retryBefore`, or it never finished and started before `staleBefore`, with fewer than
 * `maxAttempts` attempts.
 */
export function reclaimQualityRead(
  db: PrismaClient,
  params: {
    destinationId: string;
    slot: string;
    now: Date;
    maxAttempts: number;
    retryOutcomes: readonly string[];
    retryBefore: Date;
    staleBefore: Date;
  },
): Promise<number> {
  const { destinationId, slot, now, maxAttempts, retryOutcomes, retryBefore, staleBefore } = params;
  return db.$executeRaw`
    UPDATE "QualityRead" SET "startedAt" = ${now}, "finishedAt" = NULL, "outcome" = NULL, "message" = NULL, "attempts" = "attempts" + 1
     WHERE "destinationId" = ${destinationId} AND "slot" = ${slot} AND "attempts" < ${maxAttempts}
       AND (("outcome" IN (${Prisma.join(retryOutcomes)}) AND "finishedAt" < ${retryBefore}) OR ("outcome" IS NULL AND "startedAt" < ${staleBefore}))`;
}
