import { classifyIp, canonicalIp, type IpKind } from "./ip-address";
import { isSaneTimeMs } from "./date-range";

// Values a browser (or a theme, an extension, anyone who can reach the storefront) hands
// Tandem: the _fbp and _fbc cookies, the user agent, the address, page URLs. Each is
// checked where it arrives (the receipt, the order's cart attributes and client details)
// and again when an event is built, because Meta refuses a whole request for one
// malformed value and a stored value may predate these rules. A value that fails is left
// out of that event with the reason, never sent and never the cause of a failure.

/** The event keys that come from the browser. */
export const BROWSER_KEYS = ["fbp", "fbc", "client_ip_address", "client_user_agent", "event_source_url"] as const;
export type BrowserKey = (typeof BROWSER_KEYS)[number];

export type DropReason =
  | "date_out_of_range"
  | "malformed"
  | "too_long"
  | "control_characters"
  | "creation_time_out_of_range"
  | "not_http_url"
  | Exclude<IpKind, "public">;

export type ValueSource = "order" | "checkout" | "cart" | "browser";

/** The keys a note may name: the browser's, and the event's time (date-range.ts). */
export type NotedKey = BrowserKey | "event_time";

/** One value left out of an event: which key, where it came from, why. Never the value. */
export type KeyNote = { key: NotedKey; from: ValueSource; reason: DropReason };

export type Checked = { ok: true; value: string } | { ok: false; reason: DropReason };

const MAX_COOKIE = 512;
// Control characters (C0, DEL, C1) and the line/paragraph separators: no header, cookie
// or URL a browser sends contains them, and Meta's parsers treat them as corruption.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// fb.<subdomain index>.<creation time, Unix ms>.<payload>[.<suffix>]: Meta's format, the
// suffix being what its Parameter Builder appends. fbp's payload is a random number; fbc's
// is the fbclid, which is URL-safe text (letters, digits, "-" and "_"), case preserved.
const FBP = /^fb\.(\d{1,2})\.(\d{13})\.(\d{1,20})(?:\.([A-Za-z0-9_-]{1,64}))?$/;
const FBC = /^fb\.(\d{1,2})\.(\d{13})\.([A-Za-z0-9_-]{1,500})(?:\.([A-Za-z0-9_-]{1,64}))?$/;
export const FBCLID = /^[A-Za-z0-9_-]{1,500}$/;

function text(value: unknown, max: number): Checked {
  if (typeof value !== "string") return { ok: false, reason: "malformed" };
  const trimmed = value.trim();
  if (trimmed === "") return { ok: false, reason: "malformed" };
  if (trimmed.length > max) return { ok: false, reason: "too_long" };
  if (CONTROL.test(trimmed)) return { ok: false, reason: "control_characters" };
  return { ok: true, value: trimmed };
}

function cookie(value: unknown, pattern: RegExp, nowMs: number): Checked {
  const checked = text(value, MAX_COOKIE);
  if (!checked.ok) return checked;
  const match = pattern.exec(checked.value);
  if (!match) return { ok: false, reason: "malformed" };
  // A creation time Meta cannot place (a seconds value read as ms, the year 2286, a clock
  // days ahead) tells it the click or the browser id never happened when it did.
  if (!isSaneTimeMs(Number(match[2]), nowMs)) return { ok: false, reason: "creation_time_out_of_range" };
  return checked;
}

export const checkFbp = (value: unknown, nowMs: number): Checked => cookie(value, FBP, nowMs);
export const checkFbc = (value: unknown, nowMs: number): Checked => cookie(value, FBC, nowMs);

/** Meta accepts any user agent; one longer than this is a forged header or a broken client. */
export const MAX_USER_AGENT = 1024;
export const checkUserAgent = (value: unknown): Checked => text(value, MAX_USER_AGENT);

/** Only a public address identifies the shopper (ip-address.ts). */
export function checkIp(value: unknown): Checked {
  if (typeof value === "string" && CONTROL.test(value)) return { ok: false, reason: "not_an_ip" };
  const kind = classifyIp(value);
  const address = canonicalIp(value);
  return kind === "public" && address ? { ok: true, value: address } : { ok: false, reason: kind === "public" ? "not_an_ip" : kind };
}

export const MAX_URL = 2048;
/** An absolute http(s) URL without credentials, at most MAX_URL characters. */
export function checkPageUrl(value: unknown): Checked {
  const checked = text(value, MAX_URL);
  if (!checked.ok) return checked;
  try {
    const url = new URL(checked.value);
    if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "not_http_url" };
    if (url.username || url.password) return { ok: false, reason: "malformed" };
    return { ok: true, value: url.toString() };
  } catch {
    return { ok: false, reason: "not_http_url" };
  }
}

/** Notes for the same key keep the first reason per source: a second one adds nothing. */
export function addNote(notes: KeyNote[], note: KeyNote): KeyNote[] {
  return notes.some((n) => n.key === note.key && n.from === note.from) ? notes : [...notes, note];
}

export function mergeNotes(...lists: Array<readonly KeyNote[] | null | undefined>): KeyNote[] {
  let merged: KeyNote[] = [];
  for (const list of lists) for (const note of list ?? []) merged = addNote(merged, note);
  return merged;
}

const NOTED_KEYS: readonly string[] = [...BROWSER_KEYS, "event_time"];
const SOURCES: readonly string[] = ["order", "checkout", "cart", "browser"];

/** Stored notes (OutboxEvent.keyNotes, PixelReceipt.keyNotes), read leniently: junk reads as none. */
export function parseKeyNotes(text: string | null | undefined): KeyNote[] {
  if (!text) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (note): note is KeyNote =>
      typeof note === "object" &&
      note !== null &&
      NOTED_KEYS.includes(note.key) &&
      SOURCES.includes(note.from) &&
      typeof note.reason === "string",
  );
}

/** The column text: null when there is nothing to say (most rows). */
export function formatKeyNotes(notes: readonly KeyNote[]): string | null {
  return notes.length > 0 ? JSON.stringify(notes) : null;
}

/**
 * The last check before a request leaves: browser keys of a stored event that Meta would
 * refuse (a row written before these rules) are removed, so one old value cannot fail the
 * event or its batch. Returns the event to send and what was removed.
 */
export function withoutUnsendableKeys<T extends { user_data?: unknown }>(event: T, now: Date): { event: T; notes: KeyNote[] } {
  const userData = event.user_data;
  if (typeof userData !== "object" || userData === null || Array.isArray(userData)) return { event, notes: [] };
  const checks: Record<string, (value: unknown) => Checked> = {
    fbp: (value) => checkFbp(value, now.getTime()),
    fbc: (value) => checkFbc(value, now.getTime()),
    client_user_agent: checkUserAgent,
    client_ip_address: (value) => (canonicalIp(value) ? { ok: true, value: String(value) } : { ok: false, reason: "not_an_ip" }),
  };
  const kept: Record<string, unknown> = { ...(userData as Record<string, unknown>) };
  const notes: KeyNote[] = [];
  for (const [key, check] of Object.entries(checks)) {
    if (!(key in kept)) continue;
    const result = check(kept[key]);
    if (result.ok) continue;
    delete kept[key];
    notes.push({ key: key as BrowserKey, from: "order", reason: result.reason });
  }
  return notes.length === 0 ? { event, notes } : { event: { ...event, user_data: kept }, notes };
}
