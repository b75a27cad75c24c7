import { Prisma, type PrismaClient } from "@prisma/client";
import defaultDb from "../db.server";
import { sqlDialect } from "../db/dialect.server";
import { CLAIMABLE_STATUSES, transition, type OutboxStatus } from "./status";

// RAW SQL, and why (docs/decisions/013-outbox-owner-and-raw-sql.md): claiming is the hot
// path and the one place two workers can collide, so it is ONE statement: the UPDATE
// picks the due rows and leases them atomically. Typed Prisma cannot express
// `UPDATE ... WHERE id IN (SELECT ... LIMIT n) RETURNING`; its alternative, a read-then-
// write interactive transaction, failed with SQLITE_BUSY thousands of times from three
// processes where this single statement had 0 errors (the adapter opens interactive
// transactions with a deferred BEGIN, so two of them deadlock on the upgrade to a write).
// Measured: a claim of 2,000 from 10,000 due rows takes 30.1 ms (`npm run bench:delivery`,
// docs/benchmarks.md). SQLite runs it under its write lock (one writer at a time).
// PostgreSQL runs writers concurrently, so each candidate row is locked as it is picked
// (`FOR UPDATE OF o SKIP LOCKED`): a row another worker is claiming is skipped, not
// waited for, and a row it has just claimed no longer passes the re-checked WHERE.
//
// Dates: Prisma's SQLite adapter stores DateTime as ISO-8601 text with a fixed
// "+00:00" suffix ("2026-11-26T07:20:51.381+00:00") and binds Date parameters in the
// same shape, so comparing against bound Dates compares like with like. Never bind
// Date.toISOString() strings ("...Z"): they sort differently in the same second.
//
// A claim also moves nextAttemptAt to the end of the lease: a row whose worker died
// becomes due exactly when its lease runs out, so the single range condition
// `nextAttemptAt <= now` (served by the (status, nextAttemptAt) index) finds both new
// work and abandoned work.

export type ClaimedEvent = {
  id: string;
  shopDomain: string;
  destinationId: string;
  eventName: string;
  eventId: string;
  payload: string;
  eventTime: number;
  isTest: boolean;
  /** Including this claim. */
  attempts: number;
  leaseUntil: Date;
};

export type ClaimOptions = {
  workerId: string;
  limit: number;
  leaseMs: number;
  now: Date;
  db?: PrismaClient;
};

type RawClaimed = Omit<ClaimedEvent, "isTest" | "eventTime" | "attempts" | "leaseUntil"> & {
  isTest: unknown;
  eventTime: unknown;
  attempts: unknown;
  leaseUntil: unknown;
};

export async function claimDueEvents({ workerId, limit, leaseMs, now, db = defaultDb }: ClaimOptions): Promise<ClaimedEvent[]> {
  if (limit <= 0) return [];
  const leaseUntil = new Date(now.getTime() + leaseMs);
  // One ordered index range per status, each cut to `limit`, then merged: sorting at
  // most 3 x limit rows instead of the whole due backlog (a plain `status IN (...)
  // ORDER BY` sorted every due row: ~100 ms per claim at 100,000 due, under the lock).
  // (Subqueries carry aliases, which PostgreSQL requires; SQLite accepts them.)
  const lock = sqlDialect(db) === "postgresql" ? Prisma.sql`FOR UPDATE OF o SKIP LOCKED` : Prisma.empty;
  const claim = transition(CLAIMABLE_STATUSES, "in_flight");
  const due = (status: (typeof CLAIMABLE_STATUSES)[number], extra: Prisma.Sql) => Prisma.sql`
    SELECT * FROM (
      SELECT o."id", o."nextAttemptAt"
        FROM "OutboxEvent" o
        JOIN "Destination" d ON d."id" = o."destinationId"
        JOIN "Shop" s ON s."domain" = o."shopDomain"
       WHERE o."status" = ${status}
         AND o."nextAttemptAt" <= ${now}
         ${extra}
         AND d."enabled" = true
         AND d."pausedAt" IS NULL
         AND s."uninstalledAt" IS NULL
       ORDER BY o."nextAttemptAt"
       LIMIT ${limit}
       ${lock}) AS ${Prisma.raw(`due_${status}`)}`;
  const rows = await db.$queryRaw<RawClaimed[]>(Prisma.sql`
    UPDATE "OutboxEvent"
       SET "status" = ${claim.data.status satisfies OutboxStatus},
           "leaseOwner" = ${workerId},
           "leaseUntil" = ${leaseUntil},
           "nextAttemptAt" = ${leaseUntil},
           "attempts" = "attempts" + 1,
           "updatedAt" = ${now}
     WHERE "id" IN (
       SELECT "id" FROM (
         ${due("pending", Prisma.empty)}
         UNION ALL
         ${due("retry", Prisma.empty)}
         UNION ALL
         ${due("in_flight", Prisma.sql`AND (o."leaseUntil" IS NULL OR o."leaseUntil" <= ${now})`)}
       ) AS due
       ORDER BY "nextAttemptAt"
       LIMIT ${limit}
     )
    RETURNING "id", "shopDomain", "destinationId", "eventName", "eventId", "payload",
              "eventTime", "isTest", "attempts", "leaseUntil"`);
  return rows.map((row) => ({
    ...row,
    // Raw queries return SQLite's storage types (0/1, bigint); normalise them here once.
    isTest: row.isTest === true || Number(row.isTest) === 1,
    eventTime: Number(row.eventTime),
    attempts: Number(row.attempts),
    leaseUntil: row.leaseUntil instanceof Date ? row.leaseUntil : new Date(String(row.leaseUntil)),
  }));
}
