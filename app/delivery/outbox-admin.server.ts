import type { PrismaClient } from "@prisma/client";
import defaultDb from "../db.server";

// What the admin UI and the CLI may do to the outbox. Every write is scoped by shop so a
// request for one shop can never touch another's rows, and none touches a row that a
// worker holds (in_flight) or is about to take (pending, retry).

/** Statuses a merchant may send again. `delivered` needs `force`: Meta already counted it. */
export const REPLAYABLE_STATUSES = ["failed", "expired", "blocked", "skipped", "cancelled", "paused"] as const;
export type ReplayableStatus = (typeof REPLAYABLE_STATUSES)[number] | "delivered";

type Common = { db?: PrismaClient; now?: Date };

/**
 * After the merchant fixed the token: the destination runs again and the events it held
 * are due now. Returns null when the destination does not belong to the shop.
 */
export async function resumeDestination({ shopDomain, destinationId, db = defaultDb, now = new Date() }: Common & { shopDomain: string; destinationId: string }): Promise<{ resumedEvents: number } | null> {
  const [destination, events] = await db.$transaction([
    db.destination.updateMany({ where: { id: destinationId, shopDomain }, data: { pausedAt: null, pausedReason: null } }),
    db.outboxEvent.updateMany({
      where: { destinationId, shopDomain, status: "paused" },
      data: { status: "pending", nextAttemptAt: now, lastError: "Destination resumed; due again." },
    }),
  ]);
  return destination.count === 0 ? null : { resumedEvents: events.count };
}

/**
 * Makes chosen events due again. By default only `failed` ones; `blocked` (a consent
 * decision) and `delivered` are replayed only when the caller names that status, and
 * `delivered` additionally needs `force`. Returns how many rows were requeued.
 */
export async function replayEvents({
  shopDomain,
  ids,
  status = ["failed"],
  force = false,
  db = defaultDb,
  now = new Date(),
}: Common & { shopDomain: string; ids?: readonly string[]; status?: readonly ReplayableStatus[]; force?: boolean }): Promise<number> {
  const allowed = status.filter((s) => (REPLAYABLE_STATUSES as readonly string[]).includes(s) || (s === "delivered" && force));
  if (allowed.length === 0 || ids?.length === 0) return 0;
  const queries = allowed.map((from) =>
    db.outboxEvent.updateMany({
      where: { shopDomain, status: from, ...(ids && { id: { in: [...ids] } }) },
      data: {
        status: "pending",
        nextAttemptAt: now,
        attempts: 0,
        leaseOwner: null,
        leaseUntil: null,
        lastError: `Replayed from ${from} at ${now.toISOString()}.`,
        lastErrorCode: null,
        ...(from === "delivered" && { deliveredAt: null }),
      },
    }),
  );
  const results = await db.$transaction(queries);
  return results.reduce((total, result) => total + result.count, 0);
}

export type BacklogStatus = {
  byStatus: Record<string, number>;
  oldestDue: { id: string; shopDomain: string; nextAttemptAt: Date; ageSeconds: number } | null;
  heartbeat: { workerId: string; beatAt: Date; ageSeconds: number } | null;
};

/** Counts by status (for one shop, or all when no shop is given), the oldest due event and the latest worker beat. */
export async function backlogStatus({ shopDomain, db = defaultDb, now = new Date() }: Common & { shopDomain?: string } = {}): Promise<BacklogStatus> {
  const scope = shopDomain ? { shopDomain } : {};
  const [groups, oldest, beat] = await Promise.all([
    db.outboxEvent.groupBy({ by: ["status"], where: scope, _count: { _all: true } }),
    db.outboxEvent.findFirst({
      where: { ...scope, status: { in: ["pending", "retry"] }, nextAttemptAt: { lte: now } },
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
