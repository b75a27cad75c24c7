import type { FailureQueue } from "./failure-queue";
import type { Recorder } from "./recorder";
import type { DatasetQualityConfig, PixelStatsHour } from "./types";

/** The emulator's mutable state, passed to the route handlers instead of globals. */
export interface EmulatorContext {
  now: () => number;
  recorder: Recorder;
  failures: FailureQueue;
  revokedTokens: Set<string>;
  /** Tokens granted some pixels (grantToken); who may act on which pixel: token-access.ts. */
  tokenAccess: Map<string, Set<string>>;
  /** The names GET /{pixel_id} answers (default "Pixel <id>"). */
  pixelNames: Map<string, string>;
  /** Requests read (failure plan decided) and not yet answered or cut off. */
  pending: { count: number };
  appSecret?: string;
  /** GET /dataset_quality answers set by tests, per dataset id. */
  quality: Map<string, DatasetQualityConfig>;
  /** GET /{pixel}/stats answers set by tests, per pixel id. */
  pixelStats: Map<string, PixelStatsHour[] | "denied">;
  dedupSpelling: "dedupe_key_feedback" | "dedup_key_feedback";
  latencyMs(): number;
  setLatency(ms: number): void;
  /**
   * Sends a Graph answer now, or keeps it until releaseAnswers() while answers are held
   * (the latency still applies after the release). A held answer whose socket closes is dropped.
   */
  answer(res: { on(event: "close", listener: () => void): unknown }, send: () => void): void;
  /** A timer that close() can cancel, so a held or delayed answer never outlives the server. */
  schedule(ms: number, run: () => void): () => void;
}
