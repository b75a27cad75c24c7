import { randomBytes } from "node:crypto";
import { shopSettingsSchema, type ShopSettings, type ShopSettingsInput } from "../capi";
import prisma from "../db.server";
import { readShopSettings } from "../outbox/stored-row";

export type ShopRecord = Awaited<ReturnType<typeof prisma.shop.findUnique>> & {};

/** The shop's row, created with default settings the first time Tandem hears of it. */
export async function ensureShop(domain: string): Promise<NonNullable<ShopRecord>> {
  const existing = await prisma.shop.findUnique({ where: { domain } });
  if (existing) return existing;
  return prisma.shop.upsert({
    where: { domain },
    create: { domain, shopKey: randomBytes(18).toString("base64url") },
    update: {},
  });
}

export async function getShop(domain: string) {
  return prisma.shop.findUnique({ where: { domain } });
}

export async function getShopByKey(shopKey: string) {
  return prisma.shop.findUnique({ where: { shopKey } });
}

/**
 * The settings stored for a shop. Missing fields take their defaults; a row that cannot
 * be read fails closed: defaults with strict consent (app/outbox/stored-row.ts, the one
 * reader the ingest, the receipts and the worker share). The save path below is where
 * invalid input is refused, with the merchant's message.
 */
export const readSettings: (stored: string | null | undefined) => ShopSettings = readShopSettings;

export type SettingsSaveResult = { ok: true; settings: ShopSettings } | { ok: false; errors: { path: string; message: string }[] };

/** Validates and stores settings; nothing is written when any field is invalid. */
export async function saveShopSettings(domain: string, input: ShopSettingsInput): Promise<SettingsSaveResult> {
  const parsed = shopSettingsSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) };
  }
  await ensureShop(domain);
  await prisma.shop.update({ where: { domain }, data: { settings: JSON.stringify(parsed.data) } });
  return { ok: true, settings: parsed.data };
}
