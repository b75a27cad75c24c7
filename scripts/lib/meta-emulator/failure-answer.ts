import {
  blockedError,
  type GraphError,
  graphError,
  invalidParameterError,
  permissionError,
  SUBCODE,
  throttleError,
  tokenError,
  transientError,
} from "./graph-errors";
import type { FailurePlan } from "./types";

export type FailureAnswer =
  { kind: "graph"; status: number; error: GraphError } | { kind: "raw"; status: number; contentType: string; body: string };

// 503 answers with HTML, as a load balancer in front of Graph does, so the client's
// parser meets a body that is not JSON; 500 answers with Graph's own JSON code 1.
const SERVICE_UNAVAILABLE_HTML =
  "<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>Sorry, something went wrong.</h1><p>We're working on it and we'll get it fixed as soon as we can.</p></body></html>";

/** The answer for a failure plan that does answer (not timeout or reset). */
export function failureAnswer(plan: FailurePlan): FailureAnswer {
  const graph = (error: GraphError, status = 400): FailureAnswer => ({ kind: "graph", status: plan.status ?? status, error });
  switch (plan.mode) {
    case "http_500":
      return graph(
        graphError({ message: "An unknown error has occurred.", type: "OAuthException", code: plan.code ?? 1, is_transient: true }),
        500,
      );
    case "http_503":
      return { kind: "raw", status: plan.status ?? 503, contentType: "text/html; charset=utf-8", body: SERVICE_UNAVAILABLE_HTML };
    case "throttle":
      return graph(throttleError(plan.code ?? 17));
    case "transient":
      return graph(transientError(plan.code ?? 2));
    case "token":
      return graph(tokenError(plan.subcode ?? 463));
    case "permission":
      return graph(permissionError(plan.code ?? 10));
    case "blocked":
      return graph(blockedError());
    case "invalid":
      return graph(
        invalidParameterError(plan.subcode ?? SUBCODE.invalidParameter, "Event 0: the emulator was told to reject this request"),
      );
    case "timeout":
    case "reset":
    case "partial":
    case "unknown_field":
      throw new Error(`failure mode ${plan.mode} has no answer`);
  }
}
