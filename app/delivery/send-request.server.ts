import type { GraphResult } from "../capi";
import type { ClaimedEvent } from "../outbox/claim.server";
import type { DeliveryContext, DeliverySummary, DestinationForSend } from "./delivery-context";
import { renewLease, settledCount, settleOwned, settleOwnedNow } from "../outbox/lease-transitions.server";
import { pauseDestination } from "../outbox/pause-destination.server";
import { truncate } from "./prepare-requests";
import { nextAttemptAt, type RetryKind } from "./retry-policy";
import { pauseReasonFor } from "../format/token-words";

// One HTTP request to Meta and everything that follows from its answer. An "invalid"
// answer for several events is split in halves, each half a real request, until the
// offending events are alone: Meta rejects a whole request for one bad event, so this
// is how the good ones still go through.

export type SendItem = { row: ClaimedEvent; event: Record<string, unknown> };

export type RunState = {
  /** Destinations paused during this run, with the reason, so their other requests stop too. */
  pausedDestinations: Map<string, { reason: string; code: number | null }>;
  summary: DeliverySummary;
};

type Failure = Extract<GraphResult, { ok: false }>;

/** Time a lease must have left beyond the request's timeout, for the answer to be written under it. */
export const SETTLE_MARGIN_MS = 5_000;

export async function sendRequest(
  ctx: DeliveryContext,
  destination: DestinationForSend,
  isTest: boolean,
  items: SendItem[],
  state: RunState,
): Promise<void> {
  if (items.length === 0) return;
  const { db, workerId } = ctx;
  const { summary } = state;
  const paused = state.pausedDestinations.get(destination.id);
  if (paused) {
    const ids = items.map((item) => item.row.id);
    summary.paused += await settleOwnedNow(db, workerId, ids, {
      status: "paused",
      lastError: `Paused: ${paused.reason}`,
      lastErrorCode: paused.code,
    });
    return;
  }
  // Left in_flight: the worker releases what it claimed but did not send when it stops.
  if (!ctx.mayStartRequest()) return;

  const at = ctx.now();
  const owned = await renewLease(
    db,
    workerId,
    items.map((item) => item.row.id),
    new Date(at.getTime() + ctx.leaseMs),
    {
      heldUntil: new Date(Math.min(...items.map((item) => item.row.leaseUntil.getTime()))),
      now: at,
      mustLastMs: ctx.requestTimeoutMs + SETTLE_MARGIN_MS,
    },
  );
  summary.lostLeases += items.length - owned.size;
  const sending = items.filter((item) => owned.has(item.row.id));
  if (sending.length === 0) return;
  const ids = sending.map((item) => item.row.id);

  const startedAt = ctx.now();
  const { result, durationMs, httpStatus } = await ctx.graphClient.sendEvents({
    pixelId: destination.pixelId,
    accessToken: destination.token,
    events: sending.map((item) => item.event),
    testEventCode: isTest ? destination.testEventCode : null,
  });
  summary.requests += 1;
  const now = ctx.now();
  const failure = result.ok ? null : { ...result, message: redact(result.message, destination.token) };
  const attempt = db.deliveryAttempt.create({
    data: {
      shopDomain: destination.shopDomain,
      destinationId: destination.id,
      // OutboxEvent ids (unambiguous; event_id alone repeats across event names).
      eventIds: JSON.stringify(ids),
      eventCount: ids.length,
      startedAt,
      durationMs,
      httpStatus,
      outcome: result.ok ? "delivered" : failure!.classification,
      eventsReceived: result.ok ? result.eventsReceived : (failure!.eventsReceived ?? null),
      fbtraceId: result.fbtraceId ?? null,
      errorCode: failure?.code ?? null,
      errorSubcode: failure?.subcode ?? null,
      errorMessage: failure ? truncate(failure.message) : null,
    },
  });

  if (result.ok) {
    const [, ...settled] = await db.$transaction([
      attempt,
      ...settleOwned(db, workerId, ids, {
        status: "delivered",
        deliveredAt: now,
        fbtraceId: result.fbtraceId ?? null,
        lastError: null,
        lastErrorCode: null,
      }),
    ]);
    const count = settledCount(settled);
    summary.delivered += count;
    summary.lostLeases += ids.length - count;
    return;
  }
  await onFailure(ctx, destination, isTest, sending, failure!, attempt, state);
}

