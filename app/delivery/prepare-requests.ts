import { MAX_EVENTS_PER_REQUEST, maxEventAgeSeconds, validateServerEvent, withoutUnsendableKeys } from "../capi";
import { oldestSendableEventTime } from "../outbox/expiry";

// Pure steps between a claim and the HTTP requests: what may not be sent at all
// (too old, or invalid by our own validator), and how the rest is cut into requests.

export const MAX_BATCH_SIZE = MAX_EVENTS_PER_REQUEST;
export const DEFAULT_BATCH_SIZE = 500;

export type OutboxRow = { id: string; payload: string; eventTime: number };

export type Prepared<T extends OutboxRow> = {
  expired: Array<{ row: T; reason: string }>;
  invalid: Array<{ row: T; reason: string }>;
  sendable: Array<{ row: T; event: Record<string, unknown> }>;
};

export function prepareRows<T extends OutboxRow>(rows: readonly T[], now: Date): Prepared<T> {
  const prepared: Prepared<T> = { expired: [], invalid: [], sendable: [] };
  for (const row of rows) {
    let event: unknown;
    try {
      event = JSON.parse(row.payload);
    } catch {
      prepared.invalid.push({ row, reason: "Stored payload is not valid JSON; not sent." });
      continue;
    }
    const parsed = typeof event === "object" && event !== null && !Array.isArray(event) ? (event as Record<string, unknown>) : null;
    // A browser value Meta would refuse costs that value, not the event (browser-values.ts).
    const record = parsed && withoutUnsendableKeys(parsed, now).event;
    if (record) event = record;
    const oldest = oldestSendableEventTime(record?.action_source, now);
    if (row.eventTime < oldest) {
      const days = maxEventAgeSeconds(record?.action_source) / 86_400;
      prepared.expired.push({
        row,
        // Words for the merchant; the exact times are on the event's page.
        reason: `Never sent: Meta accepts events up to ${days} days old, and this one could not be sent in time.`,
      });
      continue;
    }
    const problems = validateServerEvent(event, now);
    if (problems.length > 0 || !record) {
      const text = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; ");
      prepared.invalid.push({ row, reason: truncate(`Rejected by Tandem's validator before sending: ${text}`) });
      continue;
    }
    prepared.sendable.push({ row, event: record });
  }
  return prepared;
}

/** Consecutive slices of at most `size`; clamps size to Meta's 1..1,000. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const n = Math.min(MAX_BATCH_SIZE, Math.max(1, Math.floor(size)));
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += n) chunks.push(items.slice(i, i + n));
  return chunks;
}

export function truncate(text: string, max = 1_000): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
