import { z } from "zod";
import { applyConsentToEvent, consentInputFor, decideConsent, latestSignal, type CapiEvent, type ConsentSignal, type ShopSettings } from "../capi";
import { OPEN_STATUSES, type OutboxStatus } from "../outbox/status";
import { withBrowserIds, type StoredReceipt } from "./stored-receipt.server";

// What a browser receipt changes in an outbox row that already exists (the webhook came
// first). Pure: the caller reads the rows and writes the result in one transaction.

export { OPEN_STATUSES };

export type OpenRow = { status: OutboxStatus; payload: string; consentFacts: string; consentUntil: Date | null; consentAction: string };

export type RowChange = {
  status?: OutboxStatus;
  payload?: string;
  consentAction?: string;
  consentReason?: string;
  consentFacts?: string;
  lastError?: string | null;
  lastErrorCode?: null;
  nextAttemptAt?: Date;
};

// Lenient like the worker's reader (app/delivery/consent-waits): an unreadable fact is
// "unknown", which the decision treats conservatively.
const factsSchema = z.looseObject({
  countries: z.array(z.string()).catch([]).default([]),
  usStates: z.array(z.string()).catch([]).default([]),
  signal: z.custom<ConsentSignal | null>((value) => value === null || (typeof value === "object" && value !== null && "marketing" in value)).catch(null).default(null),
});

export type MergeContext = { signal: ConsentSignal; receipt: StoredReceipt; settings: ShopSettings; now: Date };

/** The columns to update, or null when the receipt changes nothing in this row. */
export function mergeReceiptIntoRow(row: OpenRow, ctx: MergeContext): RowChange | null {
  const event = parseEvent(row.payload);
  if (row.status === "waiting_consent") return decideRow(row, event, ctx);
  // A later choice in the browser (consent withdrawn, or sale of data refused) changes a
  // decision that was taken on an older signal, as long as the event has not left.
  const redecided = decideRow(row, event, ctx);
  if (redecided.consentAction !== row.consentAction) return redecided;
  if (!event) return null;
  const filled = withBrowserIds(event, ctx.receipt, ctx.settings.matchKeys);
  const payload = JSON.stringify(filled);
  return payload === row.payload ? null : { payload };
}

/**
 * Decided now with the same inputs the ingest and the worker use (the shop's consent
 * settings, the buyer's countries and states, the deadline the ingest wrote, the latest
 * of the stored and the received signal), so the outcome does not depend on who decides.
 */
function decideRow(row: OpenRow, event: CapiEvent | null, ctx: MergeContext): RowChange {
  const { consent } = ctx.settings;
  const stored = factsSchema.parse(safeJson(row.consentFacts) ?? {});
  const facts = { ...stored, signal: latestSignal(stored.signal, ctx.signal) };
  const graceMs = consent.graceMinutes * 60_000;
  // The shared builder (app/capi) keeps these inputs identical to the ingest's and the worker's.
  const decision = decideConsent(consentInputFor(consent, facts, { firstSeenAt: new Date((row.consentUntil ?? ctx.now).getTime() - graceMs), now: ctx.now }));
  const base = { consentAction: decision.action, consentReason: decision.reason, consentFacts: JSON.stringify(facts) };
  if (decision.action === "wait") return base;
  if (decision.action === "block") return { ...base, status: "blocked", lastError: `Consent: ${decision.reason}`, lastErrorCode: null };
  const sendable = event ? applyConsentToEvent(event, decision) : null;
  if (!sendable) return { ...base, status: "failed", lastError: "Stored payload is not valid JSON; not sent." };
  const payload = JSON.stringify(withBrowserIds(sendable, ctx.receipt, ctx.settings.matchKeys));
  return { ...base, status: "pending", payload, nextAttemptAt: ctx.now, lastError: null, lastErrorCode: null };
}

function parseEvent(payload: string): CapiEvent | null {
  const value = safeJson(payload);
  return value && typeof value === "object" && "user_data" in value ? (value as CapiEvent) : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
