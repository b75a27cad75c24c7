import { randomBytes } from "node:crypto";

// Meta's Graph error envelope. The app must classify by `code`, not by HTTP status,
// so the emulator answers 400 for almost everything, as Meta does.

export interface GraphError {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  is_transient: boolean;
  fbtrace_id: string;
}

/**
 * Subcodes for code 100. Only 2804019 ("Invalid parameter", title "Server-side API
 * parameter error") is seen in public error reports for /events; 2804003 is the
 * commonly cited "event timestamp too old" and 2804030 the Limited Data Use one.
 * The rest are the emulator's own plausible picks in the same 2804xxx family: the app
 * must treat any 100 as permanent, so it must not depend on these exact values.
 */
export const SUBCODE = {
  malformedData: 2804001,
  tooManyEvents: 2804002,
  eventTooOld: 2804003,
  eventInFuture: 2804004,
  invalidParameter: 2804019,
  dataProcessingOptions: 2804030,
  missingUserData: 2804050,
} as const;

/** Shaped like Meta's ids ("AaHYqjNBCshoHed-uN2beUP"): opaque, url-safe, 23 chars. */
export function newFbtraceId(): string {
  return randomBytes(17).toString("base64url");
}

export function graphError(fields: Omit<GraphError, "fbtrace_id" | "is_transient"> & { is_transient?: boolean }): GraphError {
  const { is_transient = false, ...rest } = fields;
  // Key order follows Meta's answers, which makes recorded fixtures easy to compare.
  return { ...rest, is_transient, fbtrace_id: newFbtraceId() };
}

export function invalidParameterError(subcode: number, userMsg: string): GraphError {
  return graphError({
    message: "Invalid parameter",
    type: "OAuthException",
    code: 100,
    error_subcode: subcode,
    error_user_title: "Server-side API parameter error",
    error_user_msg: userMsg,
  });
}

export function missingTokenError(): GraphError {
  // Real Graph answers a missing token with OAuthException; Tandem classifies 190 as
  // "token problem", which is the behaviour the tests need to drive.
  return graphError({
    message: "An access token is required to request this resource.",
    type: "OAuthException",
    code: 190,
  });
}

export function tokenError(subcode: number): GraphError {
  const reason =
    subcode === 463
      ? "Session has expired."
      : subcode === 460
        ? "The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons."
        : "The access token could not be decrypted.";
  return graphError({
    message: `Error validating access token: ${reason}`,
    type: "OAuthException",
    code: 190,
    error_subcode: subcode,
    error_user_title: "Access token invalid",
    error_user_msg: "Reconnect the Meta destination to get a new access token.",
  });
}

export function throttleError(code: number): GraphError {
  const messages: Record<number, string> = {
    4: "(#4) Application request limit reached",
    17: "(#17) User request limit reached",
    341: "(#341) Application limit reached",
    613: "(#613) Calls to this api have exceeded the rate limit.",
  };
  return graphError({
    message: messages[code] ?? `(#${code}) Rate limit reached`,
    type: "OAuthException",
    code,
    is_transient: true,
  });
}

export function transientError(code = 2): GraphError {
  return graphError({
    message: "An unexpected error has occurred. Please retry your request later.",
    type: "OAuthException",
    code,
    is_transient: true,
  });
}

export function permissionError(code: number): GraphError {
  return graphError({
    message: code === 10 ? "(#10) Application does not have permission for this action" : `(#${code}) Permissions error`,
    type: "OAuthException",
    code,
  });
}

export function blockedError(): GraphError {
  return graphError({
    message: "(#368) The action attempted has been deemed abusive or is otherwise disallowed",
    type: "OAuthException",
    code: 368,
    error_subcode: 1390008,
  });
}

export function invalidProofError(): GraphError {
  return graphError({ message: "Invalid appsecret_proof provided in the API argument", type: "GraphMethodException", code: 100 });
}

export function unknownPathError(path: string): GraphError {
  return graphError({
    message: `(#803) Some of the aliases you requested do not exist: ${path}`,
    type: "OAuthException",
    code: 803,
  });
}

export function unsupportedMethodError(method: string): GraphError {
  // Meta answers a GET on an edge it only writes to with code 100 subcode 33.
  return graphError({
    message: `Unsupported ${method.toLowerCase()} request. Object does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    type: "GraphMethodException",
    code: 100,
    error_subcode: 33,
  });
}

/** Code 100 subcode 33: an object the token cannot load (or that does not exist), as Graph words it for any method. */
export function noSuchObjectError(method: string, pixelId: string): GraphError {
  return graphError({
    message: `Unsupported ${method} request. Object with ID '${pixelId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    type: "GraphMethodException",
    code: 100,
    error_subcode: 33,
  });
}
