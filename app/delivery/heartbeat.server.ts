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
