import { newRowId } from "../db/row-id";

// What both ingest stores (sqlite-ingest-store.server.ts, postgres-ingest-store.server.ts)
// add to the outbox rows they insert, so the two databases hold the same rows.

type Value = string | number | boolean | Date | null | undefined;

/** The columns a new outbox row gets besides its own: a time-ordered id, no attempts, created and updated `now`. */
export function stampOutboxRows(rows: Record<string, Value>[], now: Date): Record<string, Value>[] {
  return rows.map((row) => ({ id: newRowId(), attempts: 0, createdAt: now, updatedAt: now, ...row }));
}

/** A row that exists (same destination, event name and event id) is skipped, never overwritten. */
export const SKIP_EXISTING_OUTBOX_ROW = `ON CONFLICT ("destinationId", "eventName", "eventId") DO NOTHING`;

/**
 * A webhook id that has its receipt already (the same delivery again) is skipped, not
 * refused: the writer reads how many rows it inserted. A refused statement would end in
 * an error, and on PostgreSQL the pool discards the connection a failed query ran on.
 */
export const SKIP_EXISTING_RECEIPT = `ON CONFLICT ("webhookId") DO NOTHING`;

/** What a write of a webhook's receipt answers: its result, or that the webhook was recorded before (nothing written). */
export type Recorded<T> = { recorded: true; result: T } | { recorded: false };

export const NOT_RECORDED = { recorded: false } as const;
