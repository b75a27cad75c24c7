import { tokenProblem, type TokenProblem } from "./token-problem";

// The check made when a token is connected (Settings, `tandem shop configure`): reading
// the pixel, GET /{version}/{pixel_id}?fields=id,name, with the token. It sends nothing
// and changes nothing at Meta, and Meta answers it only when the token may act on that
// pixel: a token Meta cannot parse, an expired or revoked one, or one made for another
// pixel is refused (codes 190, 10, 200-299, or 100 subcode 33).

export type PixelCheck =
  | { kind: "ok"; name: string | null }
  | { kind: "refused"; problem: TokenProblem; code: number }
  /** No answer, or one that says nothing about the token (5xx, throttling, an unknown code). */
  | { kind: "unknown" };

export type PixelCheckOptions = { baseUrl: string; version: string; timeoutMs?: number; fetchImpl?: typeof fetch };

/** 5 s: a merchant is waiting on the page, and no answer only means "not checked yet". */
const DEFAULT_TIMEOUT_MS = 5_000;

export async function checkPixelAccess(
  { baseUrl, version, timeoutMs = DEFAULT_TIMEOUT_MS, fetchImpl = fetch }: PixelCheckOptions,
  { pixelId, accessToken }: { pixelId: string; accessToken: string },
): Promise<PixelCheck> {
  const url = `${baseUrl.replace(/\/+$/, "")}/${version}/${encodeURIComponent(pixelId)}?fields=id,name`;
  try {
    // The token travels in a header, never in the URL: URLs end up in proxy and error logs.
    const response = await fetchImpl(url, {
      headers: { accept: "application/json", authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (response.ok && body && body.id === pixelId) return { kind: "ok", name: typeof body.name === "string" ? body.name : null };
    const error = body && typeof body.error === "object" && body.error !== null ? (body.error as Record<string, unknown>) : null;
    const code = typeof error?.code === "number" ? error.code : null;
    const subcode = typeof error?.error_subcode === "number" ? error.error_subcode : null;
    const problem = tokenProblem(code, subcode);
    return problem && code !== null ? { kind: "refused", problem, code } : { kind: "unknown" };
  } catch {
    return { kind: "unknown" };
  }
}
