import { classifyGraphErrorCode, classifyNetworkError } from "../capi";
import { nonexistingField, qualityFields, toQualityEvents, type QualityEvent } from "./dataset-quality";
import { DEFAULT_GRAPH_TIMEOUT_MS } from "./graph-client.server";

// Reads Meta's Dataset Quality API for one dataset (pixel), filtered to an agent name or
// not. Never throws: every outcome is a QualityRead the job stores and the admin explains.
// The token travels in the Authorization header, never in the URL (URLs reach logs).

export type QualityFailure = "permission" | "token" | "rate_limited" | "transient" | "invalid";

export type QualityReadResult =
  | { ok: true; events: QualityEvent[]; notRequested: string[]; httpStatus: number }
  | {
      ok: false;
      kind: QualityFailure;
      code: number | null;
      subcode: number | null;
      message: string;
      fbtraceId: string | null;
      httpStatus: number | null;
    };

export type QualityClient = {
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

  async function get(url: URL, accessToken: string): Promise<{ status: number; body: unknown } | { networkError: unknown }> {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(Object.assign(new Error(`no answer from Meta within ${timeoutMs} ms`), { name: "TimeoutError" })),
      timeoutMs,
    );
    try {
      const response = await fetchImpl(url, {
        headers: { accept: "application/json", authorization: `Bearer ${accessToken}` },
        signal: controller.signal,
      });
      const text = await response.text();
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
      return { status: response.status, body };
    } catch (error) {
      return { networkError: controller.signal.aborted ? controller.signal.reason : error };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
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
        if ("networkError" in answer) {
          const network = classifyNetworkError(answer.networkError);
          return {
            ok: false,
            kind: "transient",
            code: null,
            subcode: null,
            message: network.ok ? "" : network.message,
            fbtraceId: null,
            httpStatus: null,
          };
        }
        const error = graphError(answer.body);
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
          else return failure(answer.status, error);
          continue;
        }
        return failure(answer.status, error);
      }
    },
  };
}

type GraphErrorBody = { code?: number; error_subcode?: number; message?: string; is_transient?: boolean; fbtrace_id?: string };

function graphError(body: unknown): GraphErrorBody | null {
  if (!body || typeof body !== "object" || !("error" in body)) return null;
  const error = (body as { error: unknown }).error;
  return error && typeof error === "object" ? (error as GraphErrorBody) : null;
}

// Marketing API rate limits (business use case): 80000-80014; 613, 4, 17 as for /events.
const isRateLimit = (code: number | undefined) =>
  code !== undefined && ((code >= 80000 && code <= 80014) || code === 4 || code === 17 || code === 32 || code === 341 || code === 613);

function failure(httpStatus: number, error: GraphErrorBody | null): QualityReadResult {
  const code = typeof error?.code === "number" ? error.code : null;
  const subcode = typeof error?.error_subcode === "number" ? error.error_subcode : null;
  const message = String(error?.message ?? `Unrecognised answer from Meta (HTTP ${httpStatus}).`).slice(0, 500);
  const base = { code, subcode, message, fbtraceId: typeof error?.fbtrace_id === "string" ? error.fbtrace_id : null, httpStatus };
  if (!error) return { ok: false, kind: httpStatus === 429 ? "rate_limited" : "transient", ...base };
  if (isRateLimit(code ?? undefined)) return { ok: false, kind: "rate_limited", ...base };
  if (code === 190 || code === 102) return { ok: false, kind: "token", ...base };
  // (#10), (#200)-(#299), and "cannot be loaded due to missing permissions" (100/33).
  if (code === 10 || code === 3 || (code !== null && code >= 200 && code <= 299) || (code === 100 && subcode === 33))
    return { ok: false, kind: "permission", ...base };
  const cls = classifyGraphErrorCode(code ?? undefined, error.is_transient === true);
  return { ok: false, kind: cls === "transient" || cls === "throttled" ? "transient" : "invalid", ...base };
}
