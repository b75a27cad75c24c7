import type { PrismaClient } from "@prisma/client";
import type { GraphClient } from "../meta/graph-client.server";

// What a delivery run needs, passed in (not read from globals) so tests can run two
// workers against one database and one emulator in the same process.

export type LogLevel = "debug" | "info" | "warn" | "error";
/** Fields must never carry tokens or personal data: ids, counts, codes, Meta's messages. */
export type WorkerLog = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

export type DeliveryContext = {
  db: PrismaClient;
  graphClient: GraphClient;
  /** Decrypts Destination.accessTokenEnc. */
  openToken: (sealed: string) => string;
  workerId: string;
  leaseMs: number;
  /** The Graph client's timeout: a lease with less than this (and a margin) left is renewed before a request. */
  requestTimeoutMs: number;
  batchSize: number;
  maxConcurrentRequests: number;
  now: () => Date;
  random: () => number;
  log: WorkerLog;
  /** False once the worker is stopping: no new request starts, in-flight ones finish. */
  mayStartRequest: () => boolean;
  /** Called once when the run's last request has started (the worker claims its next rows meanwhile). */
  onLastRequestStarted?: () => void;
};

export type DeliverySummary = {
  claimed: number;
  requests: number;
  delivered: number;
  retried: number;
  failed: number;
  expired: number;
  paused: number;
  skipped: number;
  released: number;
  /** Rows another worker had taken over by the time this one wrote its outcome. */
  lostLeases: number;
};

export function emptySummary(): DeliverySummary {
  return { claimed: 0, requests: 0, delivered: 0, retried: 0, failed: 0, expired: 0, paused: 0, skipped: 0, released: 0, lostLeases: 0 };
}

export type DestinationForSend = {
  id: string;
  shopDomain: string;
  pixelId: string;
  token: string;
  testEventCode: string | null;
};
