import { isCurrencyCode } from "./currencies";
import { SUBCODE } from "./graph-errors";
import { findUserDataProblem } from "./validate-user-data";

// Meta's rules for POST /{version}/{pixel}/events, written from Meta's documentation alone
// (never from app/capi/validate.ts) so the two implementations can catch each other.
// Where Meta is lenient but Tandem promises more (always hash, never ms), the emulator
// follows Tandem's promise: a looser emulator would hide the app's bugs.

export const MAX_EVENTS_PER_REQUEST = 1000;
export const ACTION_SOURCES = [
  "website",
  "app",
  "physical_store",
  "system_generated",
  "email",
  "phone_call",
  "chat",
  "business_messaging",
  "other",
] as const;

// Any event_time above this is in the year 5138 as seconds, so it was sent in ms.
const MILLISECONDS_THRESHOLD = 100_000_000_000;
const FUTURE_SKEW_SECONDS = 10;
const DAY_SECONDS = 86_400;

export interface RequestProblem {
  subcode: number;
  message: string;
  /** Index of the first offending event, absent for request-level problems. */
  eventIndex?: number;
}

interface EventProblem {
  subcode: number;
  message: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

const invalid = (message: string): EventProblem => ({ subcode: SUBCODE.invalidParameter, message });

/** First problem in the request, or null when Meta would accept every event. */
export function findRequestProblem(body: Json, nowMs: number): RequestProblem | null {
  const data = body.data;
  if (data === undefined) return { subcode: SUBCODE.malformedData, message: "The parameter data is required" };
  if (!Array.isArray(data)) return { subcode: SUBCODE.malformedData, message: "The parameter data must be an array of events" };
  if (data.length === 0) return { subcode: SUBCODE.malformedData, message: "The parameter data must contain at least one event" };
  if (data.length > MAX_EVENTS_PER_REQUEST) {
    return {
      subcode: SUBCODE.tooManyEvents,
      message: `The parameter data has ${data.length} events; at most ${MAX_EVENTS_PER_REQUEST} are allowed per request`,
    };
  }
  if (body.test_event_code !== undefined && typeof body.test_event_code !== "string") {
    return { subcode: SUBCODE.invalidParameter, message: "test_event_code must be a string" };
  }
  if (body.partner_agent !== undefined && typeof body.partner_agent !== "string") {
    return { subcode: SUBCODE.invalidParameter, message: "partner_agent must be a string" };
  }
  const nowSeconds = nowMs / 1000;
  for (let index = 0; index < data.length; index++) {
    const problem = findEventProblem(data[index], nowSeconds);
    if (problem) return { ...problem, eventIndex: index, message: `Event ${index}: ${problem.message}` };
  }
  return null;
}

function findEventProblem(event: unknown, nowSeconds: number): EventProblem | null {
  if (!isObject(event)) return invalid("each event must be a JSON object");
  if (typeof event.event_name !== "string" || event.event_name.trim() === "") {
    return invalid("event_name is required and must be a non-empty string");
  }
  const source = event.action_source;
  if (typeof source !== "string" || !(ACTION_SOURCES as readonly string[]).includes(source)) {
    return invalid(`action_source must be one of ${ACTION_SOURCES.join(", ")} (got ${JSON.stringify(source)})`);
  }
  const timeProblem = findEventTimeProblem(event.event_time, source, nowSeconds);
  if (timeProblem) return timeProblem;
  if (event.event_id !== undefined && (typeof event.event_id !== "string" || event.event_id === "")) {
    return invalid("event_id must be a non-empty string");
  }
  if (event.event_source_url !== undefined && !isHttpUrl(event.event_source_url)) {
    return invalid("event_source_url must be an absolute http(s) URL");
  }
  if (source === "website" && event.event_source_url === undefined) {
    return invalid("event_source_url is required when action_source is website");
  }
  if (event.referrer_url !== undefined && typeof event.referrer_url !== "string") return invalid("referrer_url must be a string");
  if (event.opt_out !== undefined && typeof event.opt_out !== "boolean") return invalid("opt_out must be a boolean");
  return (
    findUserDataProblem(event.user_data, source) ??
    findCustomDataProblem(event.custom_data, event.event_name) ??
    findProcessingOptionsProblem(event)
  );
}

function findEventTimeProblem(time: unknown, source: string, nowSeconds: number): EventProblem | null {
  if (time === undefined) return invalid("event_time is required");
  if (typeof time !== "number" || !Number.isInteger(time) || time <= 0) {
    return invalid(`event_time must be an integer number of Unix seconds (got ${JSON.stringify(time)})`);
  }
  if (time >= MILLISECONDS_THRESHOLD) {
    return { subcode: SUBCODE.eventInFuture, message: `event_time ${time} looks like milliseconds; send Unix seconds` };
  }
  if (time > nowSeconds + FUTURE_SKEW_SECONDS) {
    return { subcode: SUBCODE.eventInFuture, message: `event_time ${time} is in the future` };
  }
  const windowDays = source === "physical_store" ? 62 : 7;
  if (time < nowSeconds - windowDays * DAY_SECONDS) {
    return { subcode: SUBCODE.eventTooOld, message: `event_time is more than ${windowDays} days in the past` };
  }
  return null;
}

function findCustomDataProblem(customData: unknown, eventName: string): EventProblem | null {
  if (customData === undefined) {
    return eventName === "Purchase" ? invalid("custom_data.value and custom_data.currency are required for Purchase") : null;
  }
  if (!isObject(customData)) return invalid("custom_data must be an object");
  const { value, currency } = customData;
  if (eventName === "Purchase" && value === undefined) return invalid("custom_data.value is required for Purchase");
  if (eventName === "Purchase" && currency === undefined) return invalid("custom_data.currency is required for Purchase");
  if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value))) {
    return invalid(`custom_data.value must be a number (got ${JSON.stringify(value)})`);
  }
  if (currency !== undefined && (typeof currency !== "string" || !/^[A-Za-z]{3}$/.test(currency) || !isCurrencyCode(currency))) {
    return invalid(`custom_data.currency must be an ISO 4217 code (got ${JSON.stringify(currency)})`);
  }
  const ids = customData.content_ids;
  if (ids !== undefined && (!Array.isArray(ids) || ids.some((id) => typeof id !== "string"))) {
    return invalid("custom_data.content_ids must be an array of strings");
  }
  const contents = customData.contents;
  if (contents !== undefined && (!Array.isArray(contents) || contents.some((item) => !isContent(item)))) {
    return invalid("custom_data.contents must be an array of {id, quantity, item_price}");
  }
  const items = customData.num_items;
  if (items !== undefined && (typeof items !== "number" || !Number.isInteger(items) || items < 0)) {
    return invalid("custom_data.num_items must be a non-negative integer");
  }
  return null;
}

function isContent(item: unknown): boolean {
  if (!isObject(item) || typeof item.id !== "string" || item.id === "") return false;
  if (item.quantity !== undefined && !(typeof item.quantity === "number" && Number.isInteger(item.quantity))) return false;
  return item.item_price === undefined || (typeof item.item_price === "number" && Number.isFinite(item.item_price));
}

function findProcessingOptionsProblem(event: Json): EventProblem | null {
  const options = event.data_processing_options;
  if (options === undefined) return null;
  const problem = (message: string): EventProblem => ({ subcode: SUBCODE.dataProcessingOptions, message });
  if (!Array.isArray(options)) return problem('data_processing_options must be an array: [] or ["LDU"]');
  if (options.length === 0) return null;
  if (options.length !== 1 || options[0] !== "LDU") {
    return problem(`data_processing_options must be [] or ["LDU"] (got ${JSON.stringify(options)})`);
  }
  for (const key of ["data_processing_options_country", "data_processing_options_state"]) {
    const value = event[key];
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
      return problem(`${key} must be a non-negative integer when data_processing_options is ["LDU"]`);
    }
  }
  return null;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
