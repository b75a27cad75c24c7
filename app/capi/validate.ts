import { EMPTY_STRING_SHA256 } from "./hash";
import { canonicalIp } from "./ip-address";
import { isCurrencyCode } from "./money";

// Checks a server event against Meta's documented rules before it leaves, and
// reports EVERY problem: Meta refuses a whole batch for one bad event, so the delivery
// worker must know all of them to quarantine the right events in one pass.

export type ValidationProblem = { eventIndex?: number; path: string; code: string; message: string };

const ACTION_SOURCES = new Set([
  "website",
  "app",
  "physical_store",
  "system_generated",
  "email",
  "phone_call",
  "chat",
  "business_messaging",
  "other",
]);
const HASHED_KEYS = ["em", "ph", "fn", "ln", "ge", "db", "ct", "st", "zp", "country", "external_id"];
const PLAIN_KEYS = ["client_ip_address", "client_user_agent", "fbc", "fbp", "subscription_id", "fb_login_id", "lead_id"];
const SHA256 = /^[0-9a-f]{64}$/;
// Meta's cookie format, fb.<subdomainIndex>.<creation ms>.<payload>, independent of browser-values.ts' stricter checks.
const FB_COOKIE = /^fb\.\d{1,2}\.\d{13}\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?$/;
const DAY = 86_400;
export { MAX_EVENTS_PER_REQUEST } from "./meta-limits";
import { MAX_EVENTS_PER_REQUEST } from "./meta-limits";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export function validateServerEvent(event: unknown, now: Date): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const add = (path: string, code: string, message: string) => problems.push({ path, code, message });
  if (!isRecord(event)) {
    add("", "not_an_object", "An event must be a JSON object.");
    return problems;
  }
  if (typeof event.event_name !== "string" || event.event_name.trim() === "") {
    add("event_name", "required", "event_name is required.");
  }
  if (event.event_id !== undefined && (typeof event.event_id !== "string" || event.event_id === "")) {
    add("event_id", "invalid_type", "event_id must be a non-empty string.");
  }
  checkEventTime(event, now, add);
  const source = event.action_source;
  if (typeof source !== "string" || !ACTION_SOURCES.has(source)) {
    add("action_source", "invalid_action_source", `action_source must be one of ${[...ACTION_SOURCES].join(", ")}.`);
  }
  if (source === "website") checkSourceUrl(event.event_source_url, add);
  checkUserData(event.user_data, source === "website", add);
  checkCustomData(event.custom_data, event.event_name === "Purchase", add);
  checkDataProcessingOptions(event, add);
  return problems;
}

type Add = (path: string, code: string, message: string) => void;

function checkEventTime(event: Record<string, unknown>, now: Date, add: Add): void {
  const time = event.event_time;
  if (typeof time !== "number" || !Number.isInteger(time) || time <= 0) {
    add("event_time", "required", "event_time must be a whole number of Unix seconds.");
    return;
  }
  if (time > 100_000_000_000) {
    add("event_time", "event_time_in_milliseconds", "event_time looks like milliseconds; Meta wants Unix seconds.");
    return;
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (time > nowSeconds) add("event_time", "event_time_in_future", "event_time is in the future.");
  const maxAgeDays = event.action_source === "physical_store" ? 62 : 7;
  if (nowSeconds - time > maxAgeDays * DAY) {
    add("event_time", "event_time_too_old", `event_time is more than ${maxAgeDays} days old; Meta refuses it.`);
  }
}

function checkSourceUrl(url: unknown, add: Add): void {
  if (typeof url !== "string" || url === "") {
    add("event_source_url", "required", "Website events require event_source_url.");
    return;
  }
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("scheme");
  } catch {
    add("event_source_url", "invalid_url", "event_source_url must be an absolute http(s) URL.");
  }
}

