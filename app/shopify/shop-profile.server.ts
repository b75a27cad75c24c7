import { z } from "zod";
import prisma from "../db.server";
import { runGraphql, type AdminGraphql } from "./admin-graphql.server";

// The shop's timezone (days on the overview and orders page are the shop's days) and its
// contact email (the default recipient of health alerts), read once from the Admin API
// and kept on the Shop row. Until Shopify answers, days are UTC and alerts go nowhere.

export const SHOP_PROFILE_QUERY = `query TandemShopProfile { shop { ianaTimezone contactEmail } }`;

const answerSchema = z.object({
  shop: z.object({ ianaTimezone: z.string().nullish(), contactEmail: z.string().nullish() }),
});

export type ShopProfile = { timezone: string; contactEmail: string | null; alertEmails: string[] };

export async function getShopProfile(shopDomain: string, graphql?: AdminGraphql): Promise<ShopProfile> {
  let row = await prisma.shop.findUnique({
    where: { domain: shopDomain },
    select: { timezone: true, contactEmail: true, alertEmails: true },
  });
  if (row && !row.timezone && graphql) {
    const result = await runGraphql<unknown>(graphql, SHOP_PROFILE_QUERY);
    const parsed = result.ok ? answerSchema.safeParse(result.data) : null;
    if (parsed?.success) {
      const timezone = validTimezone(parsed.data.shop.ianaTimezone) ?? "UTC";
      const contactEmail = validEmail(parsed.data.shop.contactEmail);
      row = await prisma.shop.update({
        where: { domain: shopDomain },
        data: { timezone, contactEmail },
        select: { timezone: true, contactEmail: true, alertEmails: true },
      });
    }
  }
  return {
    timezone: validTimezone(row?.timezone) ?? "UTC",
    contactEmail: row?.contactEmail ?? null,
    alertEmails: parseEmailList(row?.alertEmails),
  };
}

export function validTimezone(zone: string | null | undefined): string | null {
  if (!zone) return null;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone;
  } catch {
    return null;
  }
}

const emailSchema = z.email();
export function validEmail(value: string | null | undefined): string | null {
  return value && emailSchema.safeParse(value.trim()).success ? value.trim() : null;
}

export function parseEmailList(value: string | null | undefined): string[] {
  return (value ?? "")
    .split(/[,;\s]+/)
    .map((entry) => validEmail(entry))
    .filter((entry): entry is string => entry !== null);
}

/** Who gets health alerts: the addresses set in settings, else the shop's contact email. */
export function alertRecipients(profile: ShopProfile): string[] {
  return profile.alertEmails.length ? profile.alertEmails : profile.contactEmail ? [profile.contactEmail] : [];
}

/** The entries of a typed list of addresses that are not addresses (the settings form checks before saving anything). */
export function invalidAlertEmails(input: string): string[] {
  return input
    .split(/[,;\s]+/)
    .map((entry) => entry.trim())
    .filter(Boolean)
    .filter((entry) => !validEmail(entry));
}

/** Saves the alert addresses (empty = the shop's contact email). Returns the invalid entries, if any. */
export async function saveAlertEmails(shopDomain: string, input: string): Promise<{ ok: true } | { ok: false; invalid: string[] }> {
  const entries = input
    .split(/[,;\s]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
  const invalid = invalidAlertEmails(input);
  if (invalid.length) return { ok: false, invalid };
  await prisma.shop.update({ where: { domain: shopDomain }, data: { alertEmails: entries.length ? entries.join(",") : null } });
  return { ok: true };
}
