import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { EmulatorContext } from "./context";
import { graphReply, type RequestDraft } from "./graph-reply";
import { graphError, missingTokenError, newFbtraceId, noSuchObjectError, tokenError } from "./graph-errors";
import { findAccessToken } from "./read-request";
import { tokenMayActOn } from "./token-access";

// GET /{version}/{pixel_id}?fields=id,name: reading the pixel (Meta's AdsPixel node). A
// harmless call that proves a token may act on that pixel, as Meta answers it:
// - no token, or one Meta cannot parse: code 190 (OAuthException);
// - a revoked token: code 190, subcode 460;
// - a token without access to the pixel (or a pixel that does not exist): code 100,
//   subcode 33, "Unsupported get request. Object with ID ... does not exist, cannot be
//   loaded due to missing permissions, or does not support this operation";
// - otherwise 200 with the requested fields (id, name, creation_time).
// Which pixels a token may read is set with grantToken (token-access.ts).

export const PIXEL_PATH = /^\/(v\d+\.\d+)\/(\d+)\/?$/;
const REVOKED_TOKEN_SUBCODE = 460;
const PIXEL_FIELDS = new Set(["id", "name", "creation_time"]);

export async function handlePixelRequest(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const startedAt = performance.now();
  const [, version, pixelId] = PIXEL_PATH.exec(url.pathname) ?? ["", "", ""];
  const draft: RequestDraft = {
    at: ctx.now(),
    method: req.method ?? "GET",
    path: url.pathname,
    pixelId,
    version,
    eventCount: 0,
  };
  const { send, fail, failAsPlanned } = graphReply(ctx, res, draft, startedAt);

  const method = draft.method.toLowerCase();
  if (method !== "get") return fail(noSuchObjectError(method, pixelId));
  const plan = ctx.failures.take(pixelId, "pixel");
  if (plan) {
    return failAsPlanned(plan, req);
  }

  const token = findAccessToken({}, url, req.headers.authorization);
  if (token === undefined) return fail(missingTokenError());
  if (ctx.revokedTokens.has(token)) return fail(tokenError(REVOKED_TOKEN_SUBCODE));
  // Meta's user and system-user tokens all begin with EAA; anything else does not parse.
  if (!/^EAA[A-Za-z0-9_-]+$/.test(token))
    return fail(graphError({ message: "Invalid OAuth access token - Cannot parse access token", type: "OAuthException", code: 190 }));
  if (!tokenMayActOn(ctx, token, pixelId)) return fail(noSuchObjectError(method, pixelId));

  const asked = (url.searchParams.get("fields") ?? "id,name").split(",").map((field) => field.trim());
  const unknown = asked.find((field) => !PIXEL_FIELDS.has(field));
  if (unknown)
    return fail(
      graphError({
        message: `(#100) Tried accessing nonexisting field (${unknown}) on node type (AdsPixel)`,
        type: "OAuthException",
        code: 100,
      }),
    );
  const pixel: Record<string, string> = {
    id: pixelId,
    name: ctx.pixelNames.get(pixelId) ?? `Pixel ${pixelId}`,
    creation_time: "2024-03-01T09:00:00+0000",
  };
  draft.fbtraceId = newFbtraceId();
  send(200, Object.fromEntries(asked.map((field) => [field, pixel[field]])));
}
