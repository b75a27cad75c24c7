import { z } from "zod";

// The pixel's stats edge (GET /{pixel}/stats?aggregation=event), read leniently: one
// entry per hour (`start_time`, Unix seconds or ISO 8601 with Graph's "+0000"), each with
// a count per event name (`value`; `event` where a Graph version writes it there).
// Counts may come as strings; a malformed hour or count is dropped, not the whole read.

const count = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);
const stat = z.object({ value: z.string().min(1).max(200).optional(), event: z.string().min(1).max(200).optional(), count });
const hour = z.object({ start_time: z.union([z.string(), z.number()]), aggregation: z.string().optional(), data: z.array(z.unknown()) });
const answer = z.object({
  data: z.array(z.unknown()),
  paging: z
    .object({ next: z.string().optional(), cursors: z.object({ after: z.string().optional() }).partial().optional() })
    .partial()
    .optional()
    .catch(undefined),
});

export type HourCount = { hour: string; eventName: string; count: number };
export type StatsPage = { counts: HourCount[]; after: string | null };

/** "2026-12-01T09:00:00+0000" or Unix seconds -> the hour's ISO start; null when unreadable. */
export function toHour(value: string | number): string | null {
  const ms =
    typeof value === "number"
      ? value * 1000
      : /^\d+$/.test(value)
        ? Number(value) * 1000
        : Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
  if (!Number.isFinite(ms)) return null;
  return new Date(Math.floor(ms / 3_600_000) * 3_600_000).toISOString();
}

/** One page of the answer; null when it is not the edge's shape at all. */
export function toStatsPage(body: unknown): StatsPage | null {
  const parsed = answer.safeParse(body);
  if (!parsed.success) return null;
  const counts: HourCount[] = [];
  for (const item of parsed.data.data) {
    const h = hour.safeParse(item);
    if (!h.success || (h.data.aggregation && h.data.aggregation !== "event")) continue;
    const at = toHour(h.data.start_time);
    if (!at) continue;
    for (const raw of h.data.data) {
      const s = stat.safeParse(raw);
      const name = s.success ? (s.data.value ?? s.data.event) : undefined;
      if (s.success && name) counts.push({ hour: at, eventName: name, count: s.data.count });
    }
  }
  const paging = parsed.data.paging;
  return { counts, after: paging?.next ? (paging.cursors?.after ?? null) : null };
}

/** Per (hour, event name), summed: Graph may split an hour across pages. */
export function sumByHour(counts: HourCount[]): HourCount[] {
  const sums = new Map<string, HourCount>();
  for (const c of counts) {
    const key = `${c.hour} ${c.eventName}`;
    const seen = sums.get(key);
    if (seen) seen.count += c.count;
    else sums.set(key, { ...c });
  }
  return [...sums.values()];
}
