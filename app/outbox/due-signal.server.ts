import { EventEmitter } from "node:events";
import prisma from "../db.server";
import { sqlDialect } from "../db/dialect.server";
import { notify, OUTBOX_DUE_CHANNEL } from "../db/pg-notify.server";

/**
 * Notice that new rows are due. With WORKER=inline the worker sleeps between polls; the
 * ingest nudges it so an event leaves within milliseconds instead of at the next poll.
 * On PostgreSQL the notice also goes to every other process (NOTIFY; separate workers
 * LISTEN, app/delivery/worker-runtime.server.ts). On SQLite a separate worker process
 * does not hear it and simply polls.
 */
const signal = new EventEmitter();
signal.setMaxListeners(20);

let sending = false;
let again = false;

export function notifyOutboxDue(): void {
  signal.emit("due");
  if (sqlDialect(prisma) === "postgresql") sendNotification();
}

// At most one NOTIFY in flight per process; a burst of ingests while it is in flight
// becomes one more. A failed NOTIFY is not an error: the workers' poll finds the rows.
function sendNotification(): void {
  if (sending) {
    again = true;
    return;
  }
  sending = true;
  notify(prisma, OUTBOX_DUE_CHANNEL)
    .catch(() => {})
    .finally(() => {
      sending = false;
      if (again) {
        again = false;
        sendNotification();
      }
    });
}

export function onOutboxDue(listener: () => void): () => void {
  signal.on("due", listener);
  return () => signal.off("due", listener);
}
