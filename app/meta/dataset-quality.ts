import { z } from "zod";

// Meta's Dataset Quality API answer, read leniently. Meta adds, renames and leaves out
// fields (its own page spells the dedup field two ways), so every metric is optional, a
// malformed metric is dropped rather than failing the read, unknown fields are ignored,
// and what Meta did not report becomes null: the admin says "not reported by Meta".

/** Numbers may come as strings ("59.5"). Anything else is not a number. */
const number = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .refine(Number.isFinite);
const text = z.string().trim().min(1).max(2000);
const opt = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** An array whose malformed items are dropped one by one; not an array = not reported. */
function lenientArray<T extends z.ZodType>(item: T) {
  return z
    .array(z.unknown())
    .transform((items) =>
      items.flatMap((value) => {
        const parsed = item.safeParse(value);
        return parsed.success ? [parsed.data as z.output<T>] : [];
      }),
    )
    .optional()
    .catch(undefined);
}

const percentage = z.object({ percentage: opt(number), description: opt(text) });

const matchKey = z
  .object({
    identifier: text.optional(),
    key: text.optional(),
    coverage: opt(percentage),
    potential_aly_acr_increase: opt(percentage),
  })
  .refine((k) => k.identifier ?? k.key);

const diagnostic = z.object({
  name: text,
  description: opt(text),
  solution: opt(text),
  percentage: opt(number),
  affected_event_count: opt(number),
  total_event_count: opt(number),
});

const dedupKey = z
  .object({
    dedupe_key: text.optional(),
    dedup_key: text.optional(),
    browser_events_with_dedupe_key: opt(percentage),
    server_events_with_dedupe_key: opt(percentage),
    overall_browser_coverage_from_dedupe_key: opt(percentage),
  })
  .refine((k) => k.dedupe_key ?? k.dedup_key);

const webRow = z.object({
  event_name: text.max(100),
  event_match_quality: opt(
    z.object({
      composite_score: opt(number),
      match_key_feedback: lenientArray(matchKey),
      diagnostics: lenientArray(diagnostic),
    }),
  ),
  event_potential_aly_acr_increase: opt(percentage),
  acr: opt(percentage),
  event_coverage: opt(
    z.object({
      percentage: opt(number),
      goal_percentage: opt(number),
      description: opt(text),
      potential_aly_acr_increase: opt(percentage),
    }),
  ),
  dedupe_key_feedback: lenientArray(dedupKey),
  dedup_key_feedback: lenientArray(dedupKey),
  data_freshness: opt(z.object({ upload_frequency: opt(text.max(50)), description: opt(text) })),
});

export const datasetQualityAnswerSchema = z.object({ web: lenientArray(webRow) });

export type Percent = { percentage: number | null; description: string | null };
export type QualityEvent = {
  eventName: string;
  /** 0-10; null: not reported by Meta. */
  emq: number | null;
  matchKeys: Array<{ identifier: string; coverage: number | null; potentialIncrease: Percent | null }> | null;
  diagnostics: Array<{
    name: string;
    description: string | null;
    solution: string | null;
    percentage: number | null;
    affected: number | null;
    total: number | null;
  }> | null;
  eventCoverage: { percentage: number | null; goal: number | null; description: string | null; potentialIncrease: Percent | null } | null;
  dedupKeys: Array<{ key: string; browser: number | null; server: number | null; overallBrowserCoverage: number | null }> | null;
  freshness: { uploadFrequency: string | null; description: string | null } | null;
  acr: Percent | null;
  potentialIncrease: Percent | null;
};

const pct = (p: { percentage?: number; description?: string } | undefined): Percent | null =>
  p && (p.percentage !== undefined || p.description !== undefined)
    ? { percentage: p.percentage ?? null, description: p.description ?? null }
    : null;
const clamp = (n: number | undefined, max: number) => (n === undefined ? null : Math.min(max, Math.max(0, n)));

