import { z } from "zod";

// Meta Graph API answers to POST /{pixel}/events, parsed into a discriminated result.
// Classification follows Meta's table of error codes and is by error code, not HTTP status
// (Meta answers 400 even for throttling).

export type GraphFailureClass = "transient" | "throttled" | "invalid" | "auth" | "blocked";

export type GraphResult =
  | { ok: true; eventsReceived: number; messages: unknown[]; fbtraceId?: string }
  | {
      ok: false;
      classification: GraphFailureClass;
      code?: number;
      subcode?: number;
      message: string;
      fbtraceId?: string;
      httpStatus: number;
      /** Set when Meta acknowledged fewer events than were sent. */
      eventsReceived?: number;
    };

const successSchema = z.looseObject({
  events_received: z.number().int().nonnegative(),
  messages: z.array(z.unknown()).optional().default([]),
  fbtrace_id: z.string().optional(),
});

const errorSchema = z.looseObject({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().int().optional(),
    error_subcode: z.number().int().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    is_transient: z.boolean().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

const THROTTLING = new Set([4, 17, 341, 613]);
const AUTH = new Set([190, 102, 10, 3]);
const SERVICE = new Set([1, 2]);
/**
 * Code 100 subcode 33: "Object with ID ... does not exist, cannot be loaded due to missing
 * permissions". On a send it is the token that may not act on the pixel (or a wrong pixel
 * id), never an event's fault: every event to that pixel would meet it, so it pauses like
 * a refused token and the events wait for the merchant's fix instead of failing.
 */
const NO_ACCESS_SUBCODE = 33;

export function classifyGraphErrorCode(code: number | undefined, isTransient: boolean, subcode?: number): GraphFailureClass {
  if (code !== undefined && THROTTLING.has(code)) return "throttled";
  if (code === 368) return "blocked";
  if (code !== undefined && (AUTH.has(code) || (code >= 200 && code <= 299))) return "auth";
  if (code === 100 && subcode === NO_ACCESS_SUBCODE) return "auth";
  if (isTransient || (code !== undefined && SERVICE.has(code))) return "transient";
  if (code === 100) return "invalid";
  // An unknown code is retried with backoff rather than declared invalid: a retry costs
  // an attempt, a wrong "invalid" would quarantine good events. Expiry still ends it.
  return "transient";
}

/**
 * @param sentCount how many events the request carried. Meta documents all-or-nothing,
 * so events_received != sentCount is not a success we understand: it is reported as
 * "invalid" with eventsReceived set, and the caller must not blindly resend (some of
 * those events may have been accepted, and server-side dedup is unconfirmed).
 */
export function parseGraphResponse(httpStatus: number, body: unknown, sentCount?: number): GraphResult {
  const error = errorSchema.safeParse(body);
  if (error.success) {
    const e = error.data.error;
    return {
      ok: false,
      classification: classifyGraphErrorCode(e.code, e.is_transient === true, e.error_subcode),
      code: e.code,
      subcode: e.error_subcode,
      message: e.error_user_msg ?? e.message ?? `Graph API error ${e.code ?? "without code"}`,
      fbtraceId: e.fbtrace_id,
      httpStatus,
    };
  }
  const success = successSchema.safeParse(body);
  if (success.success && httpStatus >= 200 && httpStatus < 300) {
    const { events_received: eventsReceived, messages, fbtrace_id: fbtraceId } = success.data;
    if (sentCount !== undefined && eventsReceived !== sentCount) {
      return {
        ok: false,
        classification: "invalid",
        message: `Meta acknowledged ${eventsReceived} of ${sentCount} events.`,
        fbtraceId,
        httpStatus,
        eventsReceived,
      };
    }
    return { ok: true, eventsReceived, messages, fbtraceId };
  }
  if (httpStatus === 429) {
    return { ok: false, classification: "throttled", message: "HTTP 429 without a Graph error body.", httpStatus };
  }
  return {
    ok: false,
    classification: "transient",
    message: `Unrecognised Graph API answer (HTTP ${httpStatus}).`,
    httpStatus,
  };
}

/** A fetch that threw (DNS, reset, timeout): always worth retrying. */
export function classifyNetworkError(err: unknown): GraphResult {
  const name = err instanceof Error ? err.name : "";
  const raw = err instanceof Error ? err.message : String(err);
  // Never let a token that leaked into an error message reach logs or the database.
  const message = raw.replace(/(access_token|appsecret_proof)=[^&\s]+/gi, "$1=[redacted]").slice(0, 500);
  const timeout = name === "AbortError" || name === "TimeoutError";
  return {
    ok: false,
    classification: "transient",
    message: timeout ? `Request timed out: ${message}` : `Network error: ${message}`,
    httpStatus: 0,
  };
}
