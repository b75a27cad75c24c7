import type { Prisma, PrismaClient } from "@prisma/client";

// Every change a worker makes to rows it claimed goes through here, and every one is
// guarded by `leaseOwner = me AND status = 'in_flight'`. A slower worker whose lease
// ran out (and whose rows another worker took over) therefore changes nothing: its
// write matches zero rows. That guard is also what makes "delivered" final: it is set
// in the same statement that checks the lease, and no statement ever moves a
// delivered row back.

/**
 * Ends a lease: the row leaves in_flight for `data.status`. Returns the unawaited query
 * so callers can commit it in one transaction with the DeliveryAttempt that explains it.
 */
export function settleOwned(db: PrismaClient, workerId: string, ids: readonly string[], data: Prisma.OutboxEventUpdateManyMutationInput) {
  return db.outboxEvent.updateMany({
    where: { id: { in: [...ids] }, leaseOwner: workerId, status: "in_flight" },
    data: { ...data, leaseOwner: null, leaseUntil: null },
  });
}

/**
 * Extends the lease just before a request goes out and returns the ids still ours.
 * Only those are sent: a row whose lease was lost to another worker is never sent by
 * this one, and a renewed lease outlives the request (leaseMs > the client's timeout).
 */
export async function renewLease(db: PrismaClient, workerId: string, ids: readonly string[], leaseUntil: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.outboxEvent.updateManyAndReturn({
    where: { id: { in: [...ids] }, leaseOwner: workerId, status: "in_flight" },
    // nextAttemptAt follows the lease so an abandoned row is due when the lease ends.
    data: { leaseUntil, nextAttemptAt: leaseUntil },
    select: { id: true },
  });
  return new Set(rows.map((row) => row.id));
}

/**
 * Gives back rows this worker claimed but did not send (graceful stop, or an error
 * before the request): due again now, and the claim's attempt is not counted.
 */
export async function releaseOwned(db: PrismaClient, workerId: string, now: Date, ids?: readonly string[]): Promise<number> {
  const { count } = await db.outboxEvent.updateMany({
    where: { leaseOwner: workerId, status: "in_flight", ...(ids && { id: { in: [...ids] } }) },
    data: { status: "pending", leaseOwner: null, leaseUntil: null, nextAttemptAt: now, attempts: { decrement: 1 } },
  });
  return count;
}

/**
 * A token or permission problem: the destination stops, and its waiting events stop
 * with it (nothing is dropped; resumeDestination brings them back). Idempotent when
 * several requests of the same destination fail at once.
 */
export async function pauseDestination(
  db: PrismaClient,
  input: { destinationId: string; workerId: string; ownedIds: readonly string[]; reason: string; code: number | null; now: Date },
): Promise<number> {
  const { destinationId, workerId, ownedIds, reason, code, now } = input;
  const note = { lastError: `Destination paused: ${reason}`, lastErrorCode: code };
  const [, owned, waiting] = await db.$transaction([
    db.destination.updateMany({ where: { id: destinationId, pausedAt: null }, data: { pausedAt: now, pausedReason: reason } }),
    db.outboxEvent.updateMany({
      where: { id: { in: [...ownedIds] }, leaseOwner: workerId, status: "in_flight" },
      data: { status: "paused", leaseOwner: null, leaseUntil: null, ...note },
    }),
    db.outboxEvent.updateMany({ where: { destinationId, status: { in: ["pending", "retry"] } }, data: { status: "paused", ...note } }),
  ]);
  return owned.count + waiting.count;
}
