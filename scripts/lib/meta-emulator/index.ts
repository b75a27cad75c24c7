import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { EmulatorContext } from "./context";
import { CONTROL_PREFIX, handleControlRequest } from "./control-routes";
import { createFailureQueue } from "./failure-queue";
import { handleGraphRequest } from "./graph-route";
import { handlePixelRequest, PIXEL_PATH } from "./pixel-route";
import { handleQualityRequest, QUALITY_PATH } from "./quality-route";
import { createRecorder } from "./recorder";
import { handleStatsRequest, STATS_PATH } from "./stats-route";
import type { MetaEmulator, MetaEmulatorOptions } from "./types";

export type * from "./types";
export { MAX_EVENTS_PER_REQUEST, ACTION_SOURCES } from "./validate-events";
export { SHA256_OF_EMPTY_STRING, HASHED_USER_KEYS } from "./validate-user-data";
export { SUBCODE } from "./graph-errors";

/** A local Meta Graph API (Conversions API) that validates like Meta and fails on request. */
export async function startMetaEmulator(options: MetaEmulatorOptions = {}): Promise<MetaEmulator> {
  const now = options.now ?? Date.now;
  let latencyMs = Math.max(0, options.latencyMs ?? 0);
  const timers = new Set<NodeJS.Timeout>();
  let holding = false;
  const held = new Set<() => void>();
  const ctx: EmulatorContext = {
    now,
    recorder: createRecorder(),
    failures: createFailureQueue(now),
    revokedTokens: new Set(options.revokedTokens ?? []),
    tokenAccess: new Map(Object.entries(options.tokenAccess ?? {}).map(([token, pixels]) => [token, new Set(pixels)])),
    pixelNames: new Map(Object.entries(options.pixelNames ?? {})),
    pending: { count: 0 },
    appSecret: options.appSecret,
    quality: new Map(),
    pixelStats: new Map(),
    dedupSpelling: options.dedupSpelling ?? "dedupe_key_feedback",
    latencyMs: () => latencyMs,
    setLatency: (ms) => {
      latencyMs = Math.max(0, ms);
    },
    answer(res, send) {
      if (!holding) return send();
      held.add(send);
      res.on("close", () => held.delete(send));
    },
    schedule(ms, run) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        run();
      }, ms);
      timers.add(timer);
      return () => {
        clearTimeout(timer);
        timers.delete(timer);
      };
    },
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator.local");
    const handle = url.pathname.startsWith(CONTROL_PREFIX)
      ? handleControlRequest
      : QUALITY_PATH.test(url.pathname)
        ? handleQualityRequest
        : PIXEL_PATH.test(url.pathname)
          ? handlePixelRequest
          : STATS_PATH.test(url.pathname)
            ? handleStatsRequest
            : handleGraphRequest;
    handle(ctx, req, res, url).catch((error: unknown) => {
      // A bug in the emulator must be loud in the test that hit it, not a hung socket.
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`meta emulator crashed: ${error instanceof Error ? error.stack : String(error)}`);
    });
  });
  // The benchmark opens many sockets at once; Node's defaults would queue or time them out.
  server.maxConnections = 10_000;
  server.requestTimeout = 0;
  // Node closes an idle keep-alive connection after 5 s; a client that reuses it at that
  // moment gets "fetch failed". On a busy machine a test that seeds rows for 5 s between
  // two batches hit exactly that. Graph's front ends keep connections far longer.
  server.keepAliveTimeout = 120_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | null = null;

  return {
    url: `http://${host}:${address.port}`,
    accepted: () => ctx.recorder.accepted(),
    requests: () => ctx.recorder.requests(),
    pendingRequests: () => ctx.pending.count,
    acceptedCount: (filter) => ctx.recorder.accepted(filter).length,
    stats: () => ctx.recorder.stats(),
    fail: (plan) => ctx.failures.add(plan),
    clearFailures: () => ctx.failures.clear(),
    setLatency: (ms) => ctx.setLatency(ms),
    holdAnswers: () => {
      holding = true;
    },
    releaseAnswers: () => {
      holding = false;
      const waiting = [...held];
      held.clear();
      for (const send of waiting) send();
    },
    revokeToken: (token) => void ctx.revokedTokens.add(token),
    restoreToken: (token) => void ctx.revokedTokens.delete(token),
    grantToken: (token, pixelIds) => void ctx.tokenAccess.set(token, new Set(pixelIds)),
    setPixelName: (pixelId, name) => void ctx.pixelNames.set(pixelId, name),
    setDatasetQuality: (datasetId, config) => void ctx.quality.set(datasetId, config),
    setPixelStats: (pixelId, hours) => void ctx.pixelStats.set(pixelId, hours),
    reset: () => {
      ctx.recorder.clear();
      ctx.failures.clear();
      ctx.quality.clear();
      ctx.pixelStats.clear();
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        // Held (timeout mode), delayed and keep-alive sockets would otherwise keep
        // server.close() waiting for up to holdMs.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
