// The inline delivery worker's thread (WORKER=inline; started by scripts/start.mjs): the
// built app's delivery worker on its own event loop and database connection, so the web
// thread's event loop answers webhooks without waiting for deliveries
// (app/delivery/delivery-thread.server.ts).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parentPort } from "node:worker_threads";

const build = await import(pathToFileURL(path.resolve("build", "index.js")).href);
await build.entry.module.runDeliveryThread(parentPort);
