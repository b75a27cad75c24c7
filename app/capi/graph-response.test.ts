import { describe, expect, it } from "vitest";
import { classifyNetworkError, parseGraphResponse } from "./graph-response";

const graphError = (code: number, extra: Record<string, unknown> = {}) => ({
  error: { message: "(#" + code + ") something", type: "OAuthException", code, fbtrace_id: "AbCdEf", ...extra },
});

describe("parseGraphResponse", () => {
  it("GIVEN a success body matching the events sent THEN ok with the trace id", () => {
    expect(parseGraphResponse(200, { events_received: 2, messages: [], fbtrace_id: "A1" }, 2)).toEqual({
      ok: true,
      eventsReceived: 2,
      messages: [],
      fbtraceId: "A1",
    });
  });

  it("GIVEN a success body without messages THEN messages default to []", () => {
    expect(parseGraphResponse(200, { events_received: 1 })).toEqual({ ok: true, eventsReceived: 1, messages: [], fbtraceId: undefined });
  });

  it("GIVEN events_received lower than sent THEN invalid (partial) with the count kept", () => {
    expect(parseGraphResponse(200, { events_received: 1, messages: [], fbtrace_id: "A1" }, 3)).toEqual({
      ok: false,
      classification: "invalid",
      message: "Meta acknowledged 1 of 3 events.",
      fbtraceId: "A1",
      httpStatus: 200,
      eventsReceived: 1,
    });
  });

  it.each([
    [1, "transient"],
    [2, "transient"],
    [4, "throttled"],
    [17, "throttled"],
    [341, "throttled"],
    [613, "throttled"],
    [368, "blocked"],
    [100, "invalid"],
    [190, "auth"],
    [102, "auth"],
    [10, "auth"],
    [3, "auth"],
    [200, "auth"],
    [230, "auth"],
    [299, "auth"],
    [999999, "transient"],
  ])("GIVEN Graph error code %d (HTTP 400) THEN %s", (code, classification) => {
    const result = parseGraphResponse(400, graphError(code));
    expect(result.ok === false && result.classification).toBe(classification);
    expect(result.ok === false && result.code).toBe(code);
  });

  it("GIVEN code 100 with an 2804xxx subcode THEN invalid with the subcode and the user message", () => {
    const result = parseGraphResponse(
      400,
      graphError(100, {
        error_subcode: 2804003,
        error_user_title: "Event Timestamp Too Old",
        error_user_msg: "The timestamp for this event is too far in the past.",
      }),
    );
    expect(result).toEqual({
      ok: false,
      classification: "invalid",
      code: 100,
      subcode: 2804003,
      message: "The timestamp for this event is too far in the past.",
      fbtraceId: "AbCdEf",
      httpStatus: 400,
    });
  });

  it("GIVEN code 100 subcode 33 (the token may not act on the pixel) THEN auth, a token problem, not an invalid event", () => {
    const result = parseGraphResponse(
      400,
      graphError(100, {
        error_subcode: 33,
        type: "GraphMethodException",
        message:
          "Unsupported post request. Object with ID '123' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
      }),
    );
    expect(result).toMatchObject({ ok: false, classification: "auth", code: 100, subcode: 33 });
  });

  it("GIVEN is_transient true on an otherwise invalid code THEN transient", () => {
    const result = parseGraphResponse(400, graphError(100, { is_transient: true }));
    expect(result.ok === false && result.classification).toBe("transient");
  });

  it("GIVEN a throttling code reported with HTTP 200 THEN still throttled (code wins over status)", () => {
    const result = parseGraphResponse(200, graphError(17));
    expect(result.ok === false && result.classification).toBe("throttled");
  });

  it.each([
    [502, undefined],
    [503, "<html>Service Unavailable</html>"],
    [500, { unexpected: true }],
    [200, { events_received: "2" }],
    [200, null],
    [401, {}],
  ])("GIVEN HTTP %d with body %j THEN transient", (status, body) => {
    const result = parseGraphResponse(status, body);
    expect(result.ok === false && result.classification).toBe("transient");
    expect(result.ok === false && result.httpStatus).toBe(status);
  });

  it("GIVEN HTTP 429 without a Graph body THEN throttled", () => {
    expect(parseGraphResponse(429, "").ok === false && parseGraphResponse(429, "")).toMatchObject({ classification: "throttled" });
  });
});

describe("classifyNetworkError", () => {
  it("GIVEN a timeout THEN transient, named as a timeout, HTTP 0", () => {
    const err = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    expect(classifyNetworkError(err)).toEqual({
      ok: false,
      classification: "transient",
      message: "Request timed out: The operation was aborted due to timeout",
      httpStatus: 0,
    });
  });

  it("GIVEN an error message that leaks the access token THEN the token is redacted", () => {
    const result = classifyNetworkError(
      new TypeError("fetch failed for https://graph.facebook.com/v26.0/1/events?access_token=EAAB123secret&x=1"),
    );
    expect(result.ok === false && result.message).not.toContain("EAAB123secret");
    expect(result.ok === false && result.message).toContain("access_token=[redacted]");
  });

  it("GIVEN a thrown non-Error THEN still a transient result", () => {
    expect(classifyNetworkError("socket hang up")).toMatchObject({ ok: false, classification: "transient", httpStatus: 0 });
  });
});
