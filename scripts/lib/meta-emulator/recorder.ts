import type { AcceptedEvent, AcceptedFilter, DuplicateKey, EmulatorStats, RecordedRequest } from "./types";

// What "Meta" saw. Duplicates are kept, never merged: Meta's server-vs-server
// deduplication is unconfirmed, so the tests must be able to see every double send.

export interface Recorder {
  recordRequest(request: RecordedRequest): void;
  recordAccepted(events: AcceptedEvent[]): void;
  accepted(filter?: AcceptedFilter): AcceptedEvent[];
  requests(): RecordedRequest[];
  stats(): EmulatorStats;
  clear(): void;
}

const field = (event: Record<string, unknown>, key: string): string | undefined =>
  typeof event[key] === "string" ? (event[key] as string) : undefined;

export function matchesFilter(entry: AcceptedEvent, filter: AcceptedFilter = {}): boolean {
  return (
    (filter.pixelId === undefined || entry.pixelId === filter.pixelId) &&
    (filter.eventName === undefined || field(entry.event, "event_name") === filter.eventName) &&
    (filter.eventId === undefined || field(entry.event, "event_id") === filter.eventId)
  );
}

export function createRecorder(): Recorder {
  let accepted: AcceptedEvent[] = [];
  let requests: RecordedRequest[] = [];

  const increment = (counts: Record<string, number>, key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };

  return {
    recordRequest(request) {
      requests.push(request);
    },
    recordAccepted(events) {
      accepted.push(...events);
    },
    accepted(filter) {
      return accepted.filter((entry) => matchesFilter(entry, filter));
    },
    requests() {
      return [...requests];
    },
    stats() {
      const byStatus: Record<string, number> = {};
      const byErrorCode: Record<string, number> = {};
      for (const request of requests) {
        increment(byStatus, String(request.status));
        if (request.errorCode !== undefined) increment(byErrorCode, String(request.errorCode));
      }
      const acceptedByEventName: Record<string, number> = {};
      const acceptedByPixel: Record<string, number> = {};
      const keys = new Map<string, DuplicateKey>();
      for (const entry of accepted) {
        const eventName = field(entry.event, "event_name") ?? "";
        increment(acceptedByEventName, eventName);
        increment(acceptedByPixel, entry.pixelId);
        const eventId = field(entry.event, "event_id");
        // Without an event_id Meta cannot deduplicate at all, so there is no "double".
        if (eventId === undefined) continue;
        const key = JSON.stringify([entry.pixelId, eventName, eventId]);
        const seen = keys.get(key);
        if (seen) seen.count += 1;
        else keys.set(key, { pixelId: entry.pixelId, eventName, eventId, count: 1 });
      }
      const duplicateKeys = [...keys.values()].filter((key) => key.count > 1);
      return {
        requests: requests.length,
        acceptedEvents: accepted.length,
        duplicates: duplicateKeys.reduce((sum, key) => sum + key.count - 1, 0),
        duplicateKeys,
        byStatus,
        byErrorCode,
        acceptedByEventName,
        acceptedByPixel,
      };
    },
    clear() {
      accepted = [];
      requests = [];
    },
  };
}
