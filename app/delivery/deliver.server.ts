import type { ClaimedEvent } from "../outbox/claim.server";
import { emptySummary, type DeliveryContext, type DeliverySummary, type DestinationForSend } from "./delivery-context";
import { settleOwnedNow } from "../outbox/lease-transitions.server";
import { ORDER_CANCELLED_BEFORE_SENT } from "../outbox/decide-row";
import { cancelledPurchaseRows } from "./cancelled-orders.server";
import { pauseDestination } from "../outbox/pause-destination.server";
import { chunk, prepareRows } from "./prepare-requests";
import { groupBy, sendRequest, type RunState, type SendItem } from "./send-request.server";

// From claimed rows to requests: one group per (destination, isTest), since a request
// carries one pixel's events and test events travel only with the test event code.
// Rows that must not be sent are settled first, then the rest go out in requests of at
// most batchSize, a few at a time.

export async function deliverClaimed(ctx: DeliveryContext, claimedRows: readonly ClaimedEvent[]): Promise<DeliverySummary> {
  const state: RunState = { pausedDestinations: new Map(), summary: { ...emptySummary(), claimed: claimedRows.length } };
  if (claimedRows.length === 0) return state.summary;
  const { db, workerId, summary } = { ...ctx, summary: state.summary };
  // A cancelled order's Purchase is withdrawn, never sent (app/outbox/decide-row.ts): the
  // cancellation may have come before the order's own webhook, or while the row waited.
  const withdrawn = new Set(await cancelledPurchaseRows(db, claimedRows));
  if (withdrawn.size > 0) {
    summary.skipped += await settleOwnedNow(db, workerId, [...withdrawn], {
      status: "cancelled",
      lastError: ORDER_CANCELLED_BEFORE_SENT,
      lastErrorCode: null,
    });
  }
  const claimed = withdrawn.size > 0 ? claimedRows.filter((row) => !withdrawn.has(row.id)) : claimedRows;
  const destinationIds = [...new Set(claimed.map((row) => row.destinationId))];
  const destinations = await db.destination.findMany({
    where: { id: { in: destinationIds } },
    select: { id: true, shopDomain: true, pixelId: true, accessTokenEnc: true, testEventCode: true },
  });
  const byId = new Map(destinations.map((destination) => [destination.id, destination]));

  const requests: Array<() => Promise<void>> = [];
  const groups = groupBy(claimed, (row) => `${row.destinationId}\u0000${row.isTest ? 1 : 0}`);
  for (const rows of groups.values()) {
    const { destinationId, isTest } = rows[0];
    const ids = rows.map((row) => row.id);
    const stored = byId.get(destinationId);
    // Deleting a destination cascades to its rows, so this is a race with that delete.
    if (!stored) continue;
    if (isTest && !stored.testEventCode) {
      summary.skipped += await settleOwnedNow(db, workerId, ids, {
        status: "skipped",
        lastError: "Test order: the destination has no test event code, so it is not sent (it would count as a real conversion).",
        lastErrorCode: null,
      });
      continue;
    }
    let token: string;
    try {
      token = ctx.openToken(stored.accessTokenEnc);
    } catch {
      const reason =
        "Tandem can no longer read the saved access token (it cannot be decrypted: was the encryption key changed?). Paste the token again.";
      state.pausedDestinations.set(destinationId, { reason, code: null });
      summary.paused += await pauseDestination(db, { destinationId, workerId, ownedIds: ids, reason, code: null, now: ctx.now() });
      ctx.log("error", "destination token cannot be opened", { destinationId });
      continue;
    }
    const destination: DestinationForSend = { ...stored, token };
    const prepared = prepareRows(rows, ctx.now());
    for (const { row, reason } of prepared.expired) {
      summary.expired += await settleOwnedNow(db, workerId, [row.id], { status: "expired", lastError: reason, lastErrorCode: null });
    }
    for (const { row, reason } of prepared.invalid) {
      summary.failed += await settleOwnedNow(db, workerId, [row.id], { status: "failed", lastError: reason, lastErrorCode: null });
    }
    const items: SendItem[] = prepared.sendable;
    for (const batch of chunk(items, ctx.batchSize)) {
      requests.push(() => sendRequest(ctx, destination, isTest, batch, state));
    }
  }
  await runWithConcurrency(requests, ctx.maxConcurrentRequests, ctx.onLastRequestStarted);
  return summary;
}

/**
 * Runs tasks with at most `limit` in progress; the first error is rethrown after all settle.
 * `onLastStarted` is called once, when the last task has been started (at once if none).
 */
async function runWithConcurrency(tasks: Array<() => Promise<void>>, limit: number, onLastStarted?: () => void): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  if (tasks.length === 0) onLastStarted?.();
  const lane = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (next === tasks.length) onLastStarted?.();
      try {
        await task();
      } catch (error) {
        // Keep going: other destinations' requests are independent of this failure.
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, lane));
  if (errors.length > 0) throw errors[0];
}
