// The delivery worker's own entry, without the web app: the inline delivery thread loads
// its bundle (build/delivery/index.js, scripts/delivery-thread.mjs) and `npm run worker`
// starts from it. The thread used to load the whole server bundle (build/index.js), and
// with it Polaris, the charts and every route it never runs: about a second of CPU at
// start and a hundred MB of peak memory (docs/benchmarks.md). Nothing reached from here
// may be admin UI code; tests/foundation/delivery-entry.test.ts checks the module graph.
export { runDeliveryThread } from "./delivery-thread.server";
export { startDeliveryWorker } from "./worker-runtime.server";
export { getConfig } from "../config.server";
export { default as prisma, endProcessPool } from "../db.server";
