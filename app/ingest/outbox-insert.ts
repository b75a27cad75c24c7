import { newRowId } from "../db/row-id";

// What both ingest stores (sqlite-ingest-store.server.ts, postgres-ingest-store.server.ts)
// add to the outbox rows they insert, so the two databases hold the same rows.

type Value = string | number | boolean | Date | null | undefined;

/** The columns a new outbox row gets besides its own: a time-ordered id, no attempts, created and updated `now`. */
export function stampOutboxRows(rows: Record<string, Value>[], now: Date): Record<string, Value>[] {
  return rows.map((row) => ({ id: newRowId(), attempts: 0, createdAt: now, updatedAt: now, ...row }));
}

/** What a write of a webhook's receipt answers: its result, or that the webhook was recorded before (nothing written). */
export type Recorded<T> = { recorded: true; result: T } | { recorded: false };

export const NOT_RECORDED = { recorded: false } as const;
