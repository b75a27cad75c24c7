import type { PrismaClient } from "@prisma/client";
import defaultDb from "../db.server";
import { DUE_STATUSES, type OutboxStatus } from "./status";

export type BacklogStatus = {
  byStatus: Partial<Record<OutboxStatus, number>> & Record<string, number>;
  oldestDue: { id: string; shopDomain: string; nextAttemptAt: Date; ageSeconds: number } | null;
  heartbeat: { workerId: string; beatAt: Date; ageSeconds: number } | null;
};

/** Counts by status (for one shop, or all when no shop is given), the oldest due event and the latest worker beat. */
export async function backlogStatus({
  shopDomain,
  db = defaultDb,
  now = new Date(),
}: { shopDomain?: string; db?: PrismaClient; now?: Date } = {}): Promise<BacklogStatus> {
  const scope = shopDomain ? { shopDomain } : {};
  const [groups, oldest, beat] = await Promise.all([
    db.outboxEvent.groupBy({ by: ["status"], where: scope, _count: { _all: true } }),
    db.outboxEvent.findFirst({
      where: { ...scope, status: { in: [...DUE_STATUSES] }, nextAttemptAt: { lte: now } },
      orderBy: { nextAttemptAt: "asc" },
      select: { id: true, shopDomain: true, nextAttemptAt: true },
    }),
    db.workerHeartbeat.findFirst({ orderBy: { beatAt: "desc" } }),
  ]);
  const age = (at: Date) => Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000));
  return {
    byStatus: Object.fromEntries(groups.map((group) => [group.status, group._count._all])),
    oldestDue: oldest ? { ...oldest, ageSeconds: age(oldest.nextAttemptAt) } : null,
    heartbeat: beat ? { workerId: beat.workerId, beatAt: beat.beatAt, ageSeconds: age(beat.beatAt) } : null,
  };
}
