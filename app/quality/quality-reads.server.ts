import { randomUUID } from "node:crypto";
import prisma from "../db.server";
import { insertQualityRead, reclaimQualityRead } from "../db/statements/quality-reads.server";
import type { QualityClient, QualityReadResult } from "../meta/dataset-quality.server";
import { PARTNER_AGENT } from "../meta/graph-client.server";
import { readMetaCounts } from "./meta-counts.server";

// Reads Meta's Dataset Quality API for a pixel and stores what it said as dated snapshots,
// per event name, twice: filtered to Tandem's agent name (what Tandem sent) and unfiltered
// (everything the dataset received). A read is claimed first by inserting its
// QualityRead row, unique per (pixel, slot): "daily:<UTC day>" makes the daily read happen
// once per pixel and day however many instances run the loop; "refresh:<5-minute bucket>"
// makes a double-clicked Refresh read once. INSERT ... ON CONFLICT DO NOTHING, so a lost
// race is a count of 0, not a failing statement.

export const QUALITY_SCOPES = ["tandem", "all"] as const;
export type QualityScope = (typeof QUALITY_SCOPES)[number];
const RETRY_AFTER_MS = 60 * 60_000;
const STALE_CLAIM_MS = 15 * 60_000;
const MAX_ATTEMPTS = 4;
/** Failures for a passing reason, read again after RETRY_AFTER_MS. */
const RETRYABLE_OUTCOMES = ["rate_limited", "transient"];
const REFRESH_BUCKET_MS = 5 * 60_000;

export type QualityDeps = { client: QualityClient; openToken: (sealed: string) => string; now: Date };
type Destination = { id: string; shopDomain: string; pixelId: string; accessTokenEnc: string };

export const dailySlot = (now: Date) => `daily:${now.toISOString().slice(0, 10)}`;
export const refreshSlot = (now: Date) =>
  `refresh:${new Date(Math.floor(now.getTime() / REFRESH_BUCKET_MS) * REFRESH_BUCKET_MS).toISOString().slice(0, 16)}`;

/** Claims (destination, slot): the read's id when this caller is to read, null when another has or did. */
export async function claimRead(destination: Destination, slot: string, now: Date): Promise<string | null> {
  const id = randomUUID();
  const inserted = await insertQualityRead(prisma, {
    id,
    shopDomain: destination.shopDomain,
    destinationId: destination.id,
    pixelId: destination.pixelId,
    slot,
    now,
  });
  if (inserted === 1) return id;
  // A read that failed for a passing reason (rate limit, network) is tried again an hour
  // later; one whose instance died mid-read, after 15 minutes. One UPDATE decides who.
  const retryBefore = new Date(now.getTime() - RETRY_AFTER_MS);
  const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS);
  const reclaimed = await reclaimQualityRead(prisma, {
    destinationId: destination.id,
    slot,
    now,
    maxAttempts: MAX_ATTEMPTS,
    retryOutcomes: RETRYABLE_OUTCOMES,
    retryBefore,
    staleBefore,
  });
  if (reclaimed !== 1) return null;
  const row = await prisma.qualityRead.findUnique({
    where: { destinationId_slot: { destinationId: destination.id, slot } },
    select: { id: true },
  });
  return row?.id ?? null;
}

/** Reads Meta's counts and both quality scopes for a claimed read and stores them with the outcome. */
export async function performRead(readId: string, destination: Destination, deps: QualityDeps): Promise<QualityReadResult> {
  let accessToken: string;
  try {
    accessToken = deps.openToken(destination.accessTokenEnc);
  } catch {
    await finish(
      readId,
      {
        outcome: "token",
        message: "The stored access token could not be decrypted (TOKEN_ENCRYPTION_KEY changed?): save the token again in Settings.",
      },
      deps.now,
    );
    return { ok: false, kind: "token", code: null, subcode: null, message: "token not readable", fbtraceId: null, httpStatus: null };
  }
  // Meta's event counts first: a token that may not read quality data may still read them.
  await readMetaCounts(readId, destination, accessToken, deps);
  const filtered = await deps.client.readDatasetQuality({ datasetId: destination.pixelId, accessToken, agentName: PARTNER_AGENT });
  if (!filtered.ok) {
    await finish(readId, { outcome: filtered.kind, message: filtered.message }, deps.now);
    return filtered;
  }
  const all = await deps.client.readDatasetQuality({ datasetId: destination.pixelId, accessToken });
  const snapshots = [
    ...filtered.events.map((event) => ({ scope: "tandem" as const, event })),
    ...(all.ok ? all.events.map((event) => ({ scope: "all" as const, event })) : []),
  ];
  const readAt = deps.now;
  await prisma.$transaction([
    prisma.qualitySnapshot.createMany({
      data: snapshots.map(({ scope, event }) => ({
        id: randomUUID(),
        readId,
        shopDomain: destination.shopDomain,
        destinationId: destination.id,
        pixelId: destination.pixelId,
        scope,
        eventName: event.eventName,
        readAt,
        emq: event.emq,
        metrics: JSON.stringify(event),
      })),
    }),
    prisma.qualityRead.update({
      where: { id: readId },
      data: {
        finishedAt: deps.now,
        outcome: all.ok ? "ok" : "partial",
        message: all.ok
          ? filtered.notRequested.length
            ? `Not reported by Meta: ${filtered.notRequested.join(", ")}`
            : null
          : `Unfiltered reading failed: ${all.message}`.slice(0, 500),
      },
    }),
  ]);
  return filtered;
}

async function finish(readId: string, data: { outcome: string; message: string }, now: Date) {
  await prisma.qualityRead.update({ where: { id: readId }, data: { ...data, message: data.message.slice(0, 500), finishedAt: now } });
}

async function readSlot(destinations: Destination[], slot: string, deps: QualityDeps): Promise<number> {
  let read = 0;
  for (const destination of destinations) {
    const readId = await claimRead(destination, slot, deps.now);
    if (!readId) continue;
    await performRead(readId, destination, deps);
    read++;
  }
  return read;
}

const DESTINATION_FIELDS = { id: true, shopDomain: true, pixelId: true, accessTokenEnc: true } as const;

/** The daily job: every enabled pixel of every installed shop, once per UTC day across instances. */
export async function runDailyQualityReads(deps: QualityDeps): Promise<number> {
  const destinations = await prisma.destination.findMany({
    where: { enabled: true, shop: { uninstalledAt: null } },
    select: DESTINATION_FIELDS,
    orderBy: { createdAt: "asc" },
  });
  return readSlot(destinations, dailySlot(deps.now), deps);
}

/** "Refresh": the shop's pixels now (at most once per five minutes). */
export async function refreshShopQuality(shopDomain: string, deps: QualityDeps): Promise<number> {
  const destinations = await prisma.destination.findMany({
    where: { shopDomain, enabled: true },
    select: DESTINATION_FIELDS,
    orderBy: { createdAt: "asc" },
  });
  return readSlot(destinations, refreshSlot(deps.now), deps);
}

/** Snapshots, reads and Meta's counts older than max(RETENTION_DAYS, 90) days: trends need 30, and the rows are few. */
export async function pruneQuality(now: Date, retentionDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - Math.max(retentionDays, 90) * 86_400_000);
  const [snapshots, reads, counts] = await prisma.$transaction([
    prisma.qualitySnapshot.deleteMany({ where: { readAt: { lt: cutoff } } }),
    prisma.qualityRead.deleteMany({ where: { startedAt: { lt: cutoff } } }),
    prisma.metaEventCount.deleteMany({ where: { hourStart: { lt: cutoff } } }),
  ]);
  return snapshots.count + reads.count + counts.count;
}