async function onFailure(
  ctx: DeliveryContext,
  destination: DestinationForSend,
  isTest: boolean,
  sending: SendItem[],
  failure: Failure,
  attempt: ReturnType<DeliveryContext["db"]["deliveryAttempt"]["create"]>,
  state: RunState,
): Promise<void> {
  const { db, workerId } = ctx;
  const { summary } = state;
  const ids = sending.map((item) => item.row.id);
  const code = failure.code ?? null;
  const now = ctx.now();
  switch (failure.classification) {
    case "transient":
    case "throttled":
    case "blocked": {
      const kind: RetryKind = failure.classification;
      // Rows with the same history get the same delay; a fresh row batched with a
      // much-retried one is not punished with the other's long backoff.
      const byAttempts = groupBy(sending, (item) => item.row.attempts);
      const updates = [...byAttempts].flatMap(([attempts, group]) =>
        settleOwned(
          db,
          workerId,
          group.map((item) => item.row.id),
          {
            status: "retry",
            nextAttemptAt: nextAttemptAt(kind, attempts, now, ctx.random),
            lastError: truncate(`${describeKind(kind)}: ${failure.message}`),
            lastErrorCode: code,
          },
        ),
      );
      const [, ...settled] = await db.$transaction([attempt, ...updates]);
      const count = settledCount(settled);
      summary.retried += count;
      summary.lostLeases += ids.length - count;
      return;
    }
    case "auth": {
      await attempt;
      // Words from the code, never Meta's sentence: the reason is what the merchant reads.
      const reason = pauseReasonFor(code, failure.subcode, destination.pixelId);
      state.pausedDestinations.set(destination.id, { reason, code });
      // Counts this request's rows and the destination's other waiting ones.
      summary.paused += await pauseDestination(db, { destinationId: destination.id, workerId, ownedIds: ids, reason, code, now });
      ctx.log("warn", "destination paused", {
        destinationId: destination.id,
        shopDomain: destination.shopDomain,
        code,
        subcode: failure.subcode,
      });
      return;
    }
    case "invalid": {
      if (failure.eventsReceived === undefined && sending.length > 1) {
        await attempt;
        const half = Math.ceil(sending.length / 2);
        await sendRequest(ctx, destination, isTest, sending.slice(0, half), state);
        await sendRequest(ctx, destination, isTest, sending.slice(half), state);
        return;
      }
      // A partial acknowledgement is not split and resent: some of these events may
      // have been counted, and Meta's server-to-server dedup is unconfirmed. Replay exists.
      const lastError =
        failure.eventsReceived !== undefined
          ? `${failure.message} Not resent automatically because Meta may have counted some of them; replay to resend.`
          : `Meta rejected this event: ${failure.message}`;
      const [, ...settled] = await db.$transaction([
        attempt,
        ...settleOwned(db, workerId, ids, { status: "failed", lastError: truncate(lastError), lastErrorCode: code }),
      ]);
      const count = settledCount(settled);
      summary.failed += count;
      summary.lostLeases += ids.length - count;
      return;
    }
  }
}

export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function describeKind(kind: RetryKind): string {
  if (kind === "throttled") return "Throttled by Meta, retrying later";
  if (kind === "blocked") return "Temporarily blocked by Meta (368), retrying slowly";
  return "Temporary failure, retrying";
}

/** Meta's messages never echo the token, but a proxy's might: it must not reach the database. */
function redact(message: string, token: string): string {
  return token.length >= 8 ? message.split(token).join("[token]") : message;
}