function checkUserData(userData: unknown, website: boolean, add: Add): void {
  if (!isRecord(userData) || Object.keys(userData).length === 0) {
    add("user_data", "required", "user_data is required and must hold at least one key.");
    if (website) add("user_data.client_user_agent", "required", "Website events require client_user_agent.");
    return;
  }
  for (const [key, value] of Object.entries(userData)) {
    const path = `user_data.${key}`;
    if (HASHED_KEYS.includes(key)) {
      const values = Array.isArray(value) ? value : [value];
      if (values.length === 0) add(path, "empty_value", `${key} is empty; omit the key instead.`);
      values.forEach((hash, i) => {
        const at = Array.isArray(value) ? `${path}.${i}` : path;
        if (hash === EMPTY_STRING_SHA256) add(at, "empty_string_hash", `${key} is the hash of an empty string.`);
        else if (typeof hash !== "string" || !SHA256.test(hash)) add(at, "invalid_hash", `${key} must be a lowercase hex SHA-256.`);
      });
    } else if (PLAIN_KEYS.includes(key)) {
      if (typeof value !== "string" || value.trim() === "") add(path, "invalid_type", `${key} must be a non-empty string.`);
      else if ((key === "fbp" || key === "fbc") && !FB_COOKIE.test(value))
        add(path, "malformed_cookie", `${key} must be fb.<subdomain index>.<creation ms>.<payload>.`);
      else if (key === "client_ip_address" && canonicalIp(value) === null)
        add(path, "invalid_ip", "client_ip_address must be an IPv4 or IPv6 address.");
    } else {
      add(path, "unknown_key", `${key} is not a user_data key Tandem sends.`);
    }
  }
  if (website && typeof userData.client_user_agent !== "string") {
    add("user_data.client_user_agent", "required", "Website events require client_user_agent.");
  }
}

function checkCustomData(customData: unknown, purchase: boolean, add: Add): void {
  if (customData === undefined && !purchase) return;
  if (!isRecord(customData)) {
    add("custom_data", "required", "Purchase events require custom_data with value and currency.");
    return;
  }
  const { value, currency } = customData;
  if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value) || value < 0)) {
    add("custom_data.value", "invalid_value", "value must be a non-negative number.");
  }
  if (purchase && value === undefined) add("custom_data.value", "required", "Purchase events require a value.");
  if (currency !== undefined && !isCurrencyCode(currency)) {
    add("custom_data.currency", "invalid_currency", "currency must be an uppercase ISO 4217 code.");
  }
  if ((purchase || value !== undefined) && currency === undefined) {
    add("custom_data.currency", "required", "A value needs its currency.");
  }
  const ids = customData.content_ids;
  if (ids !== undefined && (!Array.isArray(ids) || ids.some((id) => typeof id !== "string" || id === ""))) {
    add("custom_data.content_ids", "invalid_type", "content_ids must be non-empty strings.");
  }
  const contents = customData.contents;
  if (contents !== undefined) {
    const valid =
      Array.isArray(contents) &&
      contents.every(
        (item) =>
          isRecord(item) &&
          typeof item.id === "string" &&
          item.id !== "" &&
          Number.isInteger(item.quantity) &&
          (item.quantity as number) > 0 &&
          (item.item_price === undefined || (typeof item.item_price === "number" && Number.isFinite(item.item_price))),
      );
    if (!valid) add("custom_data.contents", "invalid_type", "contents must be {id, quantity, item_price} items.");
  }
}

function checkDataProcessingOptions(event: Record<string, unknown>, add: Add): void {
  const options = event.data_processing_options;
  const country = event.data_processing_options_country;
  const state = event.data_processing_options_state;
  if (options === undefined) {
    if (country !== undefined || state !== undefined) {
      add("data_processing_options", "required", "A data processing country or state needs data_processing_options.");
    }
    return;
  }
  const isEmpty = Array.isArray(options) && options.length === 0;
  const isLdu = Array.isArray(options) && options.length === 1 && options[0] === "LDU";
  if (!isEmpty && !isLdu) {
    add("data_processing_options", "invalid_data_processing_options", 'data_processing_options must be [] or ["LDU"].');
    return;
  }
  if (isLdu) {
    if (country !== 0 && country !== 1)
      add(
        "data_processing_options_country",
        "invalid_data_processing_options",
        "data_processing_options_country must be 1 (US) or 0 (geolocate).",
      );
    if (state !== 0 && state !== 1000)
      add(
        "data_processing_options_state",
        "invalid_data_processing_options",
        "data_processing_options_state must be 1000 (California) or 0 (geolocate).",
      );
  }
}

/** A whole /events request body: the data array and each event in it. */
export function validateEventsRequest(body: unknown, now: Date): ValidationProblem[] {
  if (!isRecord(body) || !Array.isArray(body.data)) {
    return [{ path: "data", code: "required", message: "The request needs a data array of events." }];
  }
  const problems: ValidationProblem[] = [];
  if (body.data.length === 0) problems.push({ path: "data", code: "no_events", message: "The request holds no events." });
  if (body.data.length > MAX_EVENTS_PER_REQUEST) {
    problems.push({ path: "data", code: "too_many_events", message: `Meta accepts at most ${MAX_EVENTS_PER_REQUEST} events per request.` });
  }
  body.data.forEach((event, eventIndex) => {
    for (const problem of validateServerEvent(event, now)) {
      problems.push({ ...problem, eventIndex, path: `data.${eventIndex}${problem.path ? `.${problem.path}` : ""}` });
    }
  });
  return problems;
}
