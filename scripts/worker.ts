// `npm run worker`: the delivery worker as its own process (run the web app with
// WORKER=off). Stops gracefully on SIGTERM/SIGINT: no new requests, in-flight ones
// finish, unsent claims are handed back, then exit 0.
import { existsSync } from "node:fs";

if (existsSync(".env")) process.loadEnvFile(".env");

// The worker's own entry: the delivery modules without the web app's (no admin UI code).
const { startDeliveryWorker, getConfig, prisma, endProcessPool } = await import("../app/delivery/delivery-entry.server");

const worker = await startDeliveryWorker().catch((error: Error) => {
  // A configuration problem is a message for the operator, not a stack trace.
  console.error(error.name === "ConfigError" ? error.message : `tandem worker: could not start: ${error.message}`);
  process.exit(1);
});
console.log(`tandem worker ${worker.workerId} delivering to ${getConfig().META_GRAPH_API_URL} (pid ${process.pid}); Ctrl-C to stop`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`tandem worker: ${signal} received, finishing in-flight requests`);
  try {
    await worker.stop();
    await prisma.$disconnect();
    await endProcessPool();
    process.exit(0);
  } catch (error) {
    console.error("tandem worker: stop failed", error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
