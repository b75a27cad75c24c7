import { formatKeyNotes, mergeNotes, parseKeyNotes, type ConsentSignal, type ShopSettings } from "../capi";
import { decideRow, fillBrowserIds, type BrowserIds } from "./decide-row";
import { formatConsentFacts, parseConsentFacts, parseStoredPayload } from "./stored-row";
import { OPEN_STATUSES, type OutboxStatus } from "./status";

// What a browser receipt changes in an outbox row that already exists (the webhook came
// first). Pure: the caller reads the rows and writes the result in one transaction. The
// decision itself is the outbox's (app/outbox/decide-row.ts), the same the ingest makes.

export { OPEN_STATUSES };

export type OpenRow = {
  status: OutboxStatus;
  payload: string;
  consentFacts: string;
  consentUntil: Date | null;
  consentAction: string;
  keyNotes?: string | null;
};

export type RowChange = {
  status?: OutboxStatus;
  payload?: string;
  consentAction?: string;
  consentReason?: string;
  consentFacts?: string;
  consentUntil?: Date | null;
  lastError?: string | null;
  lastErrorCode?: null;
  nextAttemptAt?: Date;
  keyNotes?: string | null;
};

export type MergeContext = { signal: ConsentSignal; receipt: BrowserIds; settings: ShopSettings; now: Date };

/** The columns to update, or null when the receipt changes nothing in this row. */
export function mergeReceiptIntoRow(row: OpenRow, ctx: MergeContext): RowChange | null {
  const event = parseStoredPayload(row.payload);
  const decision = decideRow({
    event,
    facts: parseConsentFacts(row.consentFacts),
    waitUntil: row.consentUntil ?? ctx.now,
    signal: ctx.signal,
    browser: ctx.receipt,
    settings: ctx.settings,
    now: ctx.now,
  });
  const waiting = row.status === "waiting_consent" || row.status === "waiting_browser";
  // The row's notes with the receipt's: what the browser sent that could not be used.
  const keyNotes = formatKeyNotes(mergeNotes(parseKeyNotes(row.keyNotes), decision.keyNotes));
  const notesChanged = keyNotes !== (row.keyNotes ?? null);
  // A waiting row is decided now. A later choice in the browser (consent withdrawn, or
  // sale of data refused) changes a decision taken on an older signal, as long as the
  // event has not left.
  if (waiting || decision.consentAction !== row.consentAction) {
    return {
      status: decision.status,
      consentAction: decision.consentAction,
      consentReason: decision.consentReason,
      consentFacts: formatConsentFacts(decision.consentFacts),
      consentUntil: decision.consentUntil ?? row.consentUntil,
      lastError: decision.lastError,
      lastErrorCode: null,
      ...(decision.status === "pending" && { payload: JSON.stringify(decision.event), nextAttemptAt: ctx.now }),
      ...(notesChanged && { keyNotes }),
    };
  }
  // Same decision: only the browser ids the stored event lacked.
  if (!event) return null;
  const payload = JSON.stringify(fillBrowserIds(event, ctx.receipt, decision.consentFacts.signal, ctx.settings.matchKeys, ctx.now).event);
  if (payload === row.payload && !notesChanged) return null;
  return { ...(payload !== row.payload && { payload }), ...(notesChanged && { keyNotes }) };
}
