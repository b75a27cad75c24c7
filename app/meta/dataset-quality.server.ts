import { nonexistingField, qualityFields, toQualityEvents, type QualityEvent } from "./dataset-quality";
import { DEFAULT_GRAPH_TIMEOUT_MS } from "./graph-client.server";
import { graphErrorOf, graphGet, networkFailure, readFailure, type ReadFailure } from "./graph-read.server";
import { createPixelStatsReader, type PixelStatsReader } from "./pixel-stats.server";

// Reads Meta's Dataset Quality API for one dataset (pixel), filtered to an agent name or
// not. Never throws: every outcome is a QualityRead the job stores and the admin explains.
// The token travels in the Authorization header, never in the URL (URLs reach logs).

export type { QualityFailure } from "./graph-read.server";

export type QualityReadResult = { ok: true; events: QualityEvent[]; notRequested: string[]; httpStatus: number } | ReadFailure;

export type QualityClient = PixelStatsReader & {
  readDatasetQuality(input: { datasetId: string; accessToken: string; agentName?: string }): Promise<QualityReadResult>;
};

type Dedup = "dedupe_key_feedback" | "dedup_key_feedback" | null;
const MAX_FIELD_RETRIES = 4;

export function createQualityClient({
  baseUrl,
  version,
  timeoutMs = DEFAULT_GRAPH_TIMEOUT_MS,
  fetchImpl = fetch,
}: {
  baseUrl: string;
  version: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}): QualityClient {
  const root = baseUrl.replace(/\/+$/, "");
  const get = (url: URL, accessToken: string) => graphGet(url, accessToken, timeoutMs, fetchImpl);

  return {
    ...createPixelStatsReader({ root, version, get }),
    async readDatasetQuality({ datasetId, accessToken, agentName }) {
      // Meta's page spells the dedup field two ways; a field Meta does not know is
      // refused with code 100 naming it: try the other spelling, then go without it.
      let dedup: Dedup = "dedupe_key_feedback";
      const notRequested: string[] = [];
      for (let attempt = 0; ; attempt++) {
        const url = new URL(`${root}/${version}/dataset_quality`);
        url.searchParams.set("dataset_id", datasetId);
        if (agentName) url.searchParams.set("agent_name", agentName);
        url.searchParams.set("fields", qualityFields(dedup, notRequested));
        const answer = await get(url, accessToken);
        if ("networkError" in answer) return networkFailure(answer.networkError);
        const error = graphErrorOf(answer.body);
        if (!error && answer.status >= 200 && answer.status < 300 && answer.body && typeof answer.body === "object") {
          return { ok: true, events: toQualityEvents(answer.body), notRequested, httpStatus: answer.status };
        }
        // A field this Graph version does not know: ask again without it (the dedup field
        // first with Meta's other spelling). "event_name" is the one field never dropped.
        const field = error?.code === 100 ? nonexistingField(error.message) : null;
        if (field && field !== "event_name" && attempt < MAX_FIELD_RETRIES) {
          if (field === "dedupe_key_feedback" && dedup === "dedupe_key_feedback") dedup = "dedup_key_feedback";
          else if (field === dedup) {
            dedup = null;
            notRequested.push("dedup_key_feedback");
          } else if (!notRequested.includes(field)) notRequested.push(field);
          else return readFailure(answer.status, error);
          continue;
        }
        return readFailure(answer.status, error);
      }
    },
  };
}
