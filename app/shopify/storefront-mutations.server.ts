import { z } from "zod";
import { describeErrors, runGraphql, type AdminGraphql, type GraphqlError } from "./admin-graphql.server";
import { THEME_CONFIG_KEY, THEME_CONFIG_NAMESPACE, type ThemeConfig, type WebPixelSettings } from "./storefront-config";

// The Admin GraphQL operations that switch Tandem's storefront pieces on. Each answer is
// parsed with zod; every failure (HTTP, GraphQL errors, userErrors) becomes a message.

const INSTALLATION = `query TandemInstallation { currentAppInstallation { id } }`;
const SET_CONFIG = `mutation TandemSetConfig($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) { metafields { id } userErrors { field message code } }
}`;
const GET_PIXEL = `query TandemWebPixel { webPixel { id settings } }`;
const CREATE_PIXEL = `mutation TandemCreatePixel($webPixel: WebPixelInput!) {
  webPixelCreate(webPixel: $webPixel) { webPixel { id settings } userErrors { field message code } }
}`;
const UPDATE_PIXEL = `mutation TandemUpdatePixel($id: ID!, $webPixel: WebPixelInput!) {
  webPixelUpdate(id: $id, webPixel: $webPixel) { webPixel { id settings } userErrors { field message code } }
}`;

const userErrors = z.array(z.looseObject({ field: z.array(z.string()).nullish(), message: z.string() })).default([]);
const pixelSchema = z.looseObject({ id: z.string(), settings: z.unknown() });
const installationData = z.looseObject({ currentAppInstallation: z.looseObject({ id: z.string() }) });
const setConfigData = z.looseObject({ metafieldsSet: z.looseObject({ userErrors }) });
const getPixelData = z.looseObject({ webPixel: pixelSchema.nullish() });
const createPixelData = z.looseObject({ webPixelCreate: z.looseObject({ webPixel: pixelSchema.nullish(), userErrors }) });
const updatePixelData = z.looseObject({ webPixelUpdate: z.looseObject({ webPixel: pixelSchema.nullish(), userErrors }) });

export type Step<T> = { ok: true; value: T } | { ok: false; message: string };

async function call<T>(graphql: AdminGraphql, schema: z.ZodType<T>, query: string, variables?: Record<string, unknown>): Promise<Step<T>> {
  const result = await runGraphql<unknown>(graphql, query, variables);
  if (!result.ok) return { ok: false, message: describeErrors(result.errors) };
  const parsed = schema.safeParse(result.data);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: "Shopify's answer had an unexpected shape." };
}

export async function getInstallationId(graphql: AdminGraphql): Promise<Step<string>> {
  const step = await call(graphql, installationData, INSTALLATION);
  return step.ok ? { ok: true, value: step.value.currentAppInstallation.id } : step;
}

export async function setThemeConfig(graphql: AdminGraphql, ownerId: string, config: ThemeConfig): Promise<Step<null>> {
  const metafields = [{ ownerId, namespace: THEME_CONFIG_NAMESPACE, key: THEME_CONFIG_KEY, type: "json", value: JSON.stringify(config) }];
  const step = await call(graphql, setConfigData, SET_CONFIG, { metafields });
  if (!step.ok) return step;
  const errors = step.value.metafieldsSet.userErrors;
  return errors.length ? { ok: false, message: describeErrors(errors) } : { ok: true, value: null };
}

export type PixelOutcome = "created" | "updated" | "unchanged";

/**
 * Creates the app's web pixel, or updates it when its settings differ. Unchanged
 * settings send no mutation at all, so a re-save is harmless.
 */
export async function upsertWebPixel(graphql: AdminGraphql, settings: WebPixelSettings): Promise<Step<PixelOutcome>> {
  const existing = await findWebPixel(graphql);
  if (!existing.ok) return existing;
  // Shopify's documented input for the JSON scalar is the settings as a JSON string.
  const webPixel = { settings: JSON.stringify(settings) };
  if (existing.value) {
    if (sameSettings(existing.value.settings, settings)) return { ok: true, value: "unchanged" };
    const step = await call(graphql, updatePixelData, UPDATE_PIXEL, { id: existing.value.id, webPixel });
    if (!step.ok) return step;
    const errors = step.value.webPixelUpdate.userErrors;
    return errors.length ? { ok: false, message: describeErrors(errors) } : { ok: true, value: "updated" };
  }
  const step = await call(graphql, createPixelData, CREATE_PIXEL, { webPixel });
  if (!step.ok) return step;
  const errors = step.value.webPixelCreate.userErrors;
  return errors.length ? { ok: false, message: describeErrors(errors) } : { ok: true, value: "created" };
}

/** The app's web pixel, or null when none exists: Shopify answers null, or null plus a "not found" error. */
async function findWebPixel(graphql: AdminGraphql): Promise<Step<{ id: string; settings: unknown } | null>> {
  const result = await runGraphql<unknown>(graphql, GET_PIXEL);
  const parsed = getPixelData.safeParse(result.data ?? {});
  const pixel = parsed.success ? (parsed.data.webPixel ?? null) : null;
  if (result.ok || (!pixel && result.errors.every(isNotFound))) return { ok: true, value: pixel };
  return { ok: false, message: describeErrors(result.errors) };
}

function isNotFound(error: GraphqlError): boolean {
  return error.code === "NOT_FOUND" || /not found|no web pixel/i.test(error.message);
}

function sameSettings(current: unknown, wanted: WebPixelSettings): boolean {
  let value = current;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return false;
    }
  }
  if (!value || typeof value !== "object") return false;
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length === Object.keys(wanted).length && entries.every(([key, v]) => wanted[key as keyof WebPixelSettings] === v);
}
