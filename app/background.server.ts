import { getConfig } from "./config.server";
import prisma, { endProcessPool } from "./db.server";
import { closeIngestStore } from "./ingest/ingest-store.server";

export type BackgroundWork = { stop(): Promise<void> };

/**
 * Started by the HTTP server (scripts/start.mjs) once it listens. With WORKER=inline the
 * delivery worker runs in this process: start.mjs runs it on a thread of its own and says
 * so with `deliveryElsewhere` (app/delivery/delivery-thread.server.ts); without that it
 * runs here. With WORKER=off a separate `npm run worker` does.
 * stop() is the process's last step: the worker finishes, then the database connection
 * closes (SQLite folds its write-ahead log back into the database file).
 */
export async function startBackgroundWork(options: { deliveryElsewhere?: boolean } = {}): Promise<BackgroundWork> {
  const config = getConfig();
  // Redactions a previous process accepted but did not finish (customers/redact).
  const { resumePendingRedactions } = await import("./models/redaction-jobs.server");
  void resumePendingRedactions().catch(() => undefined);
  const worker =
    config.WORKER === "inline" && !options.deliveryElsewhere
      ? await (await import("./delivery/worker-runtime.server")).startDeliveryWorker()
      : null;
  // Health alert emails (off without SMTP_URL: transitions are still recorded).
  const alerts = (await import("./alerts/alert-loop.server")).startAlertLoop();
  // Meta's quality figures, read once a day per pixel (every instance may run it: the read is claimed).
  const quality = (await import("./quality/quality-loop.server")).startQualityLoop();
  return {
    async stop() {
      await alerts.stop();
      await quality.stop();
      await worker?.stop();
      closeIngestStore();
      await prisma.$disconnect();
      await endProcessPool();
    },
  };
}
