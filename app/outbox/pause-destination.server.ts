import type { PrismaClient } from "@prisma/client";
import defaultDb from "../db.server";
import { settledCount, settleOwned } from "./lease-transitions.server";
import { DUE_STATUSES, transition } from "./status";

// Meta refused the destination's token or its permissions (Graph codes 190, 10,
// 200-299, 100 with subcode 33; app/capi/graph-response classifies them as "auth"): the destination is
// paused and so are its events, nothing is dropped. When the merchant enters a new
// token, resumeDestination makes them due again.

/**
 * Pauses the destination, the rows this worker holds for it and its other due rows.
 * Idempotent when several requests of the same destination fail at once.
 */
export async function pauseDestination(
  db: PrismaClient,
  input: { destinationId: string; workerId: string; ownedIds: readonly string[]; reason: string; code: number | null; now: Date },
): Promise<number> {
  const { destinationId, workerId, ownedIds, reason, code, now } = input;
  const note = { lastError: `Paused: ${reason}`, lastErrorCode: code };
  const due = transition(DUE_STATUSES, "paused");
  const [, ...moved] = await db.$transaction([
    db.destination.updateMany({ where: { id: destinationId, pausedAt: null }, data: { pausedAt: now, pausedReason: reason } }),
    ...settleOwned(db, workerId, ownedIds, { status: "paused", ...note }),
    db.outboxEvent.updateMany({ where: { destinationId, ...due.where }, data: { ...due.data, ...note } }),
  ]);
  return settledCount(moved);
}

/**
 * After the merchant fixed the token: the destination runs again and the events it held
 * are due now. Scoped by shop; returns null when the destination does not belong to it.
 */
export async function resumeDestination({
  shopDomain,
  destinationId,
  db = defaultDb,
  now = new Date(),
}: {
  shopDomain: string;
  destinationId: string;
  db?: PrismaClient;
  now?: Date;
}): Promise<{ resumedEvents: number } | null> {
  const resume = transition("paused", "pending");
  const [destination, events] = await db.$transaction([
    db.destination.updateMany({ where: { id: destinationId, shopDomain }, data: { pausedAt: null, pausedReason: null } }),
    db.outboxEvent.updateMany({
      where: { destinationId, shopDomain, ...resume.where },
      data: { ...resume.data, nextAttemptAt: now, lastError: "Resumed: due again." },
    }),
  ]);
  return destination.count === 0 ? null : { resumedEvents: events.count };
}
