import { Prisma, type PrismaClient } from "@prisma/client";
import { sqlDialect } from "../dialect.server";

/**
 * CLAIM AND LEASE: the statements a delivery worker runs on the outbox rows it takes,
 * sends and settles. The statuses, the lease's length and the columns a settlement
 * writes are decided in app/outbox/ (claim.server.ts, lease-transitions.server.ts);
 * these functions only run them. Why raw: docs/decisions/023-one-place-for-statements.md,
 * "Claim and lease".
 */

type Client = Pick<PrismaClient, "$queryRaw" | "$executeRaw">;

/** A claimed row as the driver returns it (SQLite's 0/1 and bigints; the caller normalises). */
export type ClaimedRowRaw = {
  id: string;
  shopDomain: string;
  destinationId: string;
  eventName: string;
  eventId: string;
  payload: string;
  isTest: unknown;
  eventTime: unknown;
  attempts: unknown;
  leaseUntil: unknown;
};

/**
 * claimDueRows: ONE statement picks the due rows and leases them atomically. Typed Prisma
 * cannot express `UPDATE ... WHERE id IN (SELECT ... LIMIT n) RETURNING`; its
 * alternative, a read-then-write interactive transaction, failed with SQLITE_BUSY
 * thousands of times from three processes where this statement had 0 errors. Measured: a
 * claim of 2,000 from 10,000 due rows takes 30.1 ms (`npm run bench:delivery`).
 *
 * One ordered index range per claimable status, each cut to `limit`, then merged: sorting
 * at most 3 x limit rows instead of the whole due backlog (a plain `status IN (...)
 * ORDER BY` sorted every due row: ~100 ms per claim at 100,000 due, under the lock). The
 * `leasedStatus` range takes only rows whose lease ran out. Subqueries carry aliases,
 * which PostgreSQL requires; SQLite accepts them.
 *
 * Dialects: SQLite runs the statement under its write lock (one writer at a time).
 * PostgreSQL runs writers concurrently, so each candidate row is locked as it is picked
 * (`FOR UPDATE OF o SKIP LOCKED`): a row another worker is claiming is skipped, not
 * waited for, and a row it has just claimed no longer passes the re-checked WHERE.
 *
 * Dates: Prisma's SQLite adapter stores DateTime as ISO-8601 text with a fixed "+00:00"
 * suffix and binds Date parameters in the same shape, so comparing against bound Dates
 * compares like with like. Never bind Date.toISOString() strings ("...Z").
 */
export function claimDueRows(
  db: PrismaClient,
  params: {
    claimable: readonly string[];
    leasedStatus: string;
    claimedStatus: string;
    workerId: string;
    limit: number;
    leaseUntil: Date;
    now: Date;
  },
): Promise<ClaimedRowRaw[]> {
  const { claimable, leasedStatus, claimedStatus, workerId, limit, leaseUntil, now } = params;
  const lock = sqlDialect(db) === "postgresql" ? Prisma.sql`FOR UPDATE OF o SKIP LOCKED` : Prisma.empty;
  const due = (status: string) => Prisma.sql`
    SELECT * FROM (
      SELECT o."id", o."nextAttemptAt"
        FROM "OutboxEvent" o
        JOIN "Destination" d ON d."id" = o."destinationId"
        JOIN "Shop" s ON s."domain" = o."shopDomain"
       WHERE o."status" = ${status}
         AND o."nextAttemptAt" <= ${now}
         ${status === leasedStatus ? Prisma.sql`AND (o."leaseUntil" IS NULL OR o."leaseUntil" <= ${now})` : Prisma.empty}
         AND d."enabled" = true
         AND d."pausedAt" IS NULL
         AND s."uninstalledAt" IS NULL
       ORDER BY o."nextAttemptAt"
       LIMIT ${limit}
       ${lock}) AS ${Prisma.raw(`due_${status}`)}`;
  return db.$queryRaw<ClaimedRowRaw[]>(Prisma.sql`
    UPDATE "OutboxEvent"
       SET "status" = ${claimedStatus},
           "leaseOwner" = ${workerId},
           "leaseUntil" = ${leaseUntil},
           "nextAttemptAt" = ${leaseUntil},
           "attempts" = "attempts" + 1,
           "updatedAt" = ${now}
     WHERE "id" IN (
       SELECT "id" FROM (
         ${Prisma.join(claimable.map(due), "\n         UNION ALL\n")}
       ) AS due
       ORDER BY "nextAttemptAt"
       LIMIT ${limit}
     )
    RETURNING "id", "shopDomain", "destinationId", "eventName", "eventId", "payload",
              "eventTime", "isTest", "attempts", "leaseUntil"`);
}

