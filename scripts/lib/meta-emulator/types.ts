// Public shapes of the Meta Graph API emulator. Kept in one file so the demo, the
// benchmark and the tests share one vocabulary with the HTTP control surface.

export type FailureMode =
  | "http_500"
  | "http_503"
  | "timeout"
  | "reset"
  | "throttle"
  | "transient"
  | "token"
  | "permission"
  | "blocked"
  | "invalid"
  /** dataset_quality only: a 200 answer with about half of each row's metrics left out. */
  | "partial"
  /** dataset_quality only: the field named by `field` is refused as nonexisting (code 100). */
  | "unknown_field";

export interface FailurePlan {
  mode: FailureMode;
  /** Fail the next N matching requests. Default 1 when neither count nor forMs is given. */
  count?: number;
  /** Fail every matching request for this long, measured on the emulator's clock. */
  forMs?: number;
  /** Graph error code, where the mode allows a choice (throttle: 4, 17, 341, 613; permission: 10, 200-299). */
  code?: number;
  /** Graph error subcode (token: 463 by default; invalid: 2804019 by default). */
  subcode?: number;
  /** Only requests for this pixel fail; others go through. */
  pixelId?: string;
  /** timeout mode: destroy the held socket after this long (default 30 s) so nothing leaks. */
  holdMs?: number;
  /** Override the HTTP status of a Graph error answer (Meta mostly uses 400). */
  status?: number;
  /** Which endpoint the plan fails: /events (the default), GET /dataset_quality, GET /{pixel_id} (the token check) or GET /{pixel_id}/stats. */
  endpoint?: "events" | "dataset_quality" | "pixel" | "stats";
  /** unknown_field mode: the field this Graph version "does not know" (default: the dedup field). */
  field?: string;
}

/** One `web[]` row of a Dataset Quality API answer, as Meta sends it (every field optional but the name). */
export interface DatasetQualityRow {
  event_name: string;
  [field: string]: unknown;
}

/** What GET /dataset_quality answers for one dataset: per agent_name (normalized), and unfiltered. */
export interface DatasetQualityConfig {
  all?: DatasetQualityRow[];
  agents?: Record<string, DatasetQualityRow[]>;
}

/** One hour of GET /{pixel}/stats?aggregation=event: its start ("2026-12-01T09:00:00+0000") and the count per event name. */
export interface PixelStatsHour {
  start_time: string;
  data: Array<{ value: string; count: number }>;
}

export interface AcceptedEvent {
  pixelId: string;
  testEventCode?: string;
  /** The event exactly as received. */
  event: Record<string, unknown>;
  /** Emulator clock (ms) when the request was accepted. */
  receivedAt: number;
  /** The fbtrace_id of the answer that accepted it, to match the app's attempt log. */
  fbtraceId: string;
  /** The request's partner_agent, when it had one (dataset_quality filters on it). */
  partnerAgent?: string;
}

export interface RecordedRequest {
  /** Emulator clock (ms) when the request arrived. */
  at: number;
  method: string;
  path: string;
  /** "" when the path was not a Graph events path. */
  pixelId: string;
  version: string;
  /** Length of `data` when it was an array, else 0. */
  eventCount: number;
  /** HTTP status answered; 0 when no answer was sent (timeout, reset, client gone). */
  status: number;
  errorCode?: number;
  errorSubcode?: number;
  /** Set when a queued failure plan decided the answer. */
  failure?: FailureMode;
  testEventCode?: string;
  fbtraceId?: string;
  /** dataset_quality: the agent_name asked for, if any. */
  agentName?: string;
  /** Wall-clock time from arrival to answer (or to the socket closing). */
  durationMs: number;
}

export interface AcceptedFilter {
  pixelId?: string;
  eventName?: string;
  eventId?: string;
}

export interface DuplicateKey {
  pixelId: string;
  eventName: string;
  eventId: string;
  count: number;
}

export interface EmulatorStats {
  requests: number;
  acceptedEvents: number;
  /** Accepted events beyond the first per (pixel, event_name, event_id). */
  duplicates: number;
  duplicateKeys: DuplicateKey[];
  byStatus: Record<string, number>;
  byErrorCode: Record<string, number>;
  acceptedByEventName: Record<string, number>;
  acceptedByPixel: Record<string, number>;
}

export interface MetaEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Delay before every Graph API answer. */
  latencyMs?: number;
  /** Millisecond clock used for event_time checks, forMs periods and timestamps. */
  now?: () => number;
  revokedTokens?: string[];
  /** Tokens granted these pixels alone; a pixel granted to some token refuses every other (token-access.ts). */
  tokenAccess?: Record<string, string[]>;
  /** Pixel names GET /{pixel_id} answers (default "Pixel <id>"). */
  pixelNames?: Record<string, string>;
  /** When set, every request must carry appsecret_proof = hex HMAC-SHA256(key = secret, token). */
  appSecret?: string;
  /**
   * Which spelling of the dedup field GET /dataset_quality knows: Meta's examples say
   * dedupe_key_feedback (the default), its field table dedup_key_feedback. The other is
   * refused as a nonexisting field.
   */
  dedupSpelling?: "dedupe_key_feedback" | "dedup_key_feedback";
}

export interface MetaEmulator {
  /** Base URL, e.g. "http://127.0.0.1:4010": the app's META_GRAPH_API_URL. */
  url: string;
  accepted(): AcceptedEvent[];
  requests(): RecordedRequest[];
  /**
   * Requests whose body was read and whose failure plan (if any) was taken, but not yet
   * answered or cut off (held in timeout mode, or waiting on latency). Tests wait on it
   * ("the request has reached Meta") instead of sleeping.
   */
  pendingRequests(): number;
  acceptedCount(filter?: AcceptedFilter): number;
  stats(): EmulatorStats;
  fail(plan: FailurePlan): void;
  clearFailures(): void;
  setLatency(ms: number): void;
  /**
   * Keep every Graph events answer (success or error) from now on until releaseAnswers():
   * a test decides when "Meta" answers instead of guessing a latency long enough.
   * Held requests count in pendingRequests().
   */
  holdAnswers(): void;
  releaseAnswers(): void;
  revokeToken(token: string): void;
  restoreToken(token: string): void;
  /** From now on the token may act on these pixels alone, and they refuse tokens not granted them: code 100, subcode 33. */
  grantToken(token: string, pixelIds: string[]): void;
  /** The name GET /{pixel_id} answers for this pixel. */
  setPixelName(pixelId: string, name: string): void;
  /** What GET /dataset_quality answers for this dataset (replaces the answer derived from accepted events). */
  setDatasetQuality(datasetId: string, config: DatasetQualityConfig): void;
  /**
   * What GET /{pixel}/stats answers for this pixel: hours of counts (replacing the counts
   * derived from accepted events), or "denied" (the token may not read the pixel: (#100) 33).
   */
  setPixelStats(pixelId: string, hours: PixelStatsHour[] | "denied"): void;
  /** Forget recorded requests, accepted events, failure plans, quality and stats answers (not latency or revoked tokens). */
  reset(): void;
  close(): Promise<void>;
}
