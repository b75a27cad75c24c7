import type { PrismaClient } from "@prisma/client";
import packageJson from "../../package.json";
import { pingDatabase } from "../db/statements/liveness.server";
import { UNSENT_STATUSES } from "../outbox/status";

export type Health =
  | { ok: true; version: string; database: "reachable"; worker: WorkerHealth; backlog: Record<string, number> }
  | { ok: false; version: string; database: "unreachable"; reason: string };

export type WorkerHealth = { lastBeatAgeSeconds: number | null; workerId: string | null };

/** What /healthz reports. Never throws: an unreachable database is an answer. */
export async function checkHealth(db: PrismaClient, now = new Date()): Promise<Health> {
  const version = packageJson.version;
  try {
    await pingDatabase(db);
    const [beat, backlog] = await Promise.all([
      db.workerHeartbeat.findFirst({ orderBy: { beatAt: "desc" } }),
      db.outboxEvent.groupBy({ by: ["status"], _count: { _all: true }, where: { status: { in: [...UNSENT_STATUSES] } } }),
    ]);
    return {
      ok: true,
      version,
      database: "reachable",
      worker: {
        workerId: beat?.workerId ?? null,
        lastBeatAgeSeconds: beat ? Math.max(0, Math.round((now.getTime() - beat.beatAt.getTime()) / 1000)) : null,
      },
      backlog: Object.fromEntries(backlog.map((row) => [row.status, row._count._all])),
    };
  } catch (error) {
    return { ok: false, version, database: "unreachable", reason: describe(error) };
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // The driver's message names the failing file or host, never credentials.
  return (
    message
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .slice(-1)[0] ?? "unknown error"
  );
}
