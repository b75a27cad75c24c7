import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { EmulatorContext } from "./context";
import { graphReply, type RequestDraft } from "./graph-reply";
import { tokenMayActOn } from "./token-access";
import { graphError, missingTokenError, newFbtraceId, tokenError, type GraphError } from "./graph-errors";
import { findAccessToken } from "./read-request";
import type { AcceptedEvent, PixelStatsHour } from "./types";

// GET /{version}/{pixel_id}/stats?aggregation=event&start_time=&end_time=: the pixel's
// event counts, one entry per hour, each with the count per event name (Meta's "Ads Pixel
// Stats" reference: AdsPixelStatsResult {aggregation, start_time, data: AdsPixelStats
// {value, count, ...}}, paged like every Graph edge). The answer is what a test set with
// setPixelStats, else derived from the accepted events (counted once per event name and
// event id, by the hour of their event_time; test events left out). "denied" answers as
// Meta does when the token may send events but not read the pixel: (#100) 33.

export const STATS_PATH = /^\/(v\d+\.\d+)\/(\d+)\/stats\/?$/;
const REVOKED_TOKEN_SUBCODE = 460;
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 500;
const HOUR_MS = 3_600_000;
/** Meta: "You can get the data up to seven days from the request time." */
const WINDOW_MS = 7 * 24 * HOUR_MS;

export async function handleStatsRequest(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const startedAt = performance.now();
  const [, version = "", pixelId = ""] = STATS_PATH.exec(url.pathname) ?? [];
  const draft: RequestDraft = {
    at: ctx.now(),
    method: req.method ?? "GET",
    path: url.pathname,
    pixelId,
    version,
    eventCount: 0,
  };
  const { send, fail, failAsPlanned } = graphReply(ctx, res, draft, startedAt);
  const invalid = (message: string) => fail(graphError({ message: `(#100) ${message}`, type: "OAuthException", code: 100 }));

  if (draft.method !== "GET") return fail(unsupported(pixelId, draft.method));
  const plan = ctx.failures.take(pixelId, "stats");
  if (plan && plan.mode !== "partial" && plan.mode !== "unknown_field") {
    return failAsPlanned(plan, req);
  }
  const token = findAccessToken({}, url, req.headers.authorization);
  if (token === undefined) return fail(missingTokenError());
  if (ctx.revokedTokens.has(token)) return fail(tokenError(REVOKED_TOKEN_SUBCODE));
  const configured = ctx.pixelStats.get(pixelId);
  if (configured === "denied" || !tokenMayActOn(ctx, token, pixelId)) return fail(unsupported(pixelId, "GET"));

  const aggregation = url.searchParams.get("aggregation") ?? "event";
  if (aggregation !== "event") return invalid(`The emulator serves aggregation=event only (got ${aggregation})`);
  const now = ctx.now();
  const end = parseTime(url.searchParams.get("end_time")) ?? now;
  const start = parseTime(url.searchParams.get("start_time")) ?? end - 24 * HOUR_MS;
  if (Number.isNaN(start) || Number.isNaN(end)) return invalid("Param start_time or end_time must be a Unix or ISO 8601 timestamp");
  if (start > end) return invalid("start_time must be before end_time");
  const from = Math.max(start, now - WINDOW_MS);
  const hours = (configured ?? deriveHours(ctx.recorder.accepted({ pixelId })))
    .filter((h) => {
      const at = Date.parse(h.start_time);
      return at + HOUR_MS > from && at < end;
    })
    .sort((a, b) => Date.parse(a.start_time) - Date.parse(b.start_time));

  const limit = Math.min(MAX_LIMIT, Math.max(1, Number(url.searchParams.get("limit")) || DEFAULT_LIMIT));
  const offset = decodeCursor(url.searchParams.get("after"));
  const page = hours.slice(offset, offset + limit);
  const paging: Record<string, unknown> = { cursors: { before: encodeCursor(offset), after: encodeCursor(offset + page.length) } };
  if (offset + page.length < hours.length) {
    const next = new URL(url.toString());
    next.searchParams.set("after", encodeCursor(offset + page.length));
    paging.next = `${next.pathname}${next.search}`;
  }
  draft.fbtraceId = newFbtraceId();
  send(200, { data: page.map((h) => ({ aggregation: "event", start_time: h.start_time, data: h.data })), paging });
}

function unsupported(pixelId: string, method: string): GraphError {
  return graphError({
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${pixelId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    type: "GraphMethodException",
    code: 100,
    error_subcode: 33,
  });
}

/** Unix seconds or ISO 8601, as Meta accepts; NaN when neither; null when absent. */
function parseTime(value: string | null): number | null {
  if (value === null || value === "") return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  return Date.parse(value);
}

const encodeCursor = (offset: number) => Buffer.from(String(offset)).toString("base64url");
function decodeCursor(value: string | null): number {
  const n = value ? Number(Buffer.from(value, "base64url").toString()) : 0;
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

/** "2026-12-01T09:00:00+0000", the way Graph writes datetimes. */
export function graphHour(ms: number): string {
  return `${new Date(Math.floor(ms / HOUR_MS) * HOUR_MS).toISOString().slice(0, 19)}+0000`;
}

/** Accepted events counted once per (event name, event id), by the hour of their event_time; test events left out. */
export function deriveHours(events: AcceptedEvent[]): PixelStatsHour[] {
  const seen = new Set<string>();
  const perHour = new Map<string, Map<string, number>>();
  let anonymous = 0;
  for (const { event, testEventCode } of events) {
    const name = typeof event.event_name === "string" ? event.event_name : null;
    const time = typeof event.event_time === "number" ? event.event_time : null;
    if (!name || time === null || testEventCode) continue;
    const key = `${name}\u0000${typeof event.event_id === "string" ? event.event_id : `#${anonymous++}`}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const hour = graphHour(time * 1000);
    const counts = perHour.get(hour) ?? new Map<string, number>();
    counts.set(name, (counts.get(name) ?? 0) + 1);
    perHour.set(hour, counts);
  }
  return [...perHour].map(([start_time, counts]) => ({
    start_time,
    data: [...counts].map(([value, count]) => ({ value, count })),
  }));
}
