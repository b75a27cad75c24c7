import type { PrismaClient } from "@prisma/client";
import { zonedDay, zonedDayStart } from "../format/dates";
import prisma from "../db.server";
import { sqlDialect } from "../db/dialect.server";
import { shoppersByConsentReason, type ShoppersByReason } from "../db/statements/consent-counts.server";
import {
  CONSENT_SLOT_SECONDS,
  hasConsentDirty,
  lockShopConsent,
  rebuildConsentSlots,
  shoppersFromCounts,
  shopsWithConsentDirty,
  takeConsentDirty,
} from "../db/statements/consent-slots.server";

export type ReasonCounts = { reason: string; action: string; today: number; week: number; month: number };

/** Slots recounted per transaction: a short write lock, however big the backlog. */
const SLOTS_PER_BATCH = 96;

/**
 * Brings the shop's consent counts up to date: takes the slots the consent triggers named,
 * deletes the names and recounts those slots, in one transaction per batch (a change that
 * commits after the names were taken leaves its own). Rebuilds of one shop run one at a
 * time (SQLite: one writer; PostgreSQL: an advisory lock). True when nothing is left.
 */
export async function refreshConsentCounts(shopDomain: string, options: { maxBatches?: number; db?: PrismaClient } = {}): Promise<boolean> {
  const db = options.db ?? prisma;
  const dialect = sqlDialect(db);
  for (let batch = 0; batch < (options.maxBatches ?? 10); batch++) {
    if (!(await hasConsentDirty(db, shopDomain))) return true;
    await db.$transaction(
      async (tx) => {
        await lockShopConsent(tx, dialect, shopDomain);
        await rebuildConsentSlots(tx, shopDomain, await takeConsentDirty(tx, shopDomain, SLOTS_PER_BATCH));
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }
  return !(await hasConsentDirty(db, shopDomain));
}

/** Every shop's waiting slots (the worker's housekeeping): names do not pile up on a page nobody opens. */
export async function refreshAllConsentCounts(options: { db?: PrismaClient } = {}): Promise<{ shops: number }> {
  const db = options.db ?? prisma;
  const shops = await shopsWithConsentDirty(db);
  for (const shopDomain of shops) await refreshConsentCounts(shopDomain, { db, maxBatches: 1_000_000 });
  return { shops: shops.length };
}

/** The starts of the page's three periods: today, the last 7 and the last 30 days (the shop's days). */
export function consentPeriods(timeZone: string, now: Date): { todayFrom: Date; weekFrom: Date; monthFrom: Date } {
  const today = zonedDay(now, timeZone);
  const daysAgo = (n: number) =>
    zonedDayStart(new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10), timeZone);
  return { todayFrom: zonedDayStart(today, timeZone), weekFrom: daysAgo(6), monthFrom: daysAgo(29) };
}

/**
 * How many shoppers each consent reason decided for: today, the last 7 and the last 30
 * days (the shop's days), most frequent first. A shopper is a checkout, else the event
 * itself: counted once whatever the number of pixels the decision was made for. Test
 * orders are left out. Read from the per-slot counts (docs/decisions/051): a shopper counts
 * for a period when its newest event with that reason is in it. Counting the rows instead
 * (`shoppersByConsentReason`) took 0.5 to 3.7 s at a million events; it is still the answer
 * when a period does not start on a slot or a backlog of changes is too big for one load.
 */
export async function consentReasonCounts(shopDomain: string, timeZone: string, now = new Date()): Promise<ReasonCounts[]> {
  const periods = consentPeriods(timeZone, now);
  const seconds = [periods.todayFrom, periods.weekFrom, periods.monthFrom].map((d) => d.getTime() / 1000);
  const aligned = seconds.every((s) => Number.isInteger(s) && s % CONSENT_SLOT_SECONDS === 0);
  let rows: ShoppersByReason[];
  if (aligned && (await refreshConsentCounts(shopDomain))) {
    rows = await shoppersFromCounts(prisma, shopDomain, { today: seconds[0], week: seconds[1], month: seconds[2] });
  } else {
    rows = await shoppersByConsentReason(prisma, shopDomain, periods);
  }
  return rows
    .map((row) => ({ reason: row.reason, action: row.action, today: Number(row.today), week: Number(row.week), month: Number(row.month) }))
    .filter((row) => row.month > 0)
    .sort((a, b) => b.month - a.month || a.reason.localeCompare(b.reason) || a.action.localeCompare(b.action));
}
