import type { PrismaClient } from "@prisma/client";
import { ownedLeasedRows, releaseLeasedRows, renewLeases, settleLeasedRows } from "../db/statements/claim-lease.server";
import { transition, type OutboxStatus } from "./status";

// Every change a worker makes to rows it claimed goes through here, and every one is
// guarded by `leaseOwner = me AND status = 'in_flight'`. A slower worker whose lease
// ran out (and whose rows another worker took over) therefore changes nothing: its
// write matches zero rows. That guard is also what makes "delivered" final: it is set
// in the same statement that checks the lease, and no statement ever moves a
// delivered row back.
//
// The statements are raw (app/db/statements/claim-lease.server.ts says why); this module
// decides the moves and slices the ids.

/** The status of a leased row; every statement here is guarded by it (and by the owner). */
const LEASED = "in_flight" satisfies OutboxStatus;

/**
 * The SQLite driver refuses statements with more than 999 parameters, so id lists (a
 * request may carry 1,000 events) go in slices.
 */
const IDS_PER_STATEMENT = 400;
export function slices<T>(items: readonly T[], size = IDS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What a settlement may write besides the status (the lease is always cleared). */
export type Settlement = {
  status: OutboxStatus;
  lastError?: string | null;
  lastErrorCode?: number | null;
  deliveredAt?: Date | null;
  fbtraceId?: string | null;
  nextAttemptAt?: Date;
};

const SETTLEMENT_COLUMNS = ["lastError", "lastErrorCode", "deliveredAt", "fbtraceId", "nextAttemptAt"] as const;

/**
 * Ends a lease: the rows leave in_flight for `status`. Returns the unawaited queries so
 * callers commit them in one transaction with the DeliveryAttempt that explains them;
 * `settledCount` adds up their results.
 */
export function settleOwned(db: PrismaClient, workerId: string, ids: readonly string[], { status, ...data }: Settlement) {
  const move = transition(LEASED, status);
  const columns = SETTLEMENT_COLUMNS.filter((column) => data[column] !== undefined).map(
    (column) => [column, data[column] ?? null] as const,
  );
  const updatedAt = new Date();
  return slices(ids).map((slice) =>
    settleLeasedRows(db, { ids: slice, workerId, fromStatus: LEASED, toStatus: move.data.status, columns, updatedAt }),
  );
}

export function settledCount(results: ReadonlyArray<unknown>): number {
  return results.reduce<number>(
    (total, result) => total + (typeof result === "number" ? result : ((result as { count?: number })?.count ?? 0)),
    0,
  );
}

/** settleOwned, committed on its own. */
export async function settleOwnedNow(db: PrismaClient, workerId: string, ids: readonly string[], data: Settlement): Promise<number> {
  return settledCount(await db.$transaction(settleOwned(db, workerId, ids, data)));
}

/**
 * Just before a request goes out: returns the ids still ours, and makes sure their lease
 * outlives the request. Only those are sent: a row whose lease was lost to another worker
 * (or that was deleted meanwhile) is never sent by this one.
 *
 * The lease is extended (a write: each row's page and two of its indexes) only when the
 * one the rows hold ends within `mustLastMs`; a lease with more left than that cannot be
 * taken over before the request and its settlement are done, so a read checks ownership.
 * Right after a claim (the common case) that saves one of the three writes a delivered row
 * costs. `heldUntil` is the earliest lease end the caller knows of for these rows.
 */
export async function renewLease(
  db: PrismaClient,
  workerId: string,
  ids: readonly string[],
  leaseUntil: Date,
  lease: { heldUntil?: Date; now?: Date; mustLastMs?: number } = {},
): Promise<Set<string>> {
  transition(LEASED, "in_flight"); // a renewal is a move of the table too (in_flight stays in_flight)
  const { heldUntil, now = new Date(), mustLastMs = Infinity } = lease;
  const stillLong = heldUntil !== undefined && heldUntil.getTime() - now.getTime() >= mustLastMs;
  const owned = new Set<string>();
  for (const slice of slices(ids)) {
    // nextAttemptAt follows the lease so an abandoned row is due when the lease ends.
    const rows = stillLong
      ? await ownedLeasedRows(db, { ids: slice, workerId, status: LEASED })
      : await renewLeases(db, { ids: slice, workerId, status: LEASED, leaseUntil, updatedAt: new Date() });
    for (const row of rows) owned.add(row.id);
  }
  return owned;
}

/**
 * Gives back rows this worker claimed but did not send (graceful stop, or an error
 * before the request): due again now, and the claim's attempt is not counted.
 */
export async function releaseOwned(db: PrismaClient, workerId: string, now: Date, ids?: readonly string[]): Promise<number> {
  const move = transition(LEASED, "pending");
  const updatedAt = new Date();
  const release = (only?: readonly string[]) =>
    releaseLeasedRows(db, { ids: only, workerId, fromStatus: LEASED, toStatus: move.data.status, now, updatedAt });
  const queries = ids ? slices(ids).map((slice) => release(slice)) : [release()];
  return settledCount(await db.$transaction(queries));
}
