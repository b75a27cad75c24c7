import type { MessagePort } from "node:worker_threads";
import prisma, { endProcessPool } from "../db.server";
import { startDeliveryWorker } from "./worker-runtime.server";

// With WORKER=inline the web process delivers too, but not on the event loop that answers
// Shopify: scripts/start.mjs starts this on a worker thread (scripts/delivery-thread.mjs)
// with its own database connection. The worker's claims and settlements are synchronous
// SQLite calls and Prisma's query handling; on the web's event loop every webhook that
// arrived meanwhile waited for them (docs/benchmarks.md, change log, 2026-12-02).
//
// Messages from the web thread: "due" (the ingest stored new rows: app/outbox/due-signal)
// and "stop" (graceful stop: in-flight requests finish, unsent claims are released, the
// connection closes; answered with "stopped").

export type DeliveryThreadMessage = "due" | "stop";

export async function runDeliveryThread(port: MessagePort): Promise<void> {
  const worker = await startDeliveryWorker();
  let stopping: Promise<void> | null = null;
  port.on("message", (message: DeliveryThreadMessage) => {
    if (message === "due") worker.nudge();
    if (message === "stop") {
      stopping ??= worker
        .stop()
        .then(() => prisma.$disconnect())
        .then(() => endProcessPool())
        .finally(() => port.postMessage("stopped"));
    }
  });
  port.postMessage("started");
}
