import type { Prisma, PrismaClient } from "@prisma/client";
import { EARLIEST_SANE_MS, FUTURE_SLACK_MS, SERVER_EVENT_NAMES } from "../capi";
import prisma from "../db.server";
import { sqlDialect } from "../db/dialect.server";
import {
  clearDirtySlots,
  deleteRollupSlots,
  dirtySlots,
  hasDirtySlot,
  insertRollupRun,
  lockShopRollups,
  ROLLUP_SLOT_SECONDS,
  rollupSumsBetween,
  rollupSumsByStart,
  shopsWithDirtySlots,
} from "../db/statements/rollups.server";

// The admin's figures per shop and per 15-minute UTC slot (AdminRollup), rebuilt from the
// rows for the slots that database triggers named in RollupDirty (docs/decisions/016).
// A slot is rebuilt, never incremented: "the most advanced status of each Purchase event
// id over the shop's pixels" is not a counter two transactions could both bump, and a
// rebuild from the rows is right whatever happened in between. Fifteen minutes because
// every time zone's midnight falls on a quarter hour, so a shop's days are whole slots.
// The statements: app/db/statements/rollups.server.ts.

export const SLOT_SECONDS = ROLLUP_SLOT_SECONDS;

type Db = PrismaClient | Prisma.TransactionClient;

/** Slots within this distance are rebuilt by one range scan (the rows between are few). */
const RUN_GAP_SLOTS = 4;

/** Contiguous-enough runs of sorted slots: one set of statements per run, not per slot. */
function runsOf(slots: number[]): number[][] {
  const runs: number[][] = [];
  for (const slot of slots) {
    const run = runs[runs.length - 1];
    if (run && slot - run[run.length - 1] <= RUN_GAP_SLOTS * SLOT_SECONDS) run.push(slot);
    else runs.push([slot]);
  }
  return runs;
}

/** Recomputes the AdminRollup rows of these slots from OutboxEvent and ReceivedOrder. */
export async function rebuildSlots(db: Db, dialect: "sqlite" | "postgresql", shopDomain: string, slots: number[]): Promise<void> {
  if (slots.length === 0) return;
  await deleteRollupSlots(db, shopDomain, slots);
  for (const run of runsOf(slots)) {
    const low = run[0];
    const high = run[run.length - 1] + SLOT_SECONDS;
    await insertRollupRun(db, dialect, { shopDomain, inRun: run, low, high, serverEventNames: SERVER_EVENT_NAMES });
  }
}

/**
 * Whether a slot can be rebuilt: inside the sane date range (app/capi/date-range.ts).
 * Rows written before that range was enforced may carry a date in the year 9999, whose
 * slot end is not a date Prisma or the databases can take; such a slot's name is dropped
 * and the slot never shown, instead of failing every overview load.
 */
export function isRebuildableSlot(slot: number, now: Date): boolean {
  return Number.isSafeInteger(slot) && slot * 1000 >= EARLIEST_SANE_MS && slot * 1000 <= now.getTime() + FUTURE_SLACK_MS;
}

/** Slots rebuilt per transaction: a short write lock, however big the backlog. */
const SLOTS_PER_BATCH = 96;

/**
 * Brings the shop's rollups up to date: takes the slots RollupDirty names, deletes
 * those names and rebuilds the slots, in one transaction per batch. Correct with several
 * writers and instances: a change committed after the names were taken leaves its own
 * name behind (the triggers write it in the change's transaction), so it is rebuilt next
 * time; rebuilds of one shop run one at a time (SQLite: one writer; PostgreSQL: a
 * transaction-scoped advisory lock per shop), so an older rebuild never overwrites a
 * newer one. Returns true when nothing is left to rebuild, false when `maxBatches` ran out.
 */
export async function refreshRollups(shopDomain: string, options: { maxBatches?: number; db?: PrismaClient } = {}): Promise<boolean> {
  const db = options.db ?? prisma;
  const maxBatches = options.maxBatches ?? 10;
  const dialect = sqlDialect(db);
  for (let batch = 0; batch < maxBatches; batch++) {
    // A read first: most calls find nothing, and a read takes no write lock.
    if (!(await hasDirtySlot(db, shopDomain))) return true;
    await db.$transaction(
      async (tx) => {
        await lockShopRollups(tx, dialect, shopDomain);
        const slots = await dirtySlots(tx, shopDomain, SLOTS_PER_BATCH);
        if (slots.length === 0) return;
        // Names first, rebuild second: what commits after this statement keeps its name.
        await clearDirtySlots(tx, shopDomain, slots);
        const now = new Date();
        await rebuildSlots(
          tx,
          dialect,
          shopDomain,
          slots.filter((slot) => isRebuildableSlot(slot, now)),
        );
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }
  return !(await hasDirtySlot(db, shopDomain));
}

/** Every shop with slots to rebuild (the worker's housekeeping and `npm run setup`). */
export async function refreshAllRollups(
  options: { db?: PrismaClient; maxBatchesPerShop?: number } = {},
): Promise<{ shops: number; done: boolean }> {
  const db = options.db ?? prisma;
  const shops = await shopsWithDirtySlots(db);
  let done = true;
  for (const shopDomain of shops) {
    if (!(await refreshRollups(shopDomain, { db, maxBatches: options.maxBatchesPerShop ?? 1_000_000 }))) done = false;
  }
  return { shops: shops.length, done };
}

export type RollupRow = { metric: string; key: string; detail: string; n: number; m: number };

/**
 * The rollup rows of the slots from each start (inclusive) on, summed per start: one
 * query for all periods. Starts must be slot-aligned (isSlotAligned).
 */
export async function rollupsSince(shopDomain: string, starts: number[], metrics: string[]): Promise<RollupRow[][]> {
  const sorted = [...new Set(starts)].sort((a, b) => b - a);
  const rows = await rollupSumsByStart(prisma, shopDomain, sorted, metrics);
  // Bucket i holds the slots from sorted[i] up to the previous start: a start's total is
  // its bucket plus every later one.
  return starts.map((start) => {
    const upTo = sorted.indexOf(start);
    const sums = new Map<string, RollupRow>();
    for (const row of rows) {
      if (row.bucket > upTo) continue;
      const id = `${row.metric}\u0000${row.key}\u0000${row.detail}`;
      const sum = sums.get(id) ?? { metric: row.metric, key: row.key, detail: row.detail, n: 0, m: 0 };
      sum.n += row.n;
      sum.m += row.m;
      sums.set(id, sum);
    }
    return [...sums.values()];
  });
}

/** Per slot-aligned range [bounds[i], bounds[i + 1]): the orders metric summed (the daily gap). */
export async function orderRollupsBetween(shopDomain: string, bounds: number[]): Promise<{ received: number; accepted: number }[]> {
  const rows = await rollupSumsBetween(prisma, { shopDomain, metric: "order", keys: null, bounds });
  const byBucket = new Map(rows.map((row) => [row.bucket, row]));
  return bounds.slice(1).map((_, i) => ({ received: byBucket.get(i)?.n ?? 0, accepted: byBucket.get(i)?.m ?? 0 }));
}

export const isSlotAligned = (seconds: number) => Number.isInteger(seconds) && seconds % SLOT_SECONDS === 0;
