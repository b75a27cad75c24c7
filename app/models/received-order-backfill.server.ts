import type { PrismaClient } from "@prisma/client";
import prisma from "../db.server";
import {
  backfillFromOutbox,
  backfillFromReceipts,
  markDataTaskDone,
  migrationFinishedAt,
  outboxEventTimeRange,
  shopsWithStoredEvents,
} from "../db/statements/received-orders.server";

// Shops that received orders before ReceivedOrder existed (migration
// 20261202042444_received_orders_and_alerts) have outbox rows and webhook receipts but no
// reconciliation rows, so the overview said "0 orders received" next to purchases Meta
// accepted. This builds their rows from what is stored, once per shop, in batches of one
// day, idempotently (an order that has a row is left alone; a second run, or two
// instances at once, add nothing). Only what is known is written: the order id, its event,
// test flag, event time and outcome; the name, number, total and currency were never
// stored and stay empty (the orders page then titles it by its id).

const TASK = "received-orders-backfill";
const DAY_SECONDS = 86_400;

type Db = PrismaClient;

/** The outcome of an order queued for Meta; receipts of orders that queued nothing: their outcomes, and which keeps its reason. */
const QUEUED = "queued";
const SKIPPED = "skipped";
const QUEUED_NOTHING = [SKIPPED, "not_configured", "shop_uninstalled"] as const;

/** Backfills every shop that needs it (npm run setup, the worker's housekeeping). */
export async function backfillReceivedOrders(options: { db?: Db } = {}): Promise<{ shops: number; inserted: number }> {
  const db = options.db ?? prisma;
  const shops = await shopsWithStoredEvents(db);
  let inserted = 0;
  for (const shopDomain of shops) inserted += await ensureReceivedOrdersBackfilled(shopDomain, { db });
  return { shops: shops.length, inserted };
}

/** One shop's backfill, unless it was done: one look-up by primary key then (the admin pages call it on load). */
export async function ensureReceivedOrdersBackfilled(shopDomain: string, options: { db?: Db } = {}): Promise<number> {
  const db = options.db ?? prisma;
  const name = `${TASK}:${shopDomain}`;
  if (await db.dataTask.findUnique({ where: { name }, select: { name: true } })) return 0;
  const cutoff = await receivedOrdersSince(db);
  let inserted = 0;
  const { low, high } = await outboxEventTimeRange(db, shopDomain, cutoff);
  if (low !== null && high !== null) {
    for (let from = low - (low % DAY_SECONDS); from <= high; from += DAY_SECONDS) {
      inserted += await backfillFromOutbox(db, { shopDomain, from, to: from + DAY_SECONDS, cutoff, outcome: QUEUED });
    }
  }
  // Orders and checkouts that queued nothing (skipped, before setup, after uninstall):
  // only their webhook receipt tells of them (kept for the retention period).
  inserted += await backfillFromReceipts(db, { shopDomain, cutoff, outcomes: QUEUED_NOTHING, skippedOutcome: SKIPPED });
  // Two page loads may finish it at once: the first marker stands.
  await markDataTaskDone(db, name, new Date());
  return inserted;
}

/** When ReceivedOrder started being written: rows created after it have theirs. */
async function receivedOrdersSince(db: Db): Promise<Date> {
  try {
    const finished = await migrationFinishedAt(db, "_received_orders_and_alerts");
    if (finished) return finished;
  } catch {
    // A database made without Prisma's migration table: every row is a candidate.
  }
  return new Date();
}
