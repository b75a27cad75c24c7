import { performance } from "node:perf_hooks";
import { classifyNetworkError, parseGraphResponse, type GraphResult } from "../capi";

// The one place Tandem talks to Meta's Graph API. It never throws: every outcome,
// including a dead network, comes back as a GraphResult the worker can act on.

/**
 * 10 s. Meta suggests 1.5 s because most answers take under 600 ms, but that advice is
 * for a single event sent from a user's request. Here nobody waits on us, a request may
 * carry 500+ events (hundreds of kB to upload and validate), and a timeout is the one
 * failure that can double count: Meta may have accepted a request whose answer we gave up
 * on, and resending it is then a second copy. Waiting longer costs only worker latency.
 */
export const DEFAULT_GRAPH_TIMEOUT_MS = 10_000;

/** Identifies Tandem in Meta's partner reports. */
export const PARTNER_AGENT = "tandem";

export type SendEventsInput = {
  pixelId: string;
  accessToken: string;
  events: readonly object[];
  testEventCode?: string | null;
};

export type SendEventsOutcome = {
  result: GraphResult;
  durationMs: number;
  /** null when no HTTP answer arrived (network error, timeout). */
  httpStatus: number | null;
};

export type GraphClient = { sendEvents(input: SendEventsInput): Promise<SendEventsOutcome> };

export type GraphClientOptions = {
  baseUrl: string;
  version: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
};

export function createGraphClient({
  baseUrl,
  version,
  timeoutMs = DEFAULT_GRAPH_TIMEOUT_MS,
  fetchImpl = fetch,
}: GraphClientOptions): GraphClient {
  const root = baseUrl.replace(/\/+$/, "");
  return {
    async sendEvents({ pixelId, accessToken, events, testEventCode }) {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      // The token travels in the body, never in the URL: URLs end up in proxy and error logs.
      const body: Record<string, unknown> = { data: events, access_token: accessToken, partner_agent: PARTNER_AGENT };
      if (testEventCode) body.test_event_code = testEventCode;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new TimeoutError(timeoutMs)), timeoutMs);
      try {
        const response = await fetchImpl(`${root}/${version}/${encodeURIComponent(pixelId)}/events`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify(body),
          signal: controller.signal,
        });
        // The timeout covers the body too: a server can stall after the headers.
        const text = await response.text();
        const result = parseGraphResponse(response.status, parseJson(text), events.length);
        return { result, durationMs: elapsed(), httpStatus: response.status };
      } catch (error) {
        const reason = controller.signal.aborted ? controller.signal.reason : error;
        return { result: classifyNetworkError(reason), durationMs: elapsed(), httpStatus: null };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

class TimeoutError extends Error {
  name = "TimeoutError";
  constructor(ms: number) {
    super(`no answer from Meta within ${ms} ms`);
  }
}

/** Non-JSON bodies (a load balancer's HTML 503) become null, which the parser treats as unrecognised. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