/**
 * The lease statements below are guarded by `leaseOwner = me AND status = <leased>`, so a
 * worker whose lease ran out changes nothing. Why raw: typed Prisma compiled each
 * `id IN (...)` write in its query compiler on every call; on the bench's 2,200 rows in
 * batches of about 130, renewing cost 216 us of CPU per row, a settlement 241 us, a
 * release 100 us; the same statements raw cost a small fraction of that. `ids` is one
 * slice (the SQLite driver refuses more than 999 parameters; the caller slices).
 */

/**
 * settleLeasedRows: ends a lease, writing the settlement's columns. Returned unawaited so
 * the caller commits it in one transaction with the DeliveryAttempt that explains it.
 * `columns` names come from the caller's fixed list of settlement columns, never from input.
 */
export function settleLeasedRows(
  db: Client,
  params: {
    ids: readonly string[];
    workerId: string;
    fromStatus: string;
    toStatus: string;
    columns: ReadonlyArray<readonly [string, unknown]>;
    updatedAt: Date;
  },
): Prisma.PrismaPromise<number> {
  const { ids, workerId, fromStatus, toStatus, columns, updatedAt } = params;
  const sets = [
    Prisma.sql`"status" = ${toStatus}`,
    ...columns.map(([column, value]) => Prisma.sql`${Prisma.raw(`"${column}"`)} = ${value}`),
    Prisma.sql`"leaseOwner" = NULL`,
    Prisma.sql`"leaseUntil" = NULL`,
    Prisma.sql`"updatedAt" = ${updatedAt}`,
  ];
  return db.$executeRaw`
      UPDATE "OutboxEvent" SET ${Prisma.join(sets, ", ")}
       WHERE "id" IN (${Prisma.join(ids)}) AND "leaseOwner" = ${workerId} AND "status" = ${fromStatus}`;
}

/** renewLeases: extends the lease (and nextAttemptAt with it) and returns the ids still owned. */
export function renewLeases(
  db: Client,
  params: { ids: readonly string[]; workerId: string; status: string; leaseUntil: Date; updatedAt: Date },
): Promise<{ id: string }[]> {
  const { ids, workerId, status, leaseUntil, updatedAt } = params;
  return db.$queryRaw<{ id: string }[]>`
      UPDATE "OutboxEvent" SET "leaseUntil" = ${leaseUntil}, "nextAttemptAt" = ${leaseUntil}, "updatedAt" = ${updatedAt}
       WHERE "id" IN (${Prisma.join(ids)}) AND "leaseOwner" = ${workerId} AND "status" = ${status}
      RETURNING "id"`;
}

/**
 * ownedLeasedRows: the ids still leased to the worker, read without writing (a lease with
 * enough time left needs no renewal, only the check that the rows are still ours).
 */
export function ownedLeasedRows(
  db: Client,
  params: { ids: readonly string[]; workerId: string; status: string },
): Promise<{ id: string }[]> {
  const { ids, workerId, status } = params;
  return db.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "OutboxEvent" WHERE "id" IN (${Prisma.join(ids)}) AND "leaseOwner" = ${workerId} AND "status" = ${status}`;
}

/**
 * releaseLeasedRows: gives rows back, due at `now`, without counting the claim's attempt.
 * Without `ids`, every row the worker holds. Returned unawaited for the caller's transaction.
 */
export function releaseLeasedRows(
  db: Client,
  params: { ids?: readonly string[]; workerId: string; fromStatus: string; toStatus: string; now: Date; updatedAt: Date },
): Prisma.PrismaPromise<number> {
  const { ids, workerId, fromStatus, toStatus, now, updatedAt } = params;
  const only = ids ? Prisma.sql`AND "id" IN (${Prisma.join(ids)})` : Prisma.empty;
  return db.$executeRaw`
    UPDATE "OutboxEvent"
       SET "status" = ${toStatus}, "leaseOwner" = NULL, "leaseUntil" = NULL, "nextAttemptAt" = ${now}, "attempts" = "attempts" - 1, "updatedAt" = ${updatedAt}
     WHERE "leaseOwner" = ${workerId} AND "status" = ${fromStatus} ${only}`;
}
