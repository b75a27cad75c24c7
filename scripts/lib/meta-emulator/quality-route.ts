import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { EmulatorContext } from "./context";
import { graphReply, type RequestDraft } from "./graph-reply";
import { type FieldTree, parseFields, project, unknownField } from "./field-selection";
import { graphError, missingTokenError, newFbtraceId, tokenError } from "./graph-errors";
import { deriveRows, qualityShape, withWeb } from "./quality-data";
import { findAccessToken } from "./read-request";
import type { DatasetQualityRow } from "./types";

// GET /{version}/dataset_quality?dataset_id=&agent_name=&fields=web{...}: Meta's Dataset
// Quality API. The answer comes from what a test configured for the dataset (per agent
// name, and unfiltered), else from the events the emulator accepted (filtered by their
// partner_agent when agent_name is given). Failure plans with `endpoint:
// "dataset_quality"` (or none) apply, as on /events.

export const QUALITY_PATH = /^\/(v\d+\.\d+)\/dataset_quality\/?$/;
const REVOKED_TOKEN_SUBCODE = 460;

export async function handleQualityRequest(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL) {
  const startedAt = performance.now();
  const datasetId = url.searchParams.get("dataset_id") ?? "";
  const agentName = url.searchParams.get("agent_name") ?? undefined;
  const draft: RequestDraft = {
    at: ctx.now(),
    method: req.method ?? "GET",
    path: url.pathname,
    pixelId: datasetId,
    version: QUALITY_PATH.exec(url.pathname)?.[1] ?? "",
    eventCount: 0,
    ...(agentName !== undefined && { agentName }),
  };
  const { send, fail, failAsPlanned } = graphReply(ctx, res, draft, startedAt);

  if (draft.method !== "GET")
    return fail(
      graphError({
        message: `Unsupported ${draft.method.toLowerCase()} request.`,
        type: "GraphMethodException",
        code: 100,
        error_subcode: 33,
      }),
    );
  const plan = ctx.failures.take(datasetId, "dataset_quality");
  if (plan && plan.mode !== "partial" && plan.mode !== "unknown_field") {
    return failAsPlanned(plan, req);
  }

  const token = findAccessToken({}, url, req.headers.authorization);
  if (token === undefined) return fail(missingTokenError());
  if (ctx.revokedTokens.has(token)) return fail(tokenError(REVOKED_TOKEN_SUBCODE));
  if (!/^\d+$/.test(datasetId))
    return fail(
      graphError({ message: "(#100) The parameter dataset_id is required and must be a dataset id", type: "OAuthException", code: 100 }),
    );

  const fieldsParam = url.searchParams.get("fields");
  let tree: FieldTree | null = null;
  if (fieldsParam) {
    const parsed = parseFields(fieldsParam);
    if (!parsed.ok) return fail(graphError({ message: parsed.message, type: "OAuthException", code: 100 }));
    tree = parsed.tree;
  }
  const selection = withWeb(tree);
  const unknown = unknownField(selection, qualityShape(ctx.dedupSpelling));
  // A plan naming a field makes this version "not know" it (the field dropped in a release).
  const forcedUnknown =
    plan?.mode === "unknown_field" && treeHas(selection, plan.field ?? ctx.dedupSpelling) ? (plan.field ?? ctx.dedupSpelling) : null;
  if (unknown || forcedUnknown) {
    if (forcedUnknown) draft.failure = "unknown_field";
    const field = forcedUnknown ?? unknown!.field;
    const type = forcedUnknown ? "AdsPixelCAPIIntegrationQuality" : unknown!.type;
    return fail(
      graphError({
        message: `(#100) Tried accessing nonexisting field (${field}) on node type (${type})`,
        type: "OAuthException",
        code: 100,
      }),
    );
  }

  const configured = ctx.quality.get(datasetId);
  const normalizedAgent = agentName?.toLowerCase();
  let rows: DatasetQualityRow[] =
    (normalizedAgent ? configured?.agents?.[normalizedAgent] : configured?.all) ??
    deriveRows(
      ctx.recorder
        .accepted({ pixelId: datasetId })
        .filter((entry) => !normalizedAgent || normalizeAgent(entry.partnerAgent) === normalizedAgent),
      ctx.dedupSpelling,
    );
  if (plan?.mode === "partial") {
    draft.failure = "partial";
    rows = rows.map(partialRow);
  }
  draft.fbtraceId = newFbtraceId();
  send(200, project({ web: rows }, selection));
}

function treeHas(tree: FieldTree, name: string): boolean {
  for (const [key, child] of tree) if (key === name || (child && treeHas(child, name))) return true;
  return false;
}

/** Meta's normalisation of partner_agent: the part before `_<major>_<minor>`, lower case. */
export function normalizeAgent(agent: string | undefined): string | undefined {
  return agent?.replace(/_\d+_\d+$/, "").toLowerCase();
}

/** A partial answer: every other metric missing, the way Meta leaves out what it could not compute. */
function partialRow(row: DatasetQualityRow, index: number): DatasetQualityRow {
  const { event_name, ...rest } = row;
  const kept = Object.entries(rest).filter((_, i) => (i + index) % 2 === 0);
  return { event_name, ...Object.fromEntries(kept) };
}
