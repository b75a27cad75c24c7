import type { Prisma } from "@prisma/client";
import { formatKeyNotes, mergeNotes, type MapResult } from "../capi";
import type { StoredReceipt } from "./stored-receipt.server";
import type { RowDecision } from "./decide-row";
import { formatConsentFacts } from "./stored-row";
import { initialStatus, PIXEL_PAUSED_WHEN_RECEIVED, type InitialStatus } from "./status";

type Mapped = Extract<MapResult, { kind: "event" }>;
type DestinationRow = { id: string; testEventCode: string | null; enabled?: boolean };

export type OutboxRowsInput = {
  shop: string;
  topic: string;
  mapped: Mapped;
  refs: { orderId: string | null; checkoutToken: string | null; customerId: string | null };
  /** The outbox's decision for the new row (decide-row.ts). */
  decision: RowDecision;
  destinations: DestinationRow[];
  receipt: (StoredReceipt & { receivedAt: Date }) | null;
  now: Date;
};

/**
 * One outbox row per destination, carrying the decision and its reason. A pixel the
 * merchant paused gets its row too, skipped with PIXEL_PAUSED_WHEN_RECEIVED: never sent,
 * but counted and explained.
 */
export function buildOutboxRows(input: OutboxRowsInput): Prisma.OutboxEventCreateManyInput[] {
  const { mapped, decision, receipt } = input;
  const payload = decision.event ?? mapped.event;
  return input.destinations.map((destination) => {
    const testWithoutCode = mapped.isTest && !destination.testEventCode;
    const paused = destination.enabled === false;
    return {
      shopDomain: input.shop,
      destinationId: destination.id,
      eventName: mapped.eventName,
      eventId: mapped.eventId,
      // initialStatus throws for a decision no new row may start with (the transition table is the rule).
      status: initialStatus(paused || testWithoutCode ? "skipped" : (decision.status as InitialStatus)),
      lastError: paused
        ? PIXEL_PAUSED_WHEN_RECEIVED
        : testWithoutCode
          ? "Test order: this pixel has no test event code, and sending it without one would count a fake sale."
          : decision.lastError,
      payload: JSON.stringify(payload),
      eventTime: mapped.event.event_time,
      sourceTopic: input.topic,
      orderId: input.refs.orderId,
      checkoutToken: input.refs.checkoutToken,
      customerId: input.refs.customerId,
      isTest: mapped.isTest,
      consentAction: decision.consentAction,
      consentReason: decision.consentReason,
      consentUntil: decision.consentUntil,
      consentFacts: formatConsentFacts(decision.consentFacts),
      nextAttemptAt: input.now,
      browserSeenAt: receipt?.receivedAt ?? null,
      keyNotes: formatKeyNotes(mergeNotes(mapped.keyNotes, decision.keyNotes)),
    };
  });
}

/** The ids a privacy request may name later: kept so customers/redact can find the rows. */
export function payloadRefs(topic: string, payload: unknown): OutboxRowsInput["refs"] {
  const body = (payload ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" || typeof value === "number" ? String(value) : null);
  const customer = (body.customer ?? null) as Record<string, unknown> | null;
  const isOrder = topic.startsWith("orders/");
  return {
    orderId: isOrder ? text(body.id) : null,
    checkoutToken: text(isOrder ? body.checkout_token : body.token),
    customerId: customer ? text(customer.id) : null,
  };
}
