import type { PrismaClient } from "@prisma/client";

// /healthz reports the age of the latest beat: a worker that stops beating is a worker
// that stopped delivering, whatever its process table says.

export async function beat(db: PrismaClient, input: { workerId: string; pid: number; startedAt: Date; now: Date }): Promise<void> {
  const { workerId, pid, startedAt, now } = input;
  await db.workerHeartbeat.upsert({
    where: { workerId },
    create: { workerId, pid, startedAt, beatAt: now },
    update: { pid, beatAt: now },
  });
}

/**
 * Every start gets a new workerId, so rows of workers long gone would pile up (the
 * inline worker restarts with each deploy). Beats older than a day tell nobody anything.
 */
export async function pruneHeartbeats(db: PrismaClient, now: Date, maxAgeMs = 24 * 60 * 60 * 1000): Promise<number> {
  const { count } = await db.workerHeartbeat.deleteMany({ where: { beatAt: { lt: new Date(now.getTime() - maxAgeMs) } } });
  return count;
}
