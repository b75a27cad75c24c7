import { Prisma, type PrismaClient } from "@prisma/client";
import type { DatabaseProvider } from "../provider";
import type { ShoppersByReason } from "./consent-counts.server";

/**
 * CONSENT SLOTS: the consent page's counts from ConsentCount (docs/decisions/051), and their
 * rebuild from ConsentShopper for the slots the triggers named in ConsentDirty. The same
 * text on both databases except the PostgreSQL lock. Why raw:
 * docs/decisions/023-one-place-for-statements.md, "Consent counts".
 */

type Db = Pick<PrismaClient, "$queryRaw" | "$executeRaw">;

/** The 15-minute UTC slots of "createdAt" the consent triggers name. */
export const CONSENT_SLOT_SECONDS = 900;

/**
 * Shoppers per reason and action whose newest slot is at or after each start (slot-aligned
 * seconds): one read of at most a month of slots per reason.
 */
export function shoppersFromCounts(
  db: Db,
  shopDomain: string,
  starts: { today: number; week: number; month: number },
): Promise<ShoppersByReason[]> {
  return db.$queryRaw<ShoppersByReason[]>`
    SELECT "reason", "action",
           SUM(CASE WHEN "slot" >= ${starts.today} THEN "shoppers" ELSE 0 END) AS "today",
           SUM(CASE WHEN "slot" >= ${starts.week} THEN "shoppers" ELSE 0 END) AS "week",
           SUM("shoppers") AS "month"
      FROM "ConsentCount"
     WHERE "shopDomain" = ${shopDomain} AND "slot" >= ${starts.month}
     GROUP BY "reason", "action"`;
}

/** Whether the shop has a slot waiting (a read: most page loads find nothing). */
export async function hasConsentDirty(db: Db, shopDomain: string): Promise<boolean> {
  const rows = await db.$queryRaw<{ slot: number }[]>`SELECT "slot" FROM "ConsentDirty" WHERE "shopDomain" = ${shopDomain} LIMIT 1`;
  return rows.length > 0;
}

/** Takes the shop's first `limit` waiting slots: reads, then deletes their names. */
export async function takeConsentDirty(db: Db, shopDomain: string, limit: number): Promise<number[]> {
  const rows = await db.$queryRaw<{ slot: number | bigint }[]>`
    SELECT DISTINCT "slot" FROM "ConsentDirty" WHERE "shopDomain" = ${shopDomain} ORDER BY "slot" LIMIT ${limit}`;
  const slots = rows.map((row) => Number(row.slot));
  // Names first, rebuild second: a change that commits after this statement keeps its name.
  if (slots.length > 0)
    await db.$executeRaw`DELETE FROM "ConsentDirty" WHERE "shopDomain" = ${shopDomain} AND "slot" IN (${Prisma.join(slots)})`;
  return slots;
}

/** Recounts these slots: the shoppers whose newest slot for a reason and action is the slot. */
export async function rebuildConsentSlots(db: Db, shopDomain: string, slots: number[]): Promise<void> {
  if (slots.length === 0) return;
  await db.$executeRaw`DELETE FROM "ConsentCount" WHERE "shopDomain" = ${shopDomain} AND "slot" IN (${Prisma.join(slots)})`;
  await db.$executeRaw`
    INSERT INTO "ConsentCount" ("shopDomain", "slot", "reason", "action", "shoppers")
    SELECT a."shopDomain", a."slot", a."reason", a."action", COUNT(*) FROM "ConsentShopper" a
     WHERE a."shopDomain" = ${shopDomain} AND a."slot" IN (${Prisma.join(slots)})
       AND NOT EXISTS (SELECT 1 FROM "ConsentShopper" b WHERE b."shopDomain" = a."shopDomain" AND b."shopper" = a."shopper"
                          AND b."reason" = a."reason" AND b."action" = a."action" AND b."slot" > a."slot")
     GROUP BY a."shopDomain", a."slot", a."reason", a."action"`;
}

/**
 * One rebuild of a shop's consent counts at a time, until the transaction ends. PostgreSQL:
 * a transaction-scoped advisory lock per shop. SQLite: its single writer already does it.
 */
export async function lockShopConsent(db: Db, dialect: DatabaseProvider, shopDomain: string): Promise<void> {
  if (dialect !== "postgresql") return;
  await db.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`tandem-consent-counts:${shopDomain}`}))::text AS "locked"`;
}

/** Every shop with a waiting slot (the worker's housekeeping). */
export async function shopsWithConsentDirty(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<{ shopDomain: string }[]>`SELECT DISTINCT "shopDomain" FROM "ConsentDirty"`;
  return rows.map((row) => row.shopDomain);
}
