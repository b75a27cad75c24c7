import type { PrismaClient } from "@prisma/client";
import { SETTLED_STATUSES } from "../outbox/status";

/**
 * Retention: settled outbox rows, delivery attempts, pixel receipts and webhook receipts
 * older than the retention period (RETENTION_DAYS, default 30) are deleted, a small
 * batch at a time, so a prune never holds the database for long: on SQLite each batch is
 * one short write transaction between the worker's own; on PostgreSQL each deletes a
 * few hundred rows by primary key. Safe when every instance runs it at once: a row
 * deleted by one is simply not found by the other.
 *
 * Only outbox rows in a settled state go; an event still waiting, retrying, paused or in
 * flight is kept however old it is (the worker expires it when Meta's window closes,
 * and it is pruned a period after that).
 */
export { SETTLED_STATUSES };
export const DEFAULT_RETENTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export type PruneResult = { outboxEvents: number; deliveryAttempts: number; pixelReceipts: number; webhookReceipts: number };

export type PruneOptions = {
  now: Date;
  retentionDays?: number;
  batchSize?: number;
  /** Upper bound of batches per table per run; the next run continues. */
  maxBatches?: number;
  /** Between batches: lets the worker's statements in (tests pass a no-op). */
  pause?: () => Promise<void>;
};

export async function pruneOldRows(db: PrismaClient, options: PruneOptions): Promise<PruneResult> {
  const cutoff = new Date(options.now.getTime() - (options.retentionDays ?? DEFAULT_RETENTION_DAYS) * DAY_MS);
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? 200;
  const pause = options.pause ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 10)));

  // Each table: find a batch of primary keys, delete exactly those, repeat.
  async function inBatches(find: () => Promise<string[]>, remove: (ids: string[]) => Promise<number>): Promise<number> {
    let total = 0;
    for (let batch = 0; batch < maxBatches; batch++) {
      const ids = await find();
      if (ids.length === 0) break;
      total += await remove(ids);
      if (ids.length < batchSize) break;
      await pause();
    }
    return total;
  }

  const outboxEvents = await inBatches(
    async () =>
      (
        await db.outboxEvent.findMany({
          where: { status: { in: [...SETTLED_STATUSES] }, updatedAt: { lt: cutoff } },
          select: { id: true },
          take: batchSize,
        })
      ).map((row) => row.id),
    async (ids) => (await db.outboxEvent.deleteMany({ where: { id: { in: ids }, status: { in: [...SETTLED_STATUSES] } } })).count,
  );
  const deliveryAttempts = await inBatches(
    async () =>
      (await db.deliveryAttempt.findMany({ where: { startedAt: { lt: cutoff } }, select: { id: true }, take: batchSize })).map(
        (row) => row.id,
      ),
    async (ids) => (await db.deliveryAttempt.deleteMany({ where: { id: { in: ids } } })).count,
  );
  const pixelReceipts = await inBatches(
    async () =>
      (await db.pixelReceipt.findMany({ where: { receivedAt: { lt: cutoff } }, select: { id: true }, take: batchSize })).map(
        (row) => row.id,
      ),
    async (ids) => (await db.pixelReceipt.deleteMany({ where: { id: { in: ids } } })).count,
  );
  const webhookReceipts = await inBatches(
    async () =>
      (await db.webhookReceipt.findMany({ where: { receivedAt: { lt: cutoff } }, select: { webhookId: true }, take: batchSize })).map(
        (row) => row.webhookId,
      ),
    async (ids) => (await db.webhookReceipt.deleteMany({ where: { webhookId: { in: ids } } })).count,
  );
  return { outboxEvents, deliveryAttempts, pixelReceipts, webhookReceipts };
}
