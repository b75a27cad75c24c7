import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { EmulatorContext } from "./context";
import { readRawBody } from "./read-request";
import type { AcceptedFilter, DatasetQualityConfig, FailurePlan } from "./types";

// The same levers as the module API, over HTTP, for processes that cannot import it
// (the demo, the benchmark, an app started on its own).

export const CONTROL_PREFIX = "/_emulator/";

const failurePlanSchema = z.strictObject({
  mode: z.enum([
    "http_500",
    "http_503",
    "timeout",
    "reset",
    "throttle",
    "transient",
    "token",
    "permission",
    "blocked",
    "invalid",
    "partial",
    "unknown_field",
  ]),
  count: z.number().int().positive().optional(),
  forMs: z.number().int().positive().optional(),
  code: z.number().int().optional(),
  subcode: z.number().int().optional(),
  pixelId: z.string().min(1).optional(),
  holdMs: z.number().int().nonnegative().optional(),
  status: z.number().int().min(100).max(599).optional(),
  endpoint: z.enum(["events", "dataset_quality", "pixel", "stats"]).optional(),
  field: z
    .string()
    .regex(/^[a-z_]+$/)
    .optional(),
}) satisfies z.ZodType<FailurePlan>;
const qualityRowSchema = z.looseObject({ event_name: z.string().min(1) });
const datasetQualitySchema = z.strictObject({
  datasetId: z.string().regex(/^\d+$/),
  all: z.array(qualityRowSchema).optional(),
  agents: z.record(z.string(), z.array(qualityRowSchema)).optional(),
});
const pixelStatsSchema = z.strictObject({
  pixelId: z.string().regex(/^\d+$/),
  hours: z.union([
    z.literal("denied"),
    z.array(
      z.strictObject({
        start_time: z.string().min(1),
        data: z.array(z.strictObject({ value: z.string().min(1), count: z.number().int().nonnegative() })),
      }),
    ),
  ]),
});
const latencySchema = z.strictObject({ ms: z.number().nonnegative() });
const tokenSchema = z.strictObject({ token: z.string().min(1) });
const grantSchema = z.strictObject({ token: z.string().min(1), pixelIds: z.array(z.string().regex(/^\d+$/)) });
const pixelSchema = z.strictObject({ pixelId: z.string().regex(/^\d+$/), name: z.string().min(1) });

function sendJson(res: ServerResponse, status: number, value: unknown) {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": String(Buffer.byteLength(body)) });
  res.end(body);
}

async function readJson<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  const raw = (await readRawBody(req)) ?? "";
  let parsed: unknown;
  try {
    parsed = raw.trim() === "" ? {} : JSON.parse(raw);
  } catch {
    return { ok: false, message: "body is not valid JSON" };
  }
  const result = schema.safeParse(parsed);
  return result.success ? { ok: true, value: result.data } : { ok: false, message: z.prettifyError(result.error) };
}

function filterFrom(url: URL): AcceptedFilter {
  const filter: AcceptedFilter = {};
  for (const key of ["pixelId", "eventName", "eventId"] as const) {
    const value = url.searchParams.get(key);
    if (value !== null) filter[key] = value;
  }
  return filter;
}

export async function handleControlRequest(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const route = `${req.method} ${url.pathname.slice(CONTROL_PREFIX.length)}`;
  switch (route) {
    case "GET accepted":
      return sendJson(res, 200, ctx.recorder.accepted(filterFrom(url)));
    case "GET requests":
      return sendJson(res, 200, ctx.recorder.requests());
    case "GET stats":
      return sendJson(res, 200, ctx.recorder.stats());
    case "GET failures":
      return sendJson(res, 200, ctx.failures.pending());
    case "POST fail": {
      const plan = await readJson(req, failurePlanSchema);
      if (!plan.ok) return sendJson(res, 400, { error: plan.message });
      ctx.failures.add(plan.value);
      return sendJson(res, 200, { ok: true });
    }
    case "POST clear-failures":
      ctx.failures.clear();
      return sendJson(res, 200, { ok: true });
    case "POST latency": {
      const latency = await readJson(req, latencySchema);
      if (!latency.ok) return sendJson(res, 400, { error: latency.message });
      ctx.setLatency(latency.value.ms);
      return sendJson(res, 200, { ok: true });
    }
    case "POST revoke":
    case "POST restore": {
      const token = await readJson(req, tokenSchema);
      if (!token.ok) return sendJson(res, 400, { error: token.message });
      if (route === "POST revoke") ctx.revokedTokens.add(token.value.token);
      else ctx.revokedTokens.delete(token.value.token);
      return sendJson(res, 200, { ok: true });
    }
    case "POST grant": {
      const grant = await readJson(req, grantSchema);
      if (!grant.ok) return sendJson(res, 400, { error: grant.message });
      ctx.tokenAccess.set(grant.value.token, new Set(grant.value.pixelIds));
      return sendJson(res, 200, { ok: true });
    }
    case "POST pixel": {
      const pixel = await readJson(req, pixelSchema);
      if (!pixel.ok) return sendJson(res, 400, { error: pixel.message });
      ctx.pixelNames.set(pixel.value.pixelId, pixel.value.name);
      return sendJson(res, 200, { ok: true });
    }
    case "POST dataset-quality": {
      const quality = await readJson(req, datasetQualitySchema);
      if (!quality.ok) return sendJson(res, 400, { error: quality.message });
      const { datasetId, ...config } = quality.value;
      ctx.quality.set(datasetId, config as DatasetQualityConfig);
      return sendJson(res, 200, { ok: true });
    }
    case "POST pixel-stats": {
      const stats = await readJson(req, pixelStatsSchema);
      if (!stats.ok) return sendJson(res, 400, { error: stats.message });
      ctx.pixelStats.set(stats.value.pixelId, stats.value.hours);
      return sendJson(res, 200, { ok: true });
    }
    case "POST reset":
      ctx.recorder.clear();
      ctx.failures.clear();
      ctx.quality.clear();
      ctx.pixelStats.clear();
      return sendJson(res, 200, { ok: true });
    default:
      return sendJson(res, 404, { error: `unknown control route ${route}` });
  }
}
