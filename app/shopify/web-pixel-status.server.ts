import { ApiVersion } from "@shopify/shopify-api";
import { z } from "zod";
import { getPixelCheckedAt, recordEmbedReport, recordPixelAnswer } from "../models/storefront-status.server";
import { EMBED_STATUSES } from "../models/storefront-status";
import { runGraphql, type AdminGraphql } from "./admin-graphql.server";

// Whether the app's web pixel exists on the shop and how much Shopify lets it see.
// `WebPixel.dataSharingState` is only in the Admin API's unstable version (checked against
// tests/fixtures/shopify-admin-schema/admin_unstable.json.gz); the stable query that
// activation already sends answers whether the pixel exists when unstable cannot.

// The leading comment tells tests/shopify/admin-schema.test.ts which schema to check it against.
const PIXEL_STATUS = `# Admin API version: unstable
query TandemWebPixelStatus { webPixel { id dataSharingState } }`;
const PIXEL_EXISTS = `query TandemWebPixelExists { webPixel { id } }`;

export const DATA_SHARING_STATES = [
  "ALWAYS_ON",
  "OPTIMIZED_ALLOW_ALL_EVENTS",
  "OPTIMIZED_ALLOW_LIMITED_EVENTS",
  "OPTIMIZED_PAUSE_ALL_EVENTS",
  "PAUSED",
] as const;
export type DataSharingState = (typeof DATA_SHARING_STATES)[number];

export type WebPixelStatus =
  { state: "connected"; dataSharing: DataSharingState | null } | { state: "missing" } | { state: "error"; message: string };

const answer = z.looseObject({
  webPixel: z.looseObject({ id: z.string(), dataSharingState: z.string().nullish() }).nullish(),
});

export async function readWebPixelStatus(graphql: AdminGraphql): Promise<WebPixelStatus> {
  const detailed = await ask(graphql, PIXEL_STATUS, ApiVersion.Unstable);
  if (detailed.ok) return detailed.status;
  // Unstable versions change without notice: the stable query still tells connected from missing.
  const plain = await ask(graphql, PIXEL_EXISTS);
  return plain.ok ? plain.status : { state: "error", message: plain.message };
}

async function ask(
  graphql: AdminGraphql,
  query: string,
  apiVersion?: ApiVersion,
): Promise<{ ok: true; status: WebPixelStatus } | { ok: false; message: string }> {
  const result = await runGraphql<unknown>(graphql, query, undefined, apiVersion);
  const parsed = answer.safeParse(result.data ?? {});
  const pixel = parsed.success ? parsed.data.webPixel : null;
  if (pixel) {
    const state = DATA_SHARING_STATES.find((s) => s === pixel.dataSharingState) ?? null;
    return { ok: true, status: { state: "connected", dataSharing: state } };
  }
  // No pixel: Shopify answers null, or null plus a "not found" error (as activation reads it).
  if (result.ok || result.errors.every((e) => e.code === "NOT_FOUND" || /not found|no web pixel/i.test(e.message)))
    return { ok: true, status: { state: "missing" } };
  return { ok: false, message: result.errors.map((e) => e.message).join("; ") };
}

/** Shopify is asked again at most this often when the overview opens ("Check again" always asks). */
export const PIXEL_RECHECK_MS = 10 * 60_000;
/** The overview never waits longer than this for Shopify's answer: the last known one stands. */
const PIXEL_ANSWER_WAIT_MS = 3_000;

/** For the overview's loader: refreshes the stored pixel status when it is older than PIXEL_RECHECK_MS (or `force`). */
export async function refreshWebPixelStatus({
  shopDomain,
  graphql,
  now = new Date(),
  force = false,
}: {
  shopDomain: string;
  graphql: AdminGraphql;
  now?: Date;
  force?: boolean;
}): Promise<void> {
  const checkedAt = await getPixelCheckedAt(shopDomain);
  if (!force && checkedAt && now.getTime() - checkedAt.getTime() < PIXEL_RECHECK_MS) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<WebPixelStatus>(
    (resolve) => (timer = setTimeout(() => resolve({ state: "error", message: "Shopify did not answer in time." }), PIXEL_ANSWER_WAIT_MS)),
  );
  const status = await Promise.race([readWebPixelStatus(graphql), timeout]).finally(() => clearTimeout(timer));
  await recordPixelAnswer(
    shopDomain,
    status.state === "connected"
      ? { state: "connected", dataSharing: status.dataSharing, error: null }
      : status.state === "missing"
        ? { state: "missing", dataSharing: null, error: null }
        : { state: "error", dataSharing: null, error: status.message },
    now,
  );
}

const postSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("storefront_embed"), status: z.enum(EMBED_STATUSES) }),
  z.object({ intent: z.literal("storefront_recheck") }),
]);

/** The overview's action for the status card: App Bridge's answer to keep, or "Check again". */
export async function handleStorefrontStatusPost({
  shopDomain,
  graphql,
  form,
  now = new Date(),
}: {
  shopDomain: string;
  graphql: AdminGraphql;
  form: FormData;
  now?: Date;
}) {
  const parsed = postSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false as const, error: "Unknown storefront status request." };
  if (parsed.data.intent === "storefront_embed") await recordEmbedReport(shopDomain, parsed.data.status, now);
  else await refreshWebPixelStatus({ shopDomain, graphql, now, force: true });
  return { ok: true as const };
}
