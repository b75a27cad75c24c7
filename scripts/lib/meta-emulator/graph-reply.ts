import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { EmulatorContext } from "./context";
import { failureAnswer } from "./failure-answer";
import type { GraphError } from "./graph-errors";
import type { FailurePlan, RecordedRequest } from "./types";

export type RequestDraft = Omit<RecordedRequest, "status" | "durationMs">;

/**
 * How the emulator's Graph API read routes (the pixel, its stats, dataset quality) answer:
 * after the configured latency, unless the client has gone, and each request recorded once
 * when its answer is finished, with the error's code, subcode and trace id when it failed;
 * a failure plan taken for the request is answered the same way on every read route.
 */
export function graphReply(ctx: EmulatorContext, res: ServerResponse, draft: RequestDraft, startedAt = performance.now()) {
  res.on("finish", () => ctx.recorder.recordRequest({ ...draft, status: res.statusCode, durationMs: performance.now() - startedAt }));
  const send = (status: number, body: unknown, contentType = "application/json; charset=UTF-8") => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    const cancel = ctx.schedule(ctx.latencyMs(), () => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": contentType, "content-length": String(Buffer.byteLength(text)) });
      res.end(text);
    });
    res.on("close", cancel);
  };
  const fail = (error: GraphError, status = 400) => {
    draft.errorCode = error.code;
    if (error.error_subcode !== undefined) draft.errorSubcode = error.error_subcode;
    draft.fbtraceId = error.fbtrace_id;
    send(status, { error });
  };
  /** Answers as the plan says; a timeout or reset says nothing and drops the socket after the hold (or when the client goes). */
  const failAsPlanned = (plan: FailurePlan, req: IncomingMessage) => {
    draft.failure = plan.mode;
    if (plan.mode === "timeout" || plan.mode === "reset") {
      const cancel = ctx.schedule(plan.holdMs ?? 30_000, () => req.socket.destroy());
      res.on("close", cancel);
      return;
    }
    const answer = failureAnswer(plan);
    if (answer.kind === "graph") return fail(answer.error, answer.status);
    send(answer.status, answer.body, answer.contentType);
  };
  return { send, fail, failAsPlanned };
}
