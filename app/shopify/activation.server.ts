import { createHash } from "node:crypto";
import { getConfig } from "../config.server";
import prisma from "../db.server";
import { ensureShop, readSettings } from "../models/shops.server";
import type { AdminGraphql } from "./admin-graphql.server";
import { toThemeConfig, toWebPixelSettings, type ThemeConfig, type WebPixelSettings } from "./storefront-config";
import { getInstallationId, setThemeConfig, upsertWebPixel, type PixelOutcome } from "./storefront-mutations.server";

// Activation switches the storefront pieces on for a shop: the app-owned metafield the
// theme embed reads, and the web pixel with its settings. It runs after auth, after
// every settings save, on an admin load when the last attempt failed or the settings
// changed since, and from the admin's Retry button. Its outcome is recorded per shop.

export type ActivationStep = "installation" | "metafield" | "web_pixel";

export type ActivationResult = { ok: true; webPixel: PixelOutcome } | { ok: false; step: ActivationStep; message: string };

type Desired = { theme: ThemeConfig; pixel: WebPixelSettings; hash: string };

export async function activateShop({
  shopDomain,
  graphql,
  now = new Date(),
}: {
  shopDomain: string;
  graphql: AdminGraphql;
  now?: Date;
}): Promise<ActivationResult> {
  const desired = await desiredStorefrontConfig(shopDomain);
  const result = await applyDesired(graphql, desired);
  await recordActivation(shopDomain, result, desired.hash, now);
  return result;
}

async function applyDesired(graphql: AdminGraphql, desired: Desired): Promise<ActivationResult> {
  const installation = await getInstallationId(graphql);
  if (!installation.ok) return { ok: false, step: "installation", message: installation.message };
  const metafield = await setThemeConfig(graphql, installation.value, desired.theme);
  if (!metafield.ok) return { ok: false, step: "metafield", message: metafield.message };
  const pixel = await upsertWebPixel(graphql, desired.pixel);
  if (!pixel.ok) return { ok: false, step: "web_pixel", message: pixel.message };
  return { ok: true, webPixel: pixel.value };
}

/** What the storefront should be told now: the shop's settings, its enabled pixels, this app's URL. */
export async function desiredStorefrontConfig(shopDomain: string): Promise<Desired> {
  const shop = await ensureShop(shopDomain);
  const settings = readSettings(shop.settings);
  const destinations = await prisma.destination.findMany({
    where: { shopDomain, enabled: true },
    select: { pixelId: true },
    orderBy: { createdAt: "asc" },
  });
  const pixelIds = destinations.map((destination) => destination.pixelId);
  const theme = toThemeConfig(settings, pixelIds, { appUrl: getConfig().SHOPIFY_APP_URL, shopKey: shop.shopKey });
  const pixel = toWebPixelSettings({ settings, pixelIds, appUrl: getConfig().SHOPIFY_APP_URL, shopKey: shop.shopKey });
  return { theme, pixel, hash: createHash("sha256").update(JSON.stringify({ theme, pixel })).digest("hex") };
}

async function recordActivation(shopDomain: string, result: ActivationResult, hash: string, now: Date) {
  const data = result.ok
    ? { state: "active", lastError: null, appliedHash: hash, attemptedAt: now, succeededAt: now }
    : { state: "failed", lastError: `${STEP_LABEL[result.step]}: ${result.message}`.slice(0, 1000), attemptedAt: now };
  await prisma.shopActivation.upsert({ where: { shopDomain }, create: { shopDomain, ...data }, update: data });
}

const STEP_LABEL: Record<ActivationStep, string> = {
  installation: "Reading the app installation failed",
  metafield: "Saving the storefront settings failed",
  web_pixel: "Switching on the checkout pixel failed",
};

export type ActivationStatus = {
  state: "active" | "failed" | "never";
  lastError: string | null;
  attemptedAt: string | null;
  succeededAt: string | null;
  /** The settings changed since the last success (a pixel added, the app URL moved...). */
  stale: boolean;
};

export async function getActivationStatus(shopDomain: string): Promise<ActivationStatus> {
  const [row, desired] = await Promise.all([
    prisma.shopActivation.findUnique({ where: { shopDomain } }),
    desiredStorefrontConfig(shopDomain),
  ]);
  if (!row) return { state: "never", lastError: null, attemptedAt: null, succeededAt: null, stale: true };
  return {
    state: row.state === "active" ? "active" : "failed",
    lastError: row.lastError,
    attemptedAt: row.attemptedAt.toISOString(),
    succeededAt: row.succeededAt?.toISOString() ?? null,
    stale: row.appliedHash !== desired.hash,
  };
}

/** A failed attempt is retried by an admin load at most this often (the Retry button always works). */
export const AUTO_RETRY_AFTER_MS = 60_000;

/**
 * For admin loaders: activates when the shop never was, the last attempt failed, or the
 * settings changed since the last success; otherwise only reads the status.
 */
export async function ensureActivation({
  shopDomain,
  graphql,
  now = new Date(),
}: {
  shopDomain: string;
  graphql: AdminGraphql;
  now?: Date;
}): Promise<ActivationStatus> {
  const status = await getActivationStatus(shopDomain);
  const recentFailure =
    status.state === "failed" && status.attemptedAt !== null && now.getTime() - Date.parse(status.attemptedAt) < AUTO_RETRY_AFTER_MS;
  if ((status.state === "active" && !status.stale) || recentFailure) return status;
  await activateShop({ shopDomain, graphql, now });
  return getActivationStatus(shopDomain);
}

/** For hooks.afterAuth: never lets an activation problem break the merchant's login. */
export async function activateAfterAuth(shopDomain: string, graphql: AdminGraphql): Promise<void> {
  try {
    await activateShop({ shopDomain, graphql });
  } catch (error) {
    console.error(`activation after auth failed for ${shopDomain}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