/** Meta's answer body -> one QualityEvent per event name (the first row wins on a repeat). */
export function toQualityEvents(body: unknown): QualityEvent[] {
  const parsed = datasetQualityAnswerSchema.safeParse(body);
  const rows = parsed.success ? (parsed.data.web ?? []) : [];
  const seen = new Set<string>();
  return rows.flatMap((row) => {
    if (seen.has(row.event_name)) return [];
    seen.add(row.event_name);
    const emq = row.event_match_quality;
    const dedup = row.dedupe_key_feedback ?? row.dedup_key_feedback;
    return [
      {
        eventName: row.event_name,
        emq: clamp(emq?.composite_score, 10),
        matchKeys:
          emq?.match_key_feedback?.map((k) => ({
            identifier: (k.identifier ?? k.key)!,
            coverage: clamp(k.coverage?.percentage, 100),
            potentialIncrease: pct(k.potential_aly_acr_increase),
          })) ?? null,
        diagnostics:
          emq?.diagnostics?.map((d) => ({
            name: d.name,
            description: d.description ?? null,
            solution: d.solution ?? null,
            percentage: clamp(d.percentage, 100),
            affected: d.affected_event_count ?? null,
            total: d.total_event_count ?? null,
          })) ?? null,
        eventCoverage: row.event_coverage
          ? {
              percentage: clamp(row.event_coverage.percentage, 100),
              goal: row.event_coverage.goal_percentage ?? null,
              description: row.event_coverage.description ?? null,
              potentialIncrease: pct(row.event_coverage.potential_aly_acr_increase),
            }
          : null,
        dedupKeys:
          dedup?.map((k) => ({
            key: (k.dedupe_key ?? k.dedup_key)!,
            browser: clamp(k.browser_events_with_dedupe_key?.percentage, 100),
            server: clamp(k.server_events_with_dedupe_key?.percentage, 100),
            overallBrowserCoverage: clamp(k.overall_browser_coverage_from_dedupe_key?.percentage, 100),
          })) ?? null,
        freshness: row.data_freshness
          ? { uploadFrequency: row.data_freshness.upload_frequency ?? null, description: row.data_freshness.description ?? null }
          : null,
        acr: pct(row.acr),
        potentialIncrease: pct(row.event_potential_aly_acr_increase),
      },
    ];
  });
}

type Selection = Array<string | [string, Selection]>;
const PERCENT: Selection = ["percentage", "description"];
const DEDUP_ITEM: Selection = [
  "dedupe_key",
  ["browser_events_with_dedupe_key", PERCENT],
  ["server_events_with_dedupe_key", PERCENT],
  ["overall_browser_coverage_from_dedupe_key", PERCENT],
];
const FIELDS: Selection = [
  "event_name",
  [
    "event_match_quality",
    [
      "composite_score",
      ["match_key_feedback", ["identifier", ["coverage", ["percentage"]], ["potential_aly_acr_increase", PERCENT]]],
      ["diagnostics", ["name", "description", "solution", "percentage", "affected_event_count", "total_event_count"]],
    ],
  ],
  ["event_potential_aly_acr_increase", PERCENT],
  ["acr", PERCENT],
  ["event_coverage", ["percentage", "goal_percentage", "description", ["potential_aly_acr_increase", PERCENT]]],
  ["DEDUP", DEDUP_ITEM],
  ["data_freshness", ["upload_frequency", "description"]],
];

function render(selection: Selection, omit: ReadonlySet<string>, dedup: string | null): string {
  return selection
    .flatMap((item) => {
      const [name, children] = typeof item === "string" ? [item, null] : item;
      const field = name === "DEDUP" ? dedup : name;
      if (!field || omit.has(field)) return [];
      return [children ? `${field}{${render(children, omit, dedup)}}` : field];
    })
    .join(",");
}

/**
 * The fields Tandem asks for: every metric Meta documents. `dedup` picks the spelling
 * (Meta's examples say dedupe_key_feedback, its table dedup_key_feedback; null: neither);
 * `omit` leaves out fields Meta refused as nonexisting, wherever they occur.
 */
export function qualityFields(dedup: "dedupe_key_feedback" | "dedup_key_feedback" | null, omit: readonly string[] = []): string {
  return `web{${render(FIELDS, new Set(omit), dedup)}}`;
}

const storedPercent = z.object({ percentage: z.number().nullable(), description: z.string().nullable() }).nullable().catch(null);
const nullableNumber = z.number().nullable().catch(null);
const nullableText = z.string().nullable().catch(null);
const storedSchema = z.object({
  eventName: z.string(),
  emq: nullableNumber,
  matchKeys: z
    .array(z.object({ identifier: z.string(), coverage: nullableNumber, potentialIncrease: storedPercent }))
    .nullable()
    .catch(null),
  diagnostics: z
    .array(
      z.object({
        name: z.string(),
        description: nullableText,
        solution: nullableText,
        percentage: nullableNumber,
        affected: nullableNumber,
        total: nullableNumber,
      }),
    )
    .nullable()
    .catch(null),
  eventCoverage: z
    .object({ percentage: nullableNumber, goal: nullableNumber, description: nullableText, potentialIncrease: storedPercent })
    .nullable()
    .catch(null),
  dedupKeys: z
    .array(z.object({ key: z.string(), browser: nullableNumber, server: nullableNumber, overallBrowserCoverage: nullableNumber }))
    .nullable()
    .catch(null),
  freshness: z.object({ uploadFrequency: nullableText, description: nullableText }).nullable().catch(null),
  acr: storedPercent,
  potentialIncrease: storedPercent,
});

/** A snapshot's stored metrics (JSON of a QualityEvent), read back; null when unreadable. */
export function storedQualityEvent(json: string): QualityEvent | null {
  try {
    const parsed = storedSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The field a "(#100) Tried accessing nonexisting field (x)" error names, if it is one. */
export function nonexistingField(message: string | undefined): string | null {
  return /nonexisting field \(([a-z_]+)\)/i.exec(message ?? "")?.[1] ?? null;
}
