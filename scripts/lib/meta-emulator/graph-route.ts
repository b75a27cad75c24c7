import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { EmulatorContext } from "./context";
import { failureAnswer } from "./failure-answer";
import {
  type GraphError,
  invalidParameterError,
  invalidProofError,
  missingTokenError,
  newFbtraceId,
  noSuchObjectError,
  SUBCODE,
  tokenError,
  unknownPathError,
  unsupportedMethodError,
} from "./graph-errors";
import { findAccessToken, hasValidProof, parseEventsBody, readRawBody } from "./read-request";
import type { FailurePlan, RecordedRequest } from "./types";
import { findRequestProblem } from "./validate-events";
import { tokenMayActOn } from "./token-access";

const EVENTS_PATH = /^\/(v\d+\.\d+)\/([^/]+)\/events\/?$/;
const PIXEL_ID = /^\d+$/;
// Meta's answer to a token revoked by the user (password change / session invalidated).
const REVOKED_TOKEN_SUBCODE = 460;
const DEFAULT_HOLD_MS = 30_000;

type Draft = Omit<RecordedRequest, "status" | "durationMs">;

/** POST /{version}/{pixel_id}/events and every other non-control path. */
export async function handleGraphRequest(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const startedAt = performance.now();
  const draft: Draft = { at: ctx.now(), method: req.method ?? "GET", path: url.pathname, pixelId: "", version: "", eventCount: 0 };
  // One place records every request, whether it was answered, held or cut off. An answer
  // is recorded on "finish" (handed to the socket), before the client can read it, so a
  // test that checks requests() right after its call returns sees it; "close" alone
  // could come after the client's promise resolved.
  let recorded = false;
  const record = () => {
    if (recorded) return;
    recorded = true;
    const status = res.writableFinished ? res.statusCode : 0;
    ctx.recorder.recordRequest({ ...draft, status, durationMs: performance.now() - startedAt });
  };
  res.on("finish", record);
  res.on("close", record);

  const match = EVENTS_PATH.exec(url.pathname);
  if (!match || !PIXEL_ID.test(match[2])) return sendError(ctx, res, draft, 404, unknownPathError(url.pathname));
  draft.version = match[1];
  draft.pixelId = match[2];
  if (draft.method !== "POST") return sendError(ctx, res, draft, 400, unsupportedMethodError(draft.method));

  const raw = await readRawBody(req);
  const parsed = raw === null ? null : parseEventsBody(raw, req.headers["content-type"]);
  const body = parsed?.ok ? parsed.body : {};
  if (Array.isArray(body.data)) draft.eventCount = body.data.length;
  if (typeof body.test_event_code === "string") draft.testEventCode = body.test_event_code;

  const plan = ctx.failures.take(draft.pixelId, "events");
  ctx.pending.count += 1;
  let settled = false;
  const settle = () => {
    if (!settled) ctx.pending.count -= 1;
    settled = true;
  };
  res.on("finish", settle);
  res.on("close", settle);
  if (plan) return applyFailure(ctx, req, res, draft, plan);

  if (parsed === null)
    return sendError(ctx, res, draft, 400, invalidParameterError(SUBCODE.malformedData, "The request body is too large"));
  if (!parsed.ok) return sendError(ctx, res, draft, 400, invalidParameterError(SUBCODE.malformedData, parsed.message));

  const token = findAccessToken(body, url, req.headers.authorization);
  if (token === undefined) return sendError(ctx, res, draft, 400, missingTokenError());
  if (ctx.revokedTokens.has(token)) return sendError(ctx, res, draft, 400, tokenError(REVOKED_TOKEN_SUBCODE));
  if (ctx.appSecret !== undefined && !hasValidProof(ctx.appSecret, token, body, url)) {
    return sendError(ctx, res, draft, 400, invalidProofError());
  }
  // A token not made for this pixel: Meta answers the post as an object it cannot load.
  if (!tokenMayActOn(ctx, token, draft.pixelId)) return sendError(ctx, res, draft, 400, noSuchObjectError("post", draft.pixelId));

  const problem = findRequestProblem(body, ctx.now());
  if (problem) return sendError(ctx, res, draft, 400, invalidParameterError(problem.subcode, problem.message));

  // Recorded on arrival, before the latency: when the client gives up while waiting,
  // Meta has still counted the events, which is exactly the case that makes double sends.
  const fbtraceId = newFbtraceId();
  const receivedAt = ctx.now();
  const events = body.data as Record<string, unknown>[];
  ctx.recorder.recordAccepted(
    events.map((event) => ({
      pixelId: draft.pixelId,
      ...(typeof body.partner_agent === "string" && { partnerAgent: body.partner_agent }),
      ...(draft.testEventCode !== undefined && { testEventCode: draft.testEventCode }),
      event,
      receivedAt,
      fbtraceId,
    })),
  );
  draft.fbtraceId = fbtraceId;
  sendLater(
    ctx,
    res,
    200,
    "application/json; charset=UTF-8",
    JSON.stringify({ events_received: events.length, messages: [], fbtrace_id: fbtraceId }),
    fbtraceId,
  );
}

function applyFailure(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, draft: Draft, plan: FailurePlan) {
  draft.failure = plan.mode;
  if (plan.mode === "timeout") {
    // Say nothing; the client's own timeout must fire. The hold ends early if it aborts.
    const cancel = ctx.schedule(plan.holdMs ?? DEFAULT_HOLD_MS, () => req.socket.destroy());
    res.on("close", cancel);
    return;
  }
  if (plan.mode === "reset") {
    ctx.schedule(ctx.latencyMs(), () => {
      const socket = req.socket as typeof req.socket & { resetAndDestroy?: () => void };
      // A TCP RST is what a dropped connection looks like to the client (ECONNRESET).
      if (socket.resetAndDestroy) socket.resetAndDestroy();
      else socket.destroy();
    });
    return;
  }
  const answer = failureAnswer(plan);
  if (answer.kind === "graph") return sendError(ctx, res, draft, answer.status, answer.error);
  sendLater(ctx, res, answer.status, answer.contentType, answer.body);
}

function sendError(ctx: EmulatorContext, res: ServerResponse, draft: Draft, status: number, error: GraphError) {
  draft.errorCode = error.code;
  if (error.error_subcode !== undefined) draft.errorSubcode = error.error_subcode;
  draft.fbtraceId = error.fbtrace_id;
  sendLater(ctx, res, status, "application/json; charset=UTF-8", JSON.stringify({ error }), error.fbtrace_id);
}

function sendLater(ctx: EmulatorContext, res: ServerResponse, status: number, contentType: string, body: string, fbtraceId?: string) {
  ctx.answer(res, () => {
    const cancel = ctx.schedule(ctx.latencyMs(), () => {
      if (res.destroyed) return;
      const headers: Record<string, string> = { "content-type": contentType, "content-length": String(Buffer.byteLength(body)) };
      if (fbtraceId) headers["x-fb-trace-id"] = fbtraceId;
      res.writeHead(status, headers);
      res.end(body);
    });
    res.on("close", cancel);
  });
}
