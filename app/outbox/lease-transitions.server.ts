import type { Prisma, PrismaClient } from "@prisma/client";
import { transition, type OutboxStatus } from "./status";

// Every change a worker makes to rows it claimed goes through here, and every one is
// guarded by `leaseOwner = me AND status = 'in_flight'`. A slower worker whose lease
// ran out (and whose rows another worker took over) therefore changes nothing: its
// write matches zero rows. That guard is also what makes "delivered" final: it is set
// in the same statement that checks the lease, and no statement ever moves a
// delivered row back.

/**
 * Prisma binds one parameter per id and its SQLite driver refuses statements with more
 * than 999 parameters, so id lists (a request may carry 1,000 events) go in slices.
 */
const IDS_PER_STATEMENT = 400;
export function slices<T>(items: readonly T[], size = IDS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Ends a lease: the rows leave in_flight for `data.status`. Returns the unawaited
 * queries so callers commit them in one transaction with the DeliveryAttempt that
 * explains them; `settledCount` adds up their results.
 */
export type Settlement = Omit<Prisma.OutboxEventUpdateManyMutationInput, "status"> & { status: OutboxStatus };

export function settleOwned(db: PrismaClient, workerId: string, ids: readonly string[], { status, ...data }: Settlement) {
  const move = transition("in_flight", status);
  return slices(ids).map((slice) =>
    db.outboxEvent.updateMany({
      where: { id: { in: slice }, leaseOwner: workerId, ...move.where },
      data: { ...data, ...move.data, leaseOwner: null, leaseUntil: null },
    }),
  );
}

export function settledCount(results: ReadonlyArray<unknown>): number {
  return results.reduce<number>((total, result) => total + ((result as { count?: number })?.count ?? 0), 0);
}

/** settleOwned, committed on its own. */
export async function settleOwnedNow(db: PrismaClient, workerId: string, ids: readonly string[], data: Settlement): Promise<number> {
  return settledCount(await db.$transaction(settleOwned(db, workerId, ids, data)));
}

/**
 * Extends the lease just before a request goes out and returns the ids still ours.
 * Only those are sent: a row whose lease was lost to another worker is never sent by
 * this one, and a renewed lease outlives the request (leaseMs > the client's timeout).
 */
export async function renewLease(db: PrismaClient, workerId: string, ids: readonly string[], leaseUntil: Date): Promise<Set<string>> {
  const owned = new Set<string>();
  for (const slice of slices(ids)) {
    const rows = await db.outboxEvent.updateManyAndReturn({
      where: { id: { in: slice }, leaseOwner: workerId, ...transition("in_flight", "in_flight").where },
      // nextAttemptAt follows the lease so an abandoned row is due when the lease ends.
      data: { leaseUntil, nextAttemptAt: leaseUntil },
      select: { id: true },
    });
    for (const row of rows) owned.add(row.id);
  }
  return owned;
}

/**
 * Gives back rows this worker claimed but did not send (graceful stop, or an error
 * before the request): due again now, and the claim's attempt is not counted.
 */
export async function releaseOwned(db: PrismaClient, workerId: string, now: Date, ids?: readonly string[]): Promise<number> {
  const move = transition("in_flight", "pending");
  const data = { ...move.data, leaseOwner: null, leaseUntil: null, nextAttemptAt: now, attempts: { decrement: 1 } };
  const where = { leaseOwner: workerId, ...move.where };
  const queries = ids ? slices(ids).map((slice) => db.outboxEvent.updateMany({ where: { ...where, id: { in: slice } }, data })) : [db.outboxEvent.updateMany({ where, data })];
  return settledCount(await db.$transaction(queries));
}
