import { EventEmitter } from "node:events";

/**
 * In-process notice that new rows are due. With WORKER=inline the worker sleeps between
 * polls; the ingest nudges it so an event leaves within milliseconds instead of at the
 * next poll. A separate worker process does not hear it and simply polls.
 */
const signal = new EventEmitter();
signal.setMaxListeners(20);

export function notifyOutboxDue(): void {
  signal.emit("due");
}

export function onOutboxDue(listener: () => void): () => void {
  signal.on("due", listener);
  return () => signal.off("due", listener);
}
