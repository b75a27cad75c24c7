import { getConfig } from "./config.server";

export type BackgroundWork = { stop(): Promise<void> };

/**
 * Started by the HTTP server (scripts/start.mjs) once it listens. With WORKER=inline the
 * delivery worker runs in this process; with WORKER=off a separate `npm run worker` does.
 */
export async function startBackgroundWork(): Promise<BackgroundWork> {
  const config = getConfig();
  if (config.WORKER === "off") return { stop: async () => {} };
  const { startDeliveryWorker } = await import("./delivery/worker-runtime.server");
  return startDeliveryWorker();
}
