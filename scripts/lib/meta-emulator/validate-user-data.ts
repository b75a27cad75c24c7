import { isIP } from "node:net";
import { SUBCODE } from "./graph-errors";

// user_data rules. Tandem promises to hash every matching key and to send browser ids
// raw, so anything else is the app's bug even where Meta itself would be lenient.

export const HASHED_USER_KEYS = ["em", "ph", "fn", "ln", "ge", "db", "ct", "st", "zp", "country", "external_id"] as const;
const RAW_USER_KEYS = ["client_ip_address", "client_user_agent", "fbc", "fbp"] as const;
// Documented identifiers Tandem does not send but Meta accepts; anything else in
// user_data is most likely a misspelt key whose matching power would be lost silently.
const OTHER_USER_KEYS = [
  "subscription_id",
  "fb_login_id",
  "lead_id",
  "anon_id",
  "madid",
  "page_id",
  "page_scoped_user_id",
  "ctwa_clid",
  "ig_account_id",
  "ig_sid",
] as const;
const KNOWN_USER_KEYS: ReadonlySet<string> = new Set<string>([...HASHED_USER_KEYS, ...RAW_USER_KEYS, ...OTHER_USER_KEYS]);

export const SHA256_OF_EMPTY_STRING = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
// fb.<subdomain index>.<creation ms>.<payload>, plus an optional 5th segment that
// Meta's Parameter Builder appends.
const FB_COOKIE = /^fb\.\d\.\d+\.[^.]+(\.[^.]+)?$/;

export interface UserDataProblem {
  subcode: number;
  message: string;
}

const invalid = (message: string): UserDataProblem => ({ subcode: SUBCODE.invalidParameter, message });
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export function findUserDataProblem(userData: unknown, source: string): UserDataProblem | null {
  if (!isObject(userData) || Object.keys(userData).length === 0) {
    return { subcode: SUBCODE.missingUserData, message: "user_data is required and must be a non-empty object" };
  }
  for (const [key, value] of Object.entries(userData)) {
    if (!KNOWN_USER_KEYS.has(key)) return invalid(`user_data.${key} is not a known customer information parameter`);
    const problem = (HASHED_USER_KEYS as readonly string[]).includes(key)
      ? findHashedValueProblem(key, value)
      : findRawValueProblem(key, value);
    if (problem) return invalid(problem);
  }
  if (source === "website" && userData.client_user_agent === undefined) {
    return invalid("user_data.client_user_agent is required when action_source is website");
  }
  return null;
}

function findHashedValueProblem(key: string, value: unknown): string | null {
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) return `user_data.${key} must not be an empty array; omit the key instead`;
  for (const item of values) {
    if (typeof item !== "string") return `user_data.${key} must be a string or an array of strings`;
    if (!SHA256_HEX.test(item)) return `user_data.${key} must be a SHA-256 hex digest (64 hex characters)`;
    if (item.toLowerCase() === SHA256_OF_EMPTY_STRING) {
      return `user_data.${key} is the SHA-256 of an empty string; omit empty fields`;
    }
  }
  return null;
}

function findRawValueProblem(key: string, value: unknown): string | null {
  if (key === "fb_login_id" && typeof value === "number") return null;
  if (typeof value !== "string" || value === "") return `user_data.${key} must be a non-empty string`;
  const isRawKey = (RAW_USER_KEYS as readonly string[]).includes(key);
  if (isRawKey && key !== "client_user_agent" && SHA256_HEX.test(value)) {
    return `user_data.${key} looks hashed; it must be sent unhashed`;
  }
  if (key === "client_ip_address" && isIP(value) === 0) return "user_data.client_ip_address must be an IPv4 or IPv6 address";
  if ((key === "fbp" || key === "fbc") && !FB_COOKIE.test(value)) {
    return `user_data.${key} must look like fb.<subdomain index>.<creation ms>.<payload>`;
  }
  return null;
}
