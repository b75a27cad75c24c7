import type { PrismaClient } from "@prisma/client";
import { LONGEST_EVENT_AGE_SECONDS } from "../capi";
import defaultDb from "../db.server";
import { listOutbox } from "./list-query.server";
import { COUNT_CAP } from "./count-cap";
import { BULK_REPLAY_STATUSES, replayVerdict, type BulkReplayStatus } from "./replay-rules";
import { transition, type OutboxStatus } from "./status";

// What the admin UI and the CLI may send again. Every write is scoped by shop so a
// request for one shop can never touch another's rows, and none touches a row that a
// worker holds (in_flight) or is about to take (pending, retry).

/** Statuses a caller may name for a replay; `delivered` also needs `force` (Meta already counted it). */
export const REPLAYABLE_STATUSES = BULK_REPLAY_STATUSES;
export type ReplayableStatus = BulkReplayStatus | "delivered";

type Common = { db?: PrismaClient; now?: Date };

/**
 * Makes chosen events due again: `failed` ones by default, `expired` ones still inside
 * Meta's window, `delivered` only when named AND forced. Never a row whose consent
 * decision is `block` (replay-rules.ts), whatever status is asked for: the where clause
 * repeats that guard so a row re-decided meanwhile is not swept along either.
 * Returns how many rows were requeued.
 */
export async function replayEvents({
  shopDomain,
  ids,
  status = ["failed"],
  force = false,
  db = defaultDb,
  now = new Date(),
}: Common & { shopDomain: string; ids?: readonly string[]; status?: readonly ReplayableStatus[]; force?: boolean }): Promise<number> {
  const wanted = status.filter(
    (s): s is ReplayableStatus => (BULK_REPLAY_STATUSES as readonly string[]).includes(s) || (s === "delivered" && force),
  );
  if (wanted.length === 0 || ids?.length === 0) return 0;
  const scope = { shopDomain, consentAction: { not: "block" }, ...(ids && { id: { in: [...ids] } }) };
  const data = (from: OutboxStatus) => ({
    ...transition(from, "pending").data,
    nextAttemptAt: now,
    attempts: 0,
    leaseOwner: null,
    leaseUntil: null,
    lastError: `Replayed from ${from} at ${now.toISOString()}.`,
    lastErrorCode: null,
    ...(from === "delivered" && { deliveredAt: null }),
  });
  let total = 0;
  for (const from of wanted) {
    if (from === "expired") {
      // Only those Meta would still accept: the rest would expire again on the next claim.
      const rows = await db.outboxEvent.findMany({
        where: { ...scope, status: from },
        select: { id: true, status: true, consentAction: true, eventTime: true, payload: true },
      });
      const sendable = rows.filter((row) => replayVerdict(row, now).kind === "replay").map((row) => row.id);
      for (let i = 0; i < sendable.length; i += 500) {
        const slice = sendable.slice(i, i + 500);
        total += (await db.outboxEvent.updateMany({ where: { ...scope, status: from, id: { in: slice } }, data: data(from) })).count;
      }
    } else {
      total += (await db.outboxEvent.updateMany({ where: { ...scope, status: from }, data: data(from) })).count;
    }
  }
  return total;
}

export type ReplayCounts = { failed: number; expiredSendable: number; expiredTooOld: number; paused: number; blocked: number };

/**
 * What a bulk replay would do now, for the confirmation that says how many. Each count
 * stops at COUNT_CAP + 1 (the caller shows "10,000+"); the replay itself takes them all.
 */
export async function countReplayable({
  shopDomain,
  db = defaultDb,
  now = new Date(),
}: Common & { shopDomain: string }): Promise<ReplayCounts> {
  const count = async (status: OutboxStatus) =>
    (await listOutbox(shopDomain, { statuses: [status] }, { limit: 0, cap: COUNT_CAP }, db)).counted;
  // Only expired rows young enough for the longest window (point of sale) can qualify.
  const [failed, expired, paused, blocked, young] = await Promise.all([
    // From the index alone. A failed row never carries a `block` decision: decideRow turns
    // a block into `blocked` at once, and a blocked row is never claimed, so it cannot fail.
    // The replay's consent guard stays all the same; counting it here read every failed
    // row of the shop (76 ms of the event log page at 100,000 failed).
    count("failed"),
    count("expired"),
    count("paused"),
    count("blocked"),
    db.outboxEvent.findMany({
      where: {
        shopDomain,
        status: "expired",
        consentAction: { not: "block" },
        eventTime: { gte: Math.floor(now.getTime() / 1000) - LONGEST_EVENT_AGE_SECONDS },
      },
      select: { status: true, consentAction: true, eventTime: true, payload: true },
    }),
  ]);
  const expiredSendable = young.filter((row) => replayVerdict(row, now).kind === "replay").length;
  return { failed, expiredSendable, expiredTooOld: Math.max(0, expired - expiredSendable), paused, blocked };
}
