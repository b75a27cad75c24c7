import { getConfig } from "./config.server";
import prisma from "./db.server";

export type BackgroundWork = { stop(): Promise<void> };

/**
 * Started by the HTTP server (scripts/start.mjs) once it listens. With WORKER=inline the
 * delivery worker runs in this process; with WORKER=off a separate `npm run worker` does.
 * stop() is the process's last step: the worker finishes, then the database connection
 * closes (SQLite folds its write-ahead log back into the database file).
 */
export async function startBackgroundWork(): Promise<BackgroundWork> {
  const config = getConfig();
  // Redactions a previous process accepted but did not finish (customers/redact).
  const { resumePendingRedactions } = await import("./models/redaction-jobs.server");
  void resumePendingRedactions().catch(() => undefined);
  const worker = config.WORKER === "inline" ? await (await import("./delivery/worker-runtime.server")).startDeliveryWorker() : null;
  return {
    async stop() {
      await worker?.stop();
      await prisma.$disconnect();
    },
  };
}
