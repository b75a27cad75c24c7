import type { PrismaClient } from "@prisma/client";
import defaultDb from "../db.server";
import { claimDueRows, type ClaimedRowRaw } from "../db/statements/claim-lease.server";
import { CLAIMABLE_STATUSES, transition, type OutboxStatus } from "./status";

// Claiming is the hot path and the one place two workers can collide, so it is ONE
// statement that picks the due rows and leases them atomically (app/db/statements/
// claim-lease.server.ts holds it and says why it is raw).
//
// A claim also moves nextAttemptAt to the end of the lease: a row whose worker died
// becomes due exactly when its lease runs out, so the single range condition
// `nextAttemptAt <= now` (served by the (status, nextAttemptAt) index) finds both new
// work and abandoned work.

/** A claimed row, normalised: the statement's columns with JavaScript's types. */
export type ClaimedEvent = Omit<ClaimedRowRaw, "eventTime" | "isTest" | "attempts" | "leaseUntil"> & {
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

export async function claimDueEvents({ workerId, limit, leaseMs, now, db = defaultDb }: ClaimOptions): Promise<ClaimedEvent[]> {
  if (limit <= 0) return [];
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const claim = transition(CLAIMABLE_STATUSES, "in_flight");
  const rows = await claimDueRows(db, {
    claimable: CLAIMABLE_STATUSES,
    leasedStatus: "in_flight",
    claimedStatus: claim.data.status satisfies OutboxStatus,
    workerId,
    limit,
    leaseUntil,
    now,
  });
  return rows.map((row) => ({
    ...row,
    // Raw queries return SQLite's storage types (0/1, bigint); normalise them here once.
    isTest: row.isTest === true || Number(row.isTest) === 1,
    eventTime: Number(row.eventTime),
    attempts: Number(row.attempts),
    leaseUntil: row.leaseUntil instanceof Date ? row.leaseUntil : new Date(String(row.leaseUntil)),
  }));
}
