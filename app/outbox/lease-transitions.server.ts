import { Prisma, type PrismaClient } from "@prisma/client";
import { transition, type OutboxStatus } from "./status";

// Every change a worker makes to rows it claimed goes through here, and every one is
// guarded by `leaseOwner = me AND status = 'in_flight'`. A slower worker whose lease
// ran out (and whose rows another worker took over) therefore changes nothing: its
// write matches zero rows. That guard is also what makes "delivered" final: it is set
// in the same statement that checks the lease, and no statement ever moves a
// delivered row back.
//
// RAW SQL, and why (docs/decisions/013): typed Prisma compiled each `id IN (...)` write
// in its query compiler on every call. Measured on the bench's 2,200 rows in batches of
// about 130 (docs/benchmarks.md, change log, 2026-12-02): renewing a lease cost 216 us of CPU
// per row, a settlement 241 us, the release of rows already settled 100 us; the same
// statements raw cost a small fraction of that. Same statements as Prisma issued: the
// columns set, `updatedAt` set to the time of the call (what @updatedAt did), the guard.

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
  const move = transition("in_flight", status);
  const sets = [
    Prisma.sql`"status" = ${move.data.status}`,
    ...SETTLEMENT_COLUMNS.filter((column) => data[column] !== undefined).map(
      (column) => Prisma.sql`${Prisma.raw(`"${column}"`)} = ${data[column] ?? null}`,
    ),
    Prisma.sql`"leaseOwner" = NULL`,
    Prisma.sql`"leaseUntil" = NULL`,
    Prisma.sql`"updatedAt" = ${new Date()}`,
  ];
  return slices(ids).map(
    (slice) => db.$executeRaw`
      UPDATE "OutboxEvent" SET ${Prisma.join(sets, ", ")}
       WHERE "id" IN (${Prisma.join(slice)}) AND "leaseOwner" = ${workerId} AND "status" = ${move.where.status}`,
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
 * Extends the lease just before a request goes out and returns the ids still ours.
 * Only those are sent: a row whose lease was lost to another worker is never sent by
 * this one, and a renewed lease outlives the request (leaseMs > the client's timeout).
 */
export async function renewLease(db: PrismaClient, workerId: string, ids: readonly string[], leaseUntil: Date): Promise<Set<string>> {
  const keep = transition("in_flight", "in_flight");
  const owned = new Set<string>();
  for (const slice of slices(ids)) {
    // nextAttemptAt follows the lease so an abandoned row is due when the lease ends.
    const rows = await db.$queryRaw<{ id: string }[]>`
      UPDATE "OutboxEvent" SET "leaseUntil" = ${leaseUntil}, "nextAttemptAt" = ${leaseUntil}, "updatedAt" = ${new Date()}
       WHERE "id" IN (${Prisma.join(slice)}) AND "leaseOwner" = ${workerId} AND "status" = ${keep.where.status}
      RETURNING "id"`;
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
  const release = (only: Prisma.Sql) => db.$executeRaw`
    UPDATE "OutboxEvent"
       SET "status" = ${move.data.status}, "leaseOwner" = NULL, "leaseUntil" = NULL, "nextAttemptAt" = ${now}, "attempts" = "attempts" - 1, "updatedAt" = ${new Date()}
     WHERE "leaseOwner" = ${workerId} AND "status" = ${move.where.status} ${only}`;
  const queries = ids ? slices(ids).map((slice) => release(Prisma.sql`AND "id" IN (${Prisma.join(slice)})`)) : [release(Prisma.empty)];
  return settledCount(await db.$transaction(queries));
}
