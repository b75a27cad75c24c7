import { classifyGraphErrorCode, classifyNetworkError } from "../capi";

// What Tandem's reads from Graph share (the Dataset Quality API and the pixel's stats
// edge): a GET with the token in the Authorization header (never in the URL, which
// reaches logs), a timeout, and failures sorted into kinds the admin explains in words.

export type QualityFailure = "permission" | "token" | "rate_limited" | "transient" | "invalid";

export type ReadFailure = {
  ok: false;
  kind: QualityFailure;
  code: number | null;
  subcode: number | null;
  message: string;
  fbtraceId: string | null;
  httpStatus: number | null;
};

export type GraphAnswer = { status: number; body: unknown } | { networkError: unknown };
export type GraphGet = (url: URL, accessToken: string) => Promise<GraphAnswer>;

export async function graphGet(url: URL, accessToken: string, timeoutMs: number, fetchImpl: typeof fetch): Promise<GraphAnswer> {
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

export function networkFailure(networkError: unknown): ReadFailure {
  const network = classifyNetworkError(networkError);
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

export type GraphErrorBody = { code?: number; error_subcode?: number; message?: string; is_transient?: boolean; fbtrace_id?: string };

export function graphErrorOf(body: unknown): GraphErrorBody | null {
  if (!body || typeof body !== "object" || !("error" in body)) return null;
  const error = (body as { error: unknown }).error;
  return error && typeof error === "object" ? (error as GraphErrorBody) : null;
}

// Marketing API rate limits (business use case): 80000-80014; 613, 4, 17 as for /events.
const isRateLimit = (code: number | undefined) =>
  code !== undefined && ((code >= 80000 && code <= 80014) || code === 4 || code === 17 || code === 32 || code === 341 || code === 613);

export function readFailure(httpStatus: number, error: GraphErrorBody | null): ReadFailure {
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
