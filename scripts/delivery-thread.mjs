// The inline delivery worker's thread (WORKER=inline; started by scripts/start.mjs): the
// delivery worker on its own event loop and database connection, so the web thread's
// event loop answers webhooks without waiting for deliveries
// (app/delivery/delivery-thread.server.ts). It loads the worker's own bundle, not the web
// app's (app/delivery/delivery-entry.server.ts says why).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parentPort } from "node:worker_threads";

const delivery = await import(pathToFileURL(path.resolve("build", "delivery", "index.js")).href);
await delivery.runDeliveryThread(parentPort);
