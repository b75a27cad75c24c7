import { getConfig } from "../config.server";
import { createQualityClient } from "../meta/dataset-quality.server";
import { getSecretBox } from "../secrets/token-encryption.server";
import { pruneQuality, runDailyQualityReads, type QualityDeps } from "./quality-reads.server";

// The daily read of Meta's Dataset Quality API. Every instance may run this loop: the
// claim (one QualityRead row per pixel and UTC day) makes one of them read each pixel.
// A round every 15 minutes finds the pixels not read yet today (a new day, a new pixel,
// a read that failed for a passing reason). An error is logged; the next round runs.

const INTERVAL_MS = 15 * 60_000;

/** The composition root of quality reads: the route, the loop and the CLI build deps here. */
export function qualityDeps(now: Date): QualityDeps {
  const config = getConfig();
  const box = getSecretBox();
  return {
    client: createQualityClient({ baseUrl: config.META_GRAPH_API_URL, version: config.META_GRAPH_API_VERSION }),
    openToken: (sealed) => box.open(sealed),
    now,
  };
}

export function startQualityLoop(options: { intervalMs?: number; log?: (message: string) => void } = {}): { stop(): Promise<void> } {
  const log = options.log ?? ((message: string) => console.error(message));
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const round = () => {
    if (running || stopped) return;
    const now = new Date();
    running = runDailyQualityReads(qualityDeps(now))
      .then(() => pruneQuality(now, getConfig().RETENTION_DAYS))
      .catch((error: unknown) =>
        log(JSON.stringify({ at: now.toISOString(), level: "error", component: "quality", message: (error as Error)?.name ?? "error" })),
      )
      .finally(() => (running = null));
  };
  const first = setTimeout(round, 30_000);
  first.unref();
  const timer = setInterval(round, options.intervalMs ?? INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
