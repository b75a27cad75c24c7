import { getConfig } from "../config.server";
import prisma from "../db.server";
import { sqlDialect } from "../db/dialect.server";
import { listenForNotifications, OUTBOX_DUE_CHANNEL } from "../db/pg-notify.server";
import { createGraphClient } from "../meta/graph-client.server";
import { getSecretBox } from "../secrets/token-encryption.server";
import type { WorkerLog } from "./delivery-context";
import { onOutboxDue } from "../outbox/due-signal.server";
import { createDeliveryWorker } from "./worker.server";

// The composition root of the delivery worker: the only place that reads configuration
// and process globals. Used by the web server (WORKER=inline) and scripts/worker.ts.

/** One JSON line per entry: greppable, and a log shipper can parse it. */
const jsonLog: WorkerLog = (level, message, fields) => {
  const line = JSON.stringify({ at: new Date().toISOString(), level, component: "delivery", message, ...fields });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
};

export async function startDeliveryWorker(
  options: { log?: WorkerLog } = {},
): Promise<{ workerId: string; nudge(): void; stop(): Promise<void> }> {
  const config = getConfig();
  const box = getSecretBox();
  const worker = createDeliveryWorker({
    db: prisma,
    graphClient: createGraphClient({ baseUrl: config.META_GRAPH_API_URL, version: config.META_GRAPH_API_VERSION }),
    openToken: (sealed) => box.open(sealed),
    batchSize: config.DELIVERY_BATCH_SIZE,
    leaseMs: config.DELIVERY_LEASE_SECONDS * 1000,
    retentionDays: config.RETENTION_DAYS,
    log: options.log ?? jsonLog,
  });
  worker.start();
  // In the web process the ingest announces new rows; the worker runs at once instead of at its next poll.
  const unsubscribe = onOutboxDue(() => worker.nudge());
  // On PostgreSQL every process hears every other's ingest (LISTEN/NOTIFY); the poll
  // stays the fallback while the listener is disconnected.
  const log = options.log ?? jsonLog;
  const listener =
    sqlDialect(prisma) === "postgresql"
      ? listenForNotifications(config.DATABASE_URL, OUTBOX_DUE_CHANNEL, () => worker.nudge(), {
          log: (level, message, fields) => log(level, message, { workerId: worker.workerId, ...fields }),
        })
      : null;
  return {
    workerId: worker.workerId,
    nudge: () => worker.nudge(),
    stop: async () => {
      unsubscribe();
      await listener?.stop();
      await worker.stop();
    },
  };
}
